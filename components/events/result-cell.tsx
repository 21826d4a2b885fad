/** "Success", or the error code of a failed operation, marked so it stands out. */
export function ResultCell({ value }: { value: string }) {
  return <span className={value === "Success" ? "ok" : "failed"}>{value}</span>;
}
