// The Message center: the signed-in user's alarm messages, newest first, unread ones marked; each links to its
// alarm. Messages are the user's own, whatever their role.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { LocalTime } from "@/components/ui/local-time";
import { formAction } from "@/lib/actions/action-state";
import { markAllMessagesReadAction, markMessageReadAction } from "@/lib/actions/message-actions";
import { canOpen } from "@/lib/auth/roles";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { messageListParams } from "@/lib/domain/alarm-list-params";
import { readSearchParams } from "@/lib/domain/search-params";
import { toSearchParams } from "@/lib/domain/url-state";
import { listMessages, unreadMessageCount } from "@/lib/queries/messages";

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
        {messages.length === 0 ? (
          <p className="empty">
            {unreadOnly ? "No unread messages." : "No messages yet. Alarms raised by the alarm policies appear here."}
          </p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Messages</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Alarm</th>
                  <th scope="col">What happened</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {messages.map((m) => (
                  <tr key={m.id} className={m.readAt ? undefined : "unread"}>
                    <td>
                      <LocalTime iso={m.createdAt.toISOString()} />
                    </td>
                    <td>
                      <span className={`badge severity-${m.severity}`}>{m.severity}</span>
                    </td>
                    <td>{m.alarmId && seesAlarms ? <Link href={`/alarms/${m.alarmId}`}>{m.title}</Link> : m.title}</td>
                    <td className="wrap">{m.body}</td>
                    <td>
                      {m.readAt ? (
                        "Read"
                      ) : (
                        <form action={formAction(markMessageReadAction)}>
                          <input type="hidden" name="messageId" value={m.id} />
                          <button
                            type="submit"
                            className="button button-quiet button-small"
                            aria-label={`Mark "${m.title}" read`}
                          >
                            Mark read
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {more && (
          <Link
            href={`/messages?${new URLSearchParams({ ...(unreadOnly ? { unread: "1" } : {}), before: String(messages[messages.length - 1].id) })}`}
          >
            Older messages
          </Link>
        )}
      </section>
    </>
  );
}
