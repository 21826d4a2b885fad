import { formAction } from "@/lib/actions/action-state";
import { signOutAction } from "@/lib/actions/sign-out-action";
import { MessageLink } from "./message-link";
import { ROLE_LABELS, type ConsoleRole } from "@/lib/auth/roles";

export function UserMenu({
  displayName,
  userName,
  role,
  accountName,
  unreadMessages,
}: {
  displayName: string;
  userName: string;
  role: ConsoleRole;
  accountName: string;
  unreadMessages: number;
}) {
  return (
    <div className="user-menu">
      <span className="account-name">{accountName}</span>
      <span className="user-name" title={userName}>
        {displayName} <span className="badge">{ROLE_LABELS[role]}</span>
      </span>
      <MessageLink initialUnread={unreadMessages} />
      <a href="/account/security" className="button button-quiet">
        Account security
      </a>
      <form action={formAction(signOutAction)}>
        <button type="submit" className="button button-quiet">
          Sign out
        </button>
      </form>
    </div>
  );
}
