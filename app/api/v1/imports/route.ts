// Upload cloud log files (administrators): the session and role are checked before the body is read, and the
// multipart body is streamed to disk within the limits (100 files, 200 MB). Answers the import summary as JSON.
import { importUploadAccess } from "@/lib/import/upload-access";
import { handleImportUpload } from "@/lib/import/upload-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const access = await importUploadAccess(request);
  if (!access.ok) return access.response;
  return handleImportUpload(access.user, request);
}
