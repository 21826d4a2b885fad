// Split a streamed JSON document into its records, each as its EXACT source text (the event's `raw` must be
// verbatim, and token-level parsers such as stream-json do not report source offsets). Tracks only strings and
// brackets; each record's text is then checked by JSON.parse, so corruption inside a record only costs that record.
// Records are: the elements of a top-level array, of `Records` in a CloudTrail file, of `Response.Events` in a
// CloudAudit response; otherwise each top-level object (one file may hold several concatenated values).
import type { RecordContainer } from "@/lib/domain/normalise/detect";

export type ScannedRecord =
  { container: RecordContainer; text: string } | { container: RecordContainer; error: string };

/** A record larger than this is refused rather than held in memory. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

const QUOTE = 34,
  BACKSLASH = 92,
  OPEN_OBJECT = 123,
  CLOSE_OBJECT = 125,
  OPEN_ARRAY = 91,
  CLOSE_ARRAY = 93;
const COMMA = 44,
  COLON = 58,
  SPACE = 32,
  TAB = 9,
  LF = 10,
  CR = 13;
const STRING_SPECIAL = /["\\]/g;

interface Frame {
  open: number;
  /** Elements of this array are records of this container. */
  records: RecordContainer | null;
  /** "top": the file's top-level object; "response": a CloudAudit `Response` object. */
  role: "top" | "response" | null;
  expectKey: boolean;
  key: string | null;
}

interface Capture {
  depth: number;
  container: RecordContainer;
  pieces: string[];
  start: number;
  size: number;
}

export class JsonStructureError extends Error {}

export class JsonRecordScanner {
  private stack: Frame[] = [];
  private inString = false;
  private escape = false;
  private inPrimitive = false;
  private keyPieces: string[] | null = null;
  private keyStart = 0;
  private capture: Capture | null = null;
  private offset = 0;

  /** Feed the next chunk of text; returns the records completed in it. Throws JsonStructureError. */
  push(chunk: string): ScannedRecord[] {
    const out: ScannedRecord[] = [];
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          i++;
          continue;
        }
        STRING_SPECIAL.lastIndex = i;
        const m = STRING_SPECIAL.exec(chunk);
        if (!m) break; // the string continues in the next chunk
        i = m.index;
        if (chunk.charCodeAt(i) === BACKSLASH) {
          this.escape = true;
          i++;
          continue;
        }
        this.inString = false;
        if (this.keyPieces) {
          const frame = this.stack[this.stack.length - 1];
          frame.key = this.keyPieces.join("") + chunk.slice(this.keyStart, i);
          this.keyPieces = null;
        }
        i++;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === SPACE || c === LF || c === CR || c === TAB || c === COMMA || c === COLON) {
        this.inPrimitive = false;
        if (c === COMMA) {
          const frame = this.stack[this.stack.length - 1];
          if (frame?.open === OPEN_OBJECT) frame.expectKey = true;
        }
      } else if (c === QUOTE) {
        const frame = this.stack[this.stack.length - 1];
        if (frame?.open === OPEN_OBJECT && frame.expectKey) {
          frame.expectKey = false;
          frame.key = null;
          // Only keys near the top decide anything; deeper keys are skipped like any string.
          if (this.stack.length <= 2) {
            this.keyPieces = [];
            this.keyStart = i + 1;
          }
        } else this.valueStart(c, i, out);
        this.inString = true;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        const frame = this.valueStart(c, i, out);
        this.stack.push(frame);
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        this.inPrimitive = false;
        const frame = this.stack.pop();
        if (!frame || frame.open !== (c === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY))
          throw new JsonStructureError(
            `invalid JSON: unexpected "${String.fromCharCode(c)}" at character ${this.offset + i + 1}`,
          );
        const cap = this.capture;
        if (cap && this.stack.length < cap.depth) {
          this.capture = null;
          out.push(this.finish(cap, chunk.slice(cap.start, i + 1)));
        }
      } else if (!this.inPrimitive) {
        this.inPrimitive = true;
        this.valueStart(c, i, out);
      }
      i++;
    }
    if (this.inString && this.keyPieces) {
      this.keyPieces.push(chunk.slice(this.keyStart));
      this.keyStart = 0;
      if (this.keyPieces.reduce((sum, p) => sum + p.length, 0) > 1024) {
        this.keyPieces = null; // not a key we need
        this.stack[this.stack.length - 1].key = null;
      }
    }
    const cap = this.capture;
    if (cap) {
      this.keep(cap, chunk.slice(cap.start));
      cap.start = 0;
    }
    this.offset += n;
    return out;
  }

  /** The input has ended: throws when it stopped inside a value. */
  end(): void {
    if (this.inString || this.stack.length > 0)
      throw new JsonStructureError("invalid JSON: the file ends in the middle of a value (truncated?)");
  }

  /** A value starts at `i`; returns the frame it opens (used only for objects and arrays). */
  private valueStart(c: number, i: number, out: ScannedRecord[]): Frame {
    const parent = this.stack[this.stack.length - 1];
    const container = c === OPEN_OBJECT || c === OPEN_ARRAY;
    const frame: Frame = { open: c, records: null, role: null, expectKey: c === OPEN_OBJECT, key: null };
    if (!parent) {
      if (c === OPEN_ARRAY) frame.records = "array";
      else if (c === OPEN_OBJECT) {
        frame.role = "top";
        this.startCapture("document", i);
      } else
        throw new JsonStructureError(
          `not JSON: unexpected "${String.fromCharCode(c)}" at character ${this.offset + i + 1}`,
        );
    } else if (parent.records) {
      if (container) this.startCapture(parent.records, i);
      else out.push({ container: parent.records, error: "not a JSON object" });
    } else if (parent.role === "top" && this.stack.length === 1 && parent.key === "Records" && c === OPEN_ARRAY) {
      this.capture = null; // a CloudTrail file: its records, not the whole object
      frame.records = "records";
    } else if (parent.role === "top" && this.stack.length === 1 && parent.key === "Response" && c === OPEN_OBJECT) {
      this.capture = null;
      frame.role = "response";
    } else if (parent.role === "response" && parent.key === "Events" && c === OPEN_ARRAY) {
      frame.records = "cloudaudit-events";
    }
    return frame;
  }

  private startCapture(container: RecordContainer, i: number): void {
    this.capture = { depth: this.stack.length + 1, container, pieces: [], start: i, size: 0 };
  }

  private keep(cap: Capture, piece: string): void {
    cap.size += piece.length;
    if (cap.size <= MAX_RECORD_CHARS) cap.pieces.push(piece);
    else cap.pieces = [];
  }

  private finish(cap: Capture, last: string): ScannedRecord {
    this.keep(cap, last);
    if (cap.size > MAX_RECORD_CHARS)
      return { container: cap.container, error: `record larger than ${MAX_RECORD_CHARS / 1024 / 1024} MiB` };
    return { container: cap.container, text: cap.pieces.join("") };
  }
}
