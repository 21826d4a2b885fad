// The import command's input side: expand files and folders (S3 delivery trees included) into the files to read,
// then STREAM each one (gunzip on the fly; JSON Lines line by line; JSON documents record by record) so a 1 GB
// file never sits in memory. Every record comes with its exact source text; unreadable records become errors.
import { createReadStream } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { detectLayout, type RecordContainer } from "@/lib/domain/normalise/detect";
import { JsonRecordScanner, JsonStructureError } from "./json-record-scanner";

export const SOURCE_EXTENSIONS = [".json", ".json.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz"];

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface SourceFileList {
  files: string[];
  skipped: SkippedFile[];
  /** Arguments that do not exist. */
  missing: string[];
}

export type SourceItem =
  | {
      kind: "record";
      file: string;
      index: number;
      label: string;
      container: RecordContainer;
      record: unknown;
      raw: string;
    }
  /** index 0 / label "file" for a problem with the whole file. */
  | { kind: "error"; file: string; index: number; label: string; reason: string };

const SUPPORTED = /\.(json|jsonl|ndjson)(\.gz)?$/i;
// CloudTrail's S3 tree also holds hourly digest files (integrity hashes, not events) next to the logs.
const DIGEST = /_CloudTrail-Digest_|(^|[/\\])CloudTrail-Digest([/\\]|$)/;

/** The files to read, in a stable order, and what was skipped and why. */
export async function listSourceFiles(paths: string[]): Promise<SourceFileList> {
  const result: SourceFileList = { files: [], skipped: [], missing: [] };
  const seen = new Set<string>();
  const visit = async (target: string, named: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(target);
    } catch {
      if (named) result.missing.push(target);
      else result.skipped.push({ path: target, reason: "cannot be read (broken link?)" });
      return;
    }
    const real = await realpath(target);
    if (seen.has(real)) return; // named twice, or a link loop
    seen.add(real);
    if (info.isDirectory()) {
      const entries = (await readdir(target)).sort();
      for (const entry of entries) await visit(path.join(target, entry), false);
    } else if (!info.isFile()) result.skipped.push({ path: target, reason: "not a regular file" });
    else if (DIGEST.test(target))
      result.skipped.push({ path: target, reason: "CloudTrail digest file (integrity data, not events)" });
    else if (!SUPPORTED.test(target))
      result.skipped.push({ path: target, reason: `not one of ${SOURCE_EXTENSIONS.join(", ")}` });
    else result.files.push(target);
  };
  for (const p of paths) await visit(p, true);
  return result;
}

/** The file's text, decompressed when it ends in .gz, in chunks. */
function textOf(file: string): AsyncGenerator<string> {
  // Large chunks: each one costs a pass through the stream machinery and the scanner, whatever its size.
  return decodedText(createReadStream(file, { highWaterMark: 1024 * 1024 }), /\.gz$/i.test(file));
}

/** A stream's text, gunzipped first when `gzipped`, in chunks. */
async function* decodedText(source: Readable, gzipped: boolean): AsyncGenerator<string> {
  let input: Readable = source;
  if (gzipped) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    source.on("error", (error) => gunzip.destroy(error));
    input = source.pipe(gunzip);
  }
  const decoder = new StringDecoder("utf8");
  let first = true;
  try {
    for await (const chunk of input) {
      let text = decoder.write(chunk as Buffer);
      if (first && text) {
        text = text.replace(/^\uFEFF/, "");
        first = false;
      }
      if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    source.destroy();
    input.destroy();
  }
}

const HEAD_CHARS = 64 * 1024;

/** The first HEAD_CHARS characters, and the whole text again (the head replayed, then the rest). */
async function peek(chunks: AsyncGenerator<string>): Promise<{ head: string; text: AsyncGenerator<string> }> {
  const buffered: string[] = [];
  let size = 0;
  let done = false;
  while (size < HEAD_CHARS) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    size += next.value.length;
  }
  async function* replay(): AsyncGenerator<string> {
    try {
      yield* buffered;
      if (!done) yield* chunks;
    } finally {
      await chunks.return(undefined);
    }
  }
  return { head: buffered.join("").slice(0, HEAD_CHARS), text: replay() };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The records of one file, in order, each with its exact text; problems come as error items. */
export function readSourceFile(file: string): AsyncGenerator<SourceItem> {
  return readSourceText(file, textOf(file));
}

/** The records of bytes read from elsewhere (a bucket's object) named `name`, as readSourceFile reads a file;
 *  gunzipped when they start with gzip's magic bytes, whatever the name says. */
export function readSourceBytes(name: string, bytes: Uint8Array): AsyncGenerator<SourceItem> {
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const source = decodedText(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), gzipped);
  return readSourceText(name, source);
}

/** `file` names the items and decides JSON Lines by its extension. */
async function* readSourceText(file: string, source: AsyncGenerator<string>): AsyncGenerator<SourceItem> {
  const fileError = (reason: string): SourceItem => ({ kind: "error", file, index: 0, label: "file", reason });
  let text: AsyncGenerator<string> | null = null;
  let index = 0;
  let last = "";
  try {
    const peeked = await peek(source);
    text = peeked.text;
    const layout = detectLayout(file, peeked.head);
    if (!layout.ok) {
      yield fileError(layout.reason);
      return;
    }
    if (layout.layout === "jsonl") {
      const lines = createInterface({ input: Readable.from(text), crlfDelay: Infinity });
      for await (const line of lines) {
        index++;
        last = `line ${index}`;
        if (line.trim() === "") continue;
        yield parsed(file, index, last, "jsonl", line);
      }
      return;
    }
    const scanner = new JsonRecordScanner();
    for await (const chunk of text) {
      for (const found of scanner.push(chunk)) {
        index++;
        last = `record ${index}`;
        if ("error" in found) yield { kind: "error", file, index, label: last, reason: found.error };
        else yield parsed(file, index, last, found.container, found.text);
      }
    }
    scanner.end();
  } catch (error) {
    // Unreadable, bad gzip, or broken JSON structure: what was read so far stands; the rest is one rejection.
    const problem = error instanceof JsonStructureError ? message(error) : `cannot read: ${message(error)}`;
    yield fileError(last ? `after ${last}: ${problem}` : problem);
  } finally {
    await text?.return(undefined);
    await source.return(undefined); // closes the file even when the replay never started
  }
}

function parsed(file: string, index: number, itemLabel: string, container: RecordContainer, raw: string): SourceItem {
  try {
    return { kind: "record", file, index, label: itemLabel, container, record: JSON.parse(raw), raw };
  } catch (error) {
    return { kind: "error", file, index, label: itemLabel, reason: `invalid JSON (${message(error)})` };
  }
}
