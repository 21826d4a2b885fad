import { requireSection } from "@/lib/auth/session";

// Checked here as well as in the page so a refused role gets a real 403 before anything streams.
export default async function ImportLayout({ children }: { children: React.ReactNode }) {
  await requireSection("importLogs");
  return children;
}
