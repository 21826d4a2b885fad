// The console shell: every page inside it is for signed-in users only (checked here and again by each page).
import { Sidebar } from "@/components/layout/sidebar";
import { UserMenu } from "@/components/layout/user-menu";
import { sectionsFor } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { unreadMessageCount } from "@/lib/queries/messages";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const links = sectionsFor(user.role).map(({ href, label }) => ({ href, label }));
  const unread = await unreadMessageCount(getDatabase(), user.id);
  return (
    <div className="shell">
      <Sidebar links={links} />
      <div className="shell-main">
        <header className="topbar">
          <UserMenu
            displayName={user.displayName}
            userName={user.userName}
            role={user.role}
            accountName={user.accountName}
            unreadMessages={unread}
          />
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
