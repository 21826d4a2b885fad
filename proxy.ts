// Next 16's proxy (formerly middleware). Two jobs, both before a page renders:
// 1. A per-request Content-Security-Policy nonce. Scripts run only when they carry it (Next adds it to its own
//    scripts, read from the request's CSP header), so markup injected from event fields could never run a script
//    even if it reached the page unescaped. Every page is dynamic (they all read the session), so each gets one.
// 2. An optimistic redirect to /login for requests that carry no session cookie. It only looks for the cookie
//    (it neither validates nor refreshes it, so it can never race the sign-out); every page, action and route
//    handler checks the session and role itself.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

function hasSessionCookie(request: NextRequest): boolean {
  // Large tokens are split into chunks named <cookie>.0, <cookie>.1, ...
  return request.cookies
    .getAll()
    .some(({ name }) => SESSION_COOKIES.some((c) => name === c || name.startsWith(`${c}.`)));
}

/** Served over HTTPS, directly or behind a proxy that says so. */
function isHttps(request: NextRequest): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwarded ?? request.nextUrl.protocol.replace(":", "")) === "https";
}

/** The page policy. Styles may be inline (React renders `style` attributes, the charts too); scripts may not. */
function contentSecurityPolicy(nonce: string, https: boolean): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts Next's nonced bootstrap loads are trusted; 'self' and host lists are then ignored.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only over HTTPS: a console served on plain HTTP (a LAN, a test) would otherwise ask for https:// assets.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** next.config.js's serverActions.bodySizeLimit: a declared larger action body is answered 413 here, unread. */
const ACTION_BODY_LIMIT = 1024 * 1024;

export default function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Next would stop reading such a body too, but answer 500; a body sent without a length still meets its limit.
  if (
    request.method === "POST" &&
    request.headers.has("next-action") &&
    Number(request.headers.get("content-length") ?? 0) > ACTION_BODY_LIMIT
  ) {
    return NextResponse.json({ error: "The request body is larger than 1 MB." }, { status: 413 });
  }
  if (!pathname.startsWith("/login") && !hasSessionCookie(request)) {
    // Back to the host the browser used (Next's own origin may say localhost), with a path-only callbackUrl:
    // the sign-in action accepts only same-site paths anyway.
    const origin = `${request.nextUrl.protocol}//${request.headers.get("host") ?? request.nextUrl.host}`;
    const login = new URL("/login", origin);
    login.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(login, 307);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, isHttps(request));
  // Next reads the nonce from the request's CSP header and puts it on every script it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (isHttps(request)) response.headers.set("Strict-Transport-Security", "max-age=31536000");
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
