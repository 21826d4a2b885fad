// Uploaded log files are streamed from the request body straight to a private temporary folder under their own
// (sanitised) names, so the import path can detect each file's format by name and content exactly as it does for
// the command line, and so no upload is ever held in memory. The limits are enforced while the body streams in:
// the first byte past them stops the read.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 100;
/** Room for the multipart framing (boundaries and part headers) of MAX_UPLOAD_FILES files around their bytes. */
export const MAX_UPLOAD_FRAMING_BYTES = 1024 * 1024;

/** An upload refused for its shape or size, with the HTTP status and the message the uploader sees. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    /** The errorCode recorded in the ImportEvents event. */
    readonly errorCode: string,
  ) {
    super(message);
  }
}

export const tooLarge = () =>
  new UploadRefused(
    413,
    `The files add up to more than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: import larger sets with npm run import.`,
    "EntityTooLarge",
  );
export const tooManyFiles = () => new UploadRefused(413, `At most ${MAX_UPLOAD_FILES} files at once.`, "TooManyFiles");

export interface SavedUpload {
  /** The name the uploader chose. */
  name: string;
  /** Where it was written. */
  path: string;
  bytes: number;
}

/** A file name without folders or characters that matter to a shell or a file system. */
export function safeFileName(name: string, index: number): string {
  const base = path
    .basename(name.replace(/\\/g, "/"))
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .replace(/^\.+/, "");
  return `${String(index).padStart(3, "0")}-${base || "upload"}`.slice(0, 200);
}

/** Runs body with a fresh private folder, and removes the folder whatever happens. */
export async function withUploadFolder<T>(body: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), "keytrail-upload-"));
  try {
    return await body(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Counts the bytes passing through and fails with `refusal` at the first byte past `max`. */
function byteLimit(max: number, refusal: () => Error, onBytes: (n: number) => void = () => {}): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      onBytes(chunk.length);
      if (seen > max) callback(refusal());
      else callback(null, chunk);
    },
  });
}

/**
 * Streams a multipart/form-data body's "files" parts into `folder`. Refuses (UploadRefused) a body that is not
 * multipart, more than MAX_UPLOAD_FILES files, or more than MAX_UPLOAD_BYTES of file content, as soon as the
 * limit is passed; the rest of the body is then not read. Empty parts (an empty file input) are left out.
 */
export async function saveMultipartUpload(
  body: WebReadableStream<Uint8Array>,
  contentType: string,
  folder: string,
): Promise<SavedUpload[]> {
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw new UploadRefused(
      415,
      "Send the files as multipart/form-data, in a field named files.",
      "UnsupportedMediaType",
    );
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: {
        files: MAX_UPLOAD_FILES,
        fileSize: MAX_UPLOAD_BYTES,
        fields: 20,
        fieldSize: 1024,
        parts: MAX_UPLOAD_FILES + 20,
      },
    });
  } catch {
    throw new UploadRefused(400, "The upload is not valid multipart/form-data.", "InvalidRequest");
  }
  const source = Readable.fromWeb(body);
  const saved: SavedUpload[] = [];
  const writes: Promise<void>[] = [];
  let fileBytes = 0;

  const outcome = new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      // Stop reading the request: nothing more of it is wanted.
      source.unpipe();
      source.destroy();
      parser.removeAllListeners("file");
      reject(
        error instanceof UploadRefused
          ? error
          : new UploadRefused(400, "The upload is not valid multipart/form-data.", "InvalidRequest"),
      );
    };
    parser.on("file", (field, stream, info) => {
      if (settled || field !== "files" || !info.filename) {
        stream.resume();
        return;
      }
      const upload: SavedUpload = {
        name: info.filename,
        path: path.join(folder, safeFileName(info.filename, saved.length)),
        bytes: 0,
      };
      saved.push(upload);
      stream.on("limit", () => fail(tooLarge()));
      const counted = byteLimit(Number.MAX_SAFE_INTEGER, tooLarge, (n) => {
        upload.bytes += n;
        fileBytes += n;
        if (fileBytes > MAX_UPLOAD_BYTES) fail(tooLarge());
      });
      writes.push(pipeline(stream, counted, createWriteStream(upload.path, { mode: 0o600 })).catch(fail));
    });
    parser.on("filesLimit", () => fail(tooManyFiles()));
    parser.on("partsLimit", () => fail(tooManyFiles()));
    parser.on("error", fail);
    parser.on("close", () => {
      void Promise.all(writes).then(() => {
        if (!settled) {
          settled = true;
          resolve();
        }
      }, fail);
    });
    // The whole body may carry the file bytes plus their framing, no more.
    pipeline(source, byteLimit(MAX_UPLOAD_BYTES + MAX_UPLOAD_FRAMING_BYTES, tooLarge), parser).catch(fail);
  });
  await outcome;
  const empty = saved.filter((upload) => upload.bytes === 0);
  await Promise.all(empty.map((upload) => unlink(upload.path).catch(() => {})));
  return saved.filter((upload) => upload.bytes > 0);
}
