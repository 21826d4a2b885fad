// Property-based tests (fast-check) for the importer's record splitter (issue 7): JsonRecordScanner cuts a streamed
// JSON document into its records, each with its exact source text, before any normaliser sees them. A record lost
// or merged here is lost silently, so: whatever the layout (top-level array, CloudTrail {"Records":[...]}, CloudAudit
// {"Response":{"Events":[...]}}, concatenated objects), the indentation, the strings inside (quotes, backslashes,
// brackets, unicode) and the chunk boundaries, every element comes out exactly once, in order, as a record whose
// text is its verbatim source or as an error naming why; and any other input fails only with JsonStructureError.
// The seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordContainer } from "@/lib/domain/normalise/detect";
import { JsonRecordScanner, JsonStructureError, type ScannedRecord } from "./json-record-scanner";

const RUNS = { numRuns: Number(process.env.FC_RUNS) || 300, seed: Number(process.env.FC_SEED) || 7007 };
/** Any UTF-16 text, lone surrogates and control characters included (cheaper to set up than unit "binary"). */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = (maxLength: number) => fc.string({ unit: utf16Unit, maxLength });

/** Feed `text` in chunks cut at `cuts` (sorted positions), then end: everything the scanner found. */
function scan(text: string, cuts: number[]): ScannedRecord[] {
  const scanner = new JsonRecordScanner();
  const out: ScannedRecord[] = [];
  let from = 0;
  for (const cut of [...cuts.map((c) => c % (text.length + 1)).sort((a, b) => a - b), text.length]) {
    out.push(...scanner.push(text.slice(from, cut)));
    from = Math.max(from, cut);
  }
  scanner.end();
  return out;
}

// Strings the scanner must step over without being fooled: quotes, escapes, brackets, keys it looks for.
const trickyString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom(
    '"',
    "\\",
    "\\\\",
    '\\"',
    "]",
    "}",
    "[{",
    '{"Records":[',
    "Records",
    "Events",
    "Response",
    "\u2028",
    "\u0000",
    "é",
    "🔑",
  ),
);
const jsonLeaf = fc.oneof(
  trickyString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const { element } = fc.letrec((tie) => ({
  element: fc.oneof({ depthSize: "small", withCrossShrink: true }, jsonLeaf, tie("array"), tie("object")),
  array: fc.array(tie("element"), { maxLength: 3 }),
  object: fc.dictionary(trickyString, tie("element"), { maxKeys: 4 }),
}));
/** A record as producers write them: an object (what the normalisers read). */
const recordObject = fc.dictionary(trickyString, element, { maxKeys: 5 });
/** Any array element: objects and arrays are captured as records, anything else is an error item. */
const anyElement = fc.oneof({ weight: 4, arbitrary: recordObject }, { weight: 1, arbitrary: element });

const indent = fc.constantFrom<number | string | undefined>(undefined, 0, 1, 2, 4, "\t");
const cuts = fc.array(fc.nat(), { maxLength: 12 });

type Layout = "array" | "records" | "cloudaudit-events";
const layouts = fc.constantFrom<Layout>("array", "records", "cloudaudit-events");

/** A file holding `elements` in one of the layouts, with another field around them as real files have. */
function fileText(layout: Layout, elements: unknown[], space: number | string | undefined): string {
  if (layout === "array") return JSON.stringify(elements, null, space);
  if (layout === "records")
    return JSON.stringify({ Other: { Records: [1] }, Records: elements, Tail: "]}" }, null, space);
  return JSON.stringify({ Response: { RequestId: "r-1", Events: elements, ListOver: true, Records: [] } }, null, space);
}

/** What the scanner must give for one element: its text as a record, or an error for a non-container value. */
function expectedItem(
  container: RecordContainer,
  value: unknown,
): { container: RecordContainer; parsed?: unknown; error?: string } {
  return typeof value === "object" && value !== null
    ? { container, parsed: value }
    : { container, error: "not a JSON object" };
}

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe("JsonRecordScanner (properties)", () => {
  it("gives every element of an array / Records / Events file exactly once, in order, whatever the chunking", () => {
    fc.assert(
      fc.property(layouts, fc.array(anyElement, { maxLength: 8 }), indent, cuts, (layout, elements, space, at) => {
        const text = fileText(layout, elements, space);
        const found = scan(text, at);
        expect(
          found.map((f) => ("text" in f ? { container: f.container, parsed: JSON.parse(f.text) as unknown } : f)),
        ).toEqual(elements.map((e) => expectedItem(layout, roundTrip(e))));
        for (const f of found) if ("text" in f) expect(text.includes(f.text)).toBe(true); // verbatim source text
        if (space === undefined) {
          const containers = elements.filter((e) => typeof e === "object" && e !== null);
          expect(found.flatMap((f) => ("text" in f ? [f.text] : []))).toEqual(containers.map((e) => JSON.stringify(e)));
        }
      }),
      RUNS,
    );
  });

  it("gives each of several concatenated top-level objects as one document record", () => {
    fc.assert(
      fc.property(
        fc.array(recordObject, { minLength: 1, maxLength: 5 }),
        fc.constantFrom("", "\n", " \r\n\t"),
        cuts,
        (objects, gap, at) => {
          // A top-level object with a Records or Response key is a wrapper, not a record: leave those out here.
          const plain = objects.filter((o) => !("Records" in o) && !("Response" in o));
          const text = plain.map((o) => JSON.stringify(o)).join(gap);
          expect(scan(text, at)).toEqual(plain.map((o) => ({ container: "document", text: JSON.stringify(o) })));
        },
      ),
      RUNS,
    );
  });

  it("on a file cut short, keeps the records completed before the cut and then fails only with JsonStructureError", () => {
    fc.assert(
      fc.property(
        layouts,
        fc.array(recordObject, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        cuts,
        (layout, elements, cutAt, at) => {
          const whole = fileText(layout, elements, undefined);
          const text = whole.slice(0, cutAt % whole.length);
          const scanner = new JsonRecordScanner();
          const found: ScannedRecord[] = [];
          let from = 0;
          try {
            for (const cut of [...at.map((c) => c % (text.length + 1)).sort((a, b) => a - b), text.length]) {
              found.push(...scanner.push(text.slice(from, cut)));
              from = Math.max(from, cut);
            }
            scanner.end();
          } catch (error) {
            expect(error).toBeInstanceOf(JsonStructureError);
          }
          // Whatever came out before the cut is a prefix of the whole file's records.
          const complete = scan(whole, []);
          expect(complete.slice(0, found.length)).toEqual(found);
        },
      ),
      RUNS,
    );
  });

  it("on arbitrary text, returns items or throws JsonStructureError, never anything else", () => {
    const garbage = fc.oneof(
      anyText(200),
      fc
        .array(
          fc.constantFrom(
            "{",
            "}",
            "[",
            "]",
            '"',
            "\\",
            ",",
            ":",
            "a",
            " ",
            '"Records"',
            '"Events"',
            '"Response"',
            "1",
          ),
          { maxLength: 60 },
        )
        .map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(garbage, cuts, (text, at) => {
        try {
          const found = scan(text, at);
          for (const f of found) expect("text" in f ? typeof f.text : f.error).toEqual(expect.any(String));
        } catch (error) {
          expect(error).toBeInstanceOf(JsonStructureError);
        }
      }),
      RUNS,
    );
  });
});
