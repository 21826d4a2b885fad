"use server";
// Administrators upload cloud log files in the console: the same import path as `npm run import`, the same
// summary, recorded as an ImportEvents event.
import { canOpen } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { recordUserOperation } from "@/lib/events/record-user-operation";
import { importFiles } from "@/lib/import/import-files";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, withSavedUploads } from "@/lib/import/save-uploads";
import { summaryLines } from "@/lib/import/summary-line";

export interface ImportState {
  lines: string[];
  error: string | null;
  ok: boolean;
}

export async function importLogFilesAction(_previous: ImportState, formData: FormData): Promise<ImportState> {
  const user = await currentUser();
  if (!user || !canOpen(user.role, "importLogs")) return { lines: [], error: "Only administrators may import log files.", ok: false };
  const files = formData.getAll("files").filter((f): f is File => f instanceof File && f.size > 0);
  if (files.length === 0) return { lines: [], error: "Choose one or more log files to import.", ok: false };
  if (files.length > MAX_UPLOAD_FILES) return { lines: [], error: `At most ${MAX_UPLOAD_FILES} files at once.`, ok: false };
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_UPLOAD_BYTES) {
    return { lines: [], error: `The files add up to more than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: import larger sets with npm run import.`, ok: false };
  }
  const database = getDatabase();
  const summary = await withSavedUploads(files, (folder) => importFiles(database, [folder]));
  // Reasons name the temporary copies: show the names the administrator chose.
  const lines = summaryLines(summary).map((line) => line.replace(/\/tmp\/keytrail-upload-[^/]+\/\d{3}-/g, ""));
  await recordUserOperation(user, {
    eventName: "ImportEvents",
    readOnly: false,
    requestParameters: {
      files: files.map((f) => f.name).slice(0, 20),
      imported: summary.imported,
      duplicates: summary.duplicates,
      rejected: summary.rejected,
    },
  });
  return { lines, error: null, ok: summary.rejected === 0 };
}
