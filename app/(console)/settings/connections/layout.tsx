import { requireSection } from "@/lib/auth/session";

// Administrators and auditors (read only); the rest of Settings stays administrators-only ((admin)/layout.tsx).
// Checked here as well as in each page so a refused role gets a real 403 before anything streams.
export default async function ConnectionsLayout({ children }: { children: React.ReactNode }) {
  await requireSection("connections");
  return children;
}
