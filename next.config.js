/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The command-line importer bundles its reader thread with esbuild at run time (a native binary): never bundled.
  serverExternalPackages: ["esbuild"],
  experimental: {
    // forbidden() answers 403 for a role that may not open a page.
    authInterrupts: true,
    // Log-file uploads (administrators only; the action refuses more than 200 MB itself).
    serverActions: { bodySizeLimit: "210mb" },
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
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
