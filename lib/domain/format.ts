// Display formats shared by server and client components. Times are shown in UTC, with the zone said, so a
// page renders the same on the server and in the browser and auditors compare like with like.

export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "—";
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat("en-US").format(n);
}
