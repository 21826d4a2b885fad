// Property-based tests (fast-check) for cleanIp, which every normaliser uses on the attacker-influenced source
// address (issue 7): it must never throw, must keep only real IPv4 / IPv6 addresses (anything else, such as a
// service name, markup or a padded or octal-looking address, becomes null), must keep a valid address (IPv4 as is,
// IPv6 in lower case, IPv4-mapped IPv6 as its IPv4), and must be idempotent so a stored address cleans to itself.
// The seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further.
import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanIp } from "./ip";

const RUNS = { numRuns: Number(process.env.FC_RUNS) || 500, seed: Number(process.env.FC_SEED) || 7008 };
/** Any UTF-16 text, lone surrogates and control characters included (cheaper to set up than unit "binary"). */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = (maxLength: number) => fc.string({ unit: utf16Unit, maxLength });

describe("cleanIp (properties)", () => {
  it("never throws; gives null or a real IP address, and cleaning its own output changes nothing", () => {
    const values = fc.oneof(
      fc.anything({ maxDepth: 1 }),
      anyText(60),
      fc.ipV4Extended(),
      fc.ipV6().map((ip) => `[${ip}]`),
      fc.constantFrom(
        "ec2.amazonaws.com",
        "<script>alert(1)</script>",
        "::ffff:999.1.1.1",
        "1.2.3.4\u0000",
        "1.2.3.4, 5.6.7.8",
        "localhost",
        "",
      ),
    );
    fc.assert(
      fc.property(values, (value) => {
        const clean = cleanIp(value);
        if (clean === null) return;
        expect(isIP(clean)).not.toBe(0);
        expect(clean).toBe(clean.toLowerCase());
        expect(cleanIp(clean)).toBe(clean);
      }),
      RUNS,
    );
  });

  it("keeps every IPv4 address exactly, also when padded with spaces or given as IPv4-mapped IPv6", () => {
    fc.assert(
      fc.property(
        fc.ipV4(),
        fc.constantFrom("", " ", "\t"),
        fc.constantFrom("", "::ffff:", "::FFFF:"),
        (ip, pad, mapped) => {
          expect(cleanIp(`${pad}${mapped}${ip}${pad}`)).toBe(ip);
        },
      ),
      RUNS,
    );
  });

  it("keeps every IPv6 address, in lower case, bare or in brackets", () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.boolean(), fc.boolean(), (ip, upper, bracketed) => {
        const given = upper ? ip.toUpperCase() : ip;
        const expected = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] ?? ip.toLowerCase();
        expect(cleanIp(bracketed ? `[${given}]` : given)).toBe(expected);
      }),
      RUNS,
    );
  });

  it("refuses anything with letters outside hex or a dot-free name: host names and markup are not addresses", () => {
    const names = fc.oneof(
      fc.domain(),
      fc.stringMatching(/^[g-z][a-z0-9-]{0,20}$/),
      fc.constantFrom("<img src=x>", "javascript:alert(1)", "' OR 1=1 --"),
    );
    fc.assert(
      fc.property(names, (name) => {
        expect(cleanIp(name)).toBeNull();
      }),
      RUNS,
    );
  });
});
