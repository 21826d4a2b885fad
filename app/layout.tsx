import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Keytrail", template: "%s · Keytrail" },
  description: "Account security audit console",
  icons: { icon: "/icon.svg" },
};

// Rendered per request, never ahead of time: the Content-Security-Policy's script nonce (proxy.ts) is new on
// every request, and a page built at build time (the 404 page) would carry scripts without it.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
