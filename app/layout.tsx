import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Keytrail", template: "%s · Keytrail" },
  description: "Account security audit console",
  icons: { icon: "/icon.svg" },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
