import { requireSection } from "@/lib/auth/session";

// Checked here as well as in each page so a refused role gets a real 403 before anything streams. Connections
// (../connections) sits beside this group with its own check: auditors may read it, not the rest of Settings.
export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requireSection("settings");
  return children;
}
