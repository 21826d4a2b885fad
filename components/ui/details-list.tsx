// A definition list of label / value pairs: the event details panel, the AccessKey audit header, a user's page.
export type DetailRow = readonly [label: string, value: React.ReactNode];

export function DetailsList({ rows, className }: { rows: readonly DetailRow[]; className?: string }) {
  return (
    <dl className={className ? `details-list ${className}` : "details-list"}>
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
