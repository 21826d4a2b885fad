// POST /api/v1/imports after the caller was allowed: stream the multipart body to a private temporary folder
// (lib/import/save-uploads.ts), import the files through the same path as `npm run import`, record the outcome
// as an ImportEvents event (refused uploads too), remove the folder, and answer JSON.
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { ConsoleCaller } from "@/lib/api/route-door";
import { getDatabase } from "@/lib/db/client";
import { recordUserOperation } from "@/lib/events/record-user-operation";
import { importFiles } from "./import-files";
import {
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_FRAMING_BYTES,
  saveMultipartUpload,
  tooLarge,
  UploadRefused,
  withUploadFolder,
} from "./save-uploads";
import { summaryLines } from "./summary-line";

export interface ImportUploadAnswer {
  /** The command line's summary lines, naming the files as the uploader did. */
  lines: string[];
  /** Nothing was rejected. */
  ok: boolean;
  imported: number;
  duplicates: number;
  rejected: number;
}

const NAMES_RECORDED = 20;

export async function handleImportUpload(user: ConsoleCaller, request: Request): Promise<Response> {
  const refused = async (refusal: UploadRefused, files: string[] = []) => {
    await recordUserOperation(user, {
      eventName: "ImportEvents",
      readOnly: false,
      requestParameters: files.length ? { files: files.slice(0, NAMES_RECORDED) } : null,
      errorCode: refusal.errorCode,
      errorMessage: refusal.message,
    });
    return Response.json({ error: refusal.message }, { status: refusal.status });
  };
  // A declared length past the limit is refused before anything is read.
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES + MAX_UPLOAD_FRAMING_BYTES) return refused(tooLarge());
  if (!request.body)
    return refused(new UploadRefused(400, "Choose one or more log files to import.", "InvalidRequest"));

  try {
    return await withUploadFolder(async (folder) => {
      const files = await saveMultipartUpload(
        request.body as WebReadableStream<Uint8Array>,
        request.headers.get("content-type") ?? "",
        folder,
      );
      if (files.length === 0)
        return refused(new UploadRefused(400, "Choose one or more log files to import.", "InvalidRequest"));
      const summary = await importFiles(getDatabase(), [folder]);
      // Reasons name the temporary copies: show the names the administrator chose.
      const lines = summaryLines(summary).map((line) =>
        files.reduce((text, f) => text.replaceAll(f.path, f.name), line),
      );
      await recordUserOperation(user, {
        eventName: "ImportEvents",
        readOnly: false,
        requestParameters: {
          files: files.map((f) => f.name).slice(0, NAMES_RECORDED),
          imported: summary.imported,
          duplicates: summary.duplicates,
          rejected: summary.rejected,
        },
      });
      const answer: ImportUploadAnswer = {
        lines,
        ok: summary.rejected === 0,
        imported: summary.imported,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
      };
      return Response.json(answer);
    });
  } catch (error) {
    if (error instanceof UploadRefused) return refused(error);
    throw error;
  }
}
