// Webhook URLs often carry their credential in the query string (Slack, Teams, many SIEMs: ?token=...) or in user
// info (https://user:pass@host). Anything recorded or shown after a URL is saved keeps its scheme, host and path
// only, so the audit log and the settings pages never become a place to read the token from. Pure.

/** "https://hooks.example/a/b" from "https://u:p@hooks.example/a/b?token=x#f"; a value that is not an http(s) URL unchanged. */
export function redactUrl(value: string): string {
  if (!/^https?:\/\//i.test(value.trim())) return value;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return value;
  }
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Every string in a JSON-like value that is an absolute http(s) URL, redacted; other values as they are. */
export function redactUrlsIn<T>(value: T): T {
  if (typeof value === "string") return redactUrl(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactUrlsIn(v)) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactUrlsIn(v)])) as T;
  }
  return value;
}
