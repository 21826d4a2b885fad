// The Message center: the signed-in user's alarm messages, newest first, unread ones marked; each links to its
// alarm. Messages are the user's own, whatever their role.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/data-table/pager";
import { formAction } from "@/lib/actions/action-state";
import { markAllMessagesReadAction } from "@/lib/actions/message-actions";
import { canOpen } from "@/lib/auth/roles";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { messageListParams } from "@/lib/domain/alarm-list-params";
import { readSearchParams } from "@/lib/domain/search-params";
import { toSearchParams } from "@/lib/domain/url-state";
import { listMessages, unreadMessageCount } from "@/lib/queries/messages";
import { MessagesTable } from "./messages-columns";

export const metadata: Metadata = { title: "Message center" };

export default async function MessagesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireSection("messages");
  const params = toSearchParams(await searchParams);
  const { unread: unreadOnly, before } = readSearchParams(messageListParams, params);
  const database = getDatabase();
  const [{ messages, more }, unread] = await Promise.all([
    listMessages(database, user.id, { unreadOnly, before }),
    unreadMessageCount(database, user.id),
  ]);
  const seesAlarms = canOpen(user.role, "alarms");
  return (
    <>
      <PageHeader
        title="Message center"
        description="Alarms raised by the alarm policies, for administrators and auditors."
      />
      <section className="panel" aria-label="Messages">
        <div className="toolbar">
          <span>{unread} unread</span>
          <Link href={unreadOnly ? "/messages" : "/messages?unread=1"}>
            {unreadOnly ? "Show all" : "Show unread only"}
          </Link>
          {unread > 0 && (
            <form action={formAction(markAllMessagesReadAction)}>
              <button type="submit" className="button button-quiet button-small">
                Mark all read
              </button>
            </form>
          )}
        </div>
        <MessagesTable
          rows={messages.map((m) => ({
            id: m.id,
            createdAt: m.createdAt.toISOString(),
            severity: m.severity,
            title: m.title,
            body: m.body,
            alarmHref: m.alarmId && seesAlarms ? `/alarms/${m.alarmId}` : null,
            read: Boolean(m.readAt),
          }))}
          emptyMessage={
            unreadOnly ? "No unread messages." : "No messages yet. Alarms raised by the alarm policies appear here."
          }
        />
        <Pager
          label="Message pages"
          next={{
            href: more
              ? `/messages?${new URLSearchParams({ ...(unreadOnly ? { unread: "1" } : {}), before: String(messages[messages.length - 1].id) })}`
              : null,
            text: "Older messages",
          }}
        />
      </section>
    </>
  );
}
