/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The command-line importer bundles its reader thread with esbuild at run time (a native binary): never bundled.
  serverExternalPackages: ["esbuild"],
  experimental: {
    // forbidden() answers 403 for a role that may not open a page.
    authInterrupts: true,
    // Server actions take small forms only, and some (sign-in) run before any session exists: Next refuses a
    // larger body with 413 while reading it. Log files go to POST /api/v1/imports, which checks the session
    // before it reads a byte. The largest legitimate action body is a set of Sigma rules (64 KB each).
    serverActions: { bodySizeLimit: "1mb" },
    // Next copies a request body for the proxy (proxy.ts; it never reads one) up to this size and hands the action
    // that copy, cut at the limit: kept just above the action limit, so an oversized action body still exceeds
    // 1 MB and is refused with 413 (not cut into a malformed form), and no more than 2 MB is ever held.
    proxyClientMaxBodySize: "2mb",
  },
  async headers() {
    // The page Content-Security-Policy needs a fresh nonce per request, so proxy.ts sets it (and HSTS over HTTPS).
    // These apply to every response, pages, API routes and static files alike.
    const everywhere = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Referrer-Policy", value: "same-origin" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
      { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ];
    return [
      { source: "/:path*", headers: everywhere },
      // JSON and CSV answers are never documents to run anything in.
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
