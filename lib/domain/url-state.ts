// The explorer's state lives in the URL. These build links that change some parameters and keep the rest.

export function toSearchParams(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  return params;
}

/** `path?query` with `changes` applied: null removes a parameter. */
export function hrefWith(path: string, current: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  const query = next.toString();
  return query ? `${path}?${query}` : path;
}

/** A link that adds `value` to the `key` filter (OR with what is there), back on the first page. */
export function hrefAddingFilter(path: string, current: URLSearchParams, key: string, value: string): string {
  const next = new URLSearchParams(current);
  next.delete("cursor");
  next.delete("event");
  const existing = next
    .getAll(key)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim());
  if (!existing.includes(value)) next.append(key, value);
  return `${path}?${next}`;
}
