// Next 16's proxy (formerly middleware): an optimistic redirect to /login for requests that carry no session
// cookie. It only looks for the cookie (it neither validates nor refreshes it, so it can never race the
// sign-out); every page, action and route handler checks the session and role itself.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

function hasSessionCookie(request: NextRequest): boolean {
  // Large tokens are split into chunks named <cookie>.0, <cookie>.1, ...
  return request.cookies.getAll().some(({ name }) => SESSION_COOKIES.some((c) => name === c || name.startsWith(`${c}.`)));
}

export default function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/login") || hasSessionCookie(request)) return NextResponse.next();
  // Back to the host the browser used (Next's own origin may say localhost), with a path-only callbackUrl:
  // the sign-in action accepts only same-site paths anyway.
  const origin = `${request.nextUrl.protocol}//${request.headers.get("host") ?? request.nextUrl.host}`;
  const login = new URL("/login", origin);
  login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login, 307);
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
