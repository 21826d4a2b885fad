import path from "node:path";
import { describe, expect, it } from "vitest";
import { keyPlacement, keyPlacementLog } from "./key-placement";

describe("keyPlacement", () => {
  it("warns while the key and the digests sit in the SQLite database's folder (the default start)", () => {
    const placement = keyPlacement({
      DATABASE_URL: "file:/srv/keytrail/data/keytrail.db",
      KEYTRAIL_DATA_DIR: "/srv/keytrail/data",
    });
    expect(placement).toMatchObject({
      databaseFolder: "/srv/keytrail/data",
      keyFile: "/srv/keytrail/data/digest-key.pem",
      digestDir: "/srv/keytrail/data/digests",
    });
    expect(keyPlacementLog(placement, "ab:cd")).toEqual({
      info: [
        "Keytrail: event-chain digests are signed with the Ed25519 key of SHA-256 fingerprint ab:cd; pin it: npm run verify -- --public-key <file>",
      ],
      warnings: [
        "Keytrail: warning: The digest signing key (/srv/keytrail/data/digest-key.pem) is in the database's folder (/srv/keytrail/data): whoever can write the database can also sign digests. Give the key in KEYTRAIL_DIGEST_KEY, or keep KEYTRAIL_DATA_DIR apart from the database.",
        "Keytrail: warning: The signed digests (/srv/keytrail/data/digests) are in the database's folder (/srv/keytrail/data): whoever can write the database can also remove them. Set KEYTRAIL_DIGEST_DIR to storage the database's writers cannot change, or deliver the digests off this machine through a tracking set.",
      ],
    });
  });

  it("resolves the default relative database path against the working directory", () => {
    const placement = keyPlacement({});
    expect(placement.databaseFolder).toBe(path.resolve("data"));
    expect(placement.warnings).toHaveLength(2);
  });

  it("does not warn once key and digests live elsewhere, nor on PostgreSQL", () => {
    expect(
      keyPlacement({
        DATABASE_URL: "file:/srv/db/keytrail.db",
        KEYTRAIL_DATA_DIR: "/srv/db",
        KEYTRAIL_DIGEST_KEY: "pem",
        KEYTRAIL_DIGEST_DIR: "/mnt/worm/digests",
      }).warnings,
    ).toEqual([]);
    expect(
      keyPlacement({
        DATABASE_URL: "file:/srv/db/keytrail.db",
        KEYTRAIL_DATA_DIR: "/srv/secrets",
        KEYTRAIL_DIGEST_DIR: "/mnt/worm",
      }).warnings,
    ).toEqual([]);
    expect(keyPlacement({ DATABASE_URL: "postgresql://k@db/keytrail", KEYTRAIL_DATA_DIR: "/srv/data" })).toMatchObject({
      databaseFolder: null,
      warnings: [],
    });
  });
});
