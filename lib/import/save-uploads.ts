// Uploaded log files are written to a private temporary folder under their own (sanitised) names, so the import
// path can detect each file's format by name and content exactly as it does for the command line.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 100;

/** A file name without folders or characters that matter to a shell or a file system. */
export function safeFileName(name: string, index: number): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "");
  return `${String(index).padStart(3, "0")}-${base || "upload"}`.slice(0, 200);
}

export async function withSavedUploads<T>(files: File[], body: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), "keytrail-upload-"));
  try {
    for (const [index, file] of files.entries()) {
      const target = path.join(folder, safeFileName(file.name, index));
      await pipeline(Readable.fromWeb(file.stream() as WebReadableStream<Uint8Array>), createWriteStream(target, { mode: 0o600 }));
    }
    return await body(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
