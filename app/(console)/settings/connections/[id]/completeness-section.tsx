// A bucket connection's completeness: for AWS CloudTrail with digest files, whether every log file the digests list
// was imported and unchanged (hash); for the other layouts, the gaps in the trail's delivery cadence. Rendered in
// its own Suspense boundary: the check reads every object the connection read, so the state above never waits.
import { LocalTime } from "@/components/ui/local-time";
import { formatCount } from "@/lib/domain/format";
import type { CompletenessView } from "@/lib/queries/connections";
import { AlteredFilesTable, DeliveryGapsTable, MissingFilesTable, RefusedDigestsTable } from "./completeness-columns";

const more = (shown: number, total: number) =>
  total > shown ? ` (the newest ${formatCount(shown)} of ${formatCount(total)} shown)` : "";

/** `check`: the page's query, started without waiting for it. */
export async function CompletenessSection({ check }: { check: Promise<CompletenessView | null> }) {
  const completeness = await check;
  if (!completeness) return <p className="muted">Nothing read yet to check.</p>;
  if (completeness.kind === "digest")
    return (
      <>
        <p>
          {formatCount(completeness.digestsRead)} digest files read
          {completeness.checkedThrough ? (
            <>
              , covering log files delivered until <LocalTime iso={completeness.checkedThrough} />
            </>
          ) : null}
          : they list {formatCount(completeness.expected)} log files, of which {formatCount(completeness.imported)} were
          imported; {formatCount(completeness.missingTotal)} missing, {formatCount(completeness.alteredTotal)} altered.
        </p>
        {completeness.missingTotal > 0 && (
          <>
            <p>Missing log files{more(completeness.missing.length, completeness.missingTotal)}:</p>
            <MissingFilesTable rows={completeness.missing} />
          </>
        )}
        {completeness.alteredTotal > 0 && (
          <>
            <p>
              Altered log files: their bytes differ from the hash their digest signed
              {more(completeness.altered.length, completeness.alteredTotal)}:
            </p>
            <AlteredFilesTable rows={completeness.altered} />
          </>
        )}
        {completeness.digestsRefusedTotal > 0 && (
          <>
            <p>
              Digest files that could not be used
              {more(completeness.digestsRefused.length, completeness.digestsRefusedTotal)}:
            </p>
            <RefusedDigestsTable rows={completeness.digestsRefused} />
          </>
        )}
      </>
    );
  return (
    <>
      <p>
        {formatCount(completeness.objects)} objects read; the trail delivers about every{" "}
        {formatCount(completeness.expectedMinutes)} minutes.{" "}
        {completeness.gapsTotal === 0
          ? "No gap in the deliveries."
          : `${formatCount(completeness.gapsTotal)} gaps with no file${more(completeness.gaps.length, completeness.gapsTotal)}.`}
        {completeness.undated > 0
          ? ` ${formatCount(completeness.undated)} objects have keys that show no time and are left out of the check.`
          : ""}
      </p>
      {completeness.gapsTotal > 0 && <DeliveryGapsTable rows={completeness.gaps} />}
    </>
  );
}
