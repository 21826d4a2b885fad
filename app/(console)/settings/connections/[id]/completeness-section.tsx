// A bucket connection's completeness: for AWS CloudTrail with digest files, every log file the digests list was
// imported and unchanged (hash); for the other layouts, the hours without a file where the trail delivers often.
import { LocalTime } from "@/components/ui/local-time";
import { formatCount } from "@/lib/domain/format";
import type { CompletenessView } from "@/lib/queries/connections";
import { AlteredFilesTable, DeliveryGapsTable, MissingFilesTable } from "./completeness-columns";

export function CompletenessSection({ completeness }: { completeness: CompletenessView | null }) {
  return (
    <section className="panel" aria-labelledby="connection-completeness">
      <h2 id="connection-completeness">Completeness</h2>
      {completeness === null ? (
        <p className="muted">Nothing checked yet.</p>
      ) : completeness.kind === "digest" ? (
        <>
          <p>
            {completeness.checkedThrough ? (
              <>
                Digests checked through <LocalTime iso={completeness.checkedThrough} />:{" "}
              </>
            ) : (
              "No digest read yet: "
            )}
            {formatCount(completeness.imported)} of {formatCount(completeness.expected)} listed log files imported
            unchanged; {formatCount(completeness.missing.length)} missing, {formatCount(completeness.altered.length)}{" "}
            altered.
          </p>
          {completeness.missing.length > 0 && <MissingFilesTable rows={completeness.missing} />}
          {completeness.altered.length > 0 && <AlteredFilesTable rows={completeness.altered} />}
        </>
      ) : (
        <>
          <p>
            The trail delivers about every {formatCount(completeness.expectedMinutes)} minutes;{" "}
            {completeness.gaps.length === 0
              ? "no hour went without a file."
              : `${formatCount(completeness.gaps.length)} gaps without a file.`}
          </p>
          {completeness.gaps.length > 0 && <DeliveryGapsTable rows={completeness.gaps} />}
        </>
      )}
    </section>
  );
}
