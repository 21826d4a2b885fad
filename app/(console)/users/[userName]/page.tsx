// One user: who they are, what they may do in the console, their MFA, groups and AccessKeys (with the
// inventory's flags), and a way into their operation records. The users layout admits administrators and
// auditors only; an unknown user name answers 404. Viewing it is recorded (GetUser).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatCount, formatTime } from "@/lib/domain/format";
import { KEY_FLAG_LABELS } from "@/lib/domain/key-risk";
import { recordUserOperation } from "@/lib/events/record-user-operation";
import { keyFlags } from "@/lib/queries/key-flags";
import { getUserDetail, userSecurityState } from "@/lib/queries/users";
import { DetailsList } from "@/components/ui/details-list";
import { isRestorable, MAX_ACCESS_KEYS_PER_USER } from "@/lib/domain/directory-admin";
import {
  CreateAccessKeyPanel,
  EditUserForm,
  ProtectionForm,
  ResetPasswordForm,
  UserOperationButton,
  RecycleBinActions,
} from "../_components/admin-forms";
import { can } from "@/lib/auth/permissions";
import { UserKeysTable } from "./user-keys-columns";

export const metadata: Metadata = { title: "User" };

const yesNo = (value: boolean) => (value ? "Yes" : "No");

/** Route params normally arrive decoded; a stray "%" must not turn into a 500. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export default async function UserPage({ params }: { params: Promise<{ userName: string }> }) {
  const viewer = await requireSection("users");
  const { userName } = await params;
  const database = getDatabase();
  const user = await getUserDetail(database, viewer.accountDbId, decoded(userName));
  if (!user) notFound();
  const now = new Date();
  const security = await userSecurityState(database, viewer.accountDbId, user.userName);
  const lockedUntil = security?.lockedUntil && security.lockedUntil > now ? security.lockedUntil : null;
  const failedSignins = security?.failedSignins ?? 0;
  const locked = lockedUntil !== null || failedSignins > 0;
  const flags = await keyFlags(
    database,
    now,
    user.accessKeys.map((k) => k.accessKeyId),
  );

  await recordUserOperation(viewer, {
    eventName: "GetUser",
    readOnly: true,
    requestParameters: { UserName: user.userName },
  });

  const mfa = user.mfaEnabled
    ? `Bound${security?.mfaBoundAt ? ` since ${formatTime(security.mfaBoundAt)}` : ""}`
    : "Not enabled";
  const signIn = lockedUntil
    ? `Locked until ${formatTime(lockedUntil)}`
    : failedSignins > 0
      ? `Not locked; ${formatCount(failedSignins)} failed sign-in${failedSignins === 1 ? "" : "s"}`
      : "Not locked";
  const details: [string, string][] = [
    ["User name", user.userName],
    ["Display name", user.displayName],
    ["User type", user.userType],
    ["Console role", user.consoleRole ?? "None"],
    ["Console access", yesNo(user.consoleAccess)],
    ["MFA", mfa],
    ["Login protection", user.loginProtection ? "On" : "Off"],
    ["Operation protection", user.operationProtection ? "On" : "Off"],
    ["Sign-in", signIn],
    ["Groups", user.groups.join(", ") || "None"],
    ["Created", formatTime(user.createdAt)],
    ...(user.deletedAt
      ? ([
          [
            "Deleted",
            `${formatTime(user.deletedAt)} (${user.purged ? "permanently" : isRestorable(user.deletedAt, now) ? "in the recycle bin" : "more than 30 days ago: no longer restorable"})`,
          ],
        ] as [string, string][])
      : []),
  ];
  const admin = can(viewer.role, "manageDirectory") && !user.purged;
  const liveKeys = user.accessKeys.filter((k) => !k.deletedAt).length;
  const canHaveKeys = user.userType !== "MessageReceiver";

  return (
    <>
      <PageHeader title={user.displayName} description={`${user.userName} · ${user.userType}`} />
      <p>
        <Link href={`/operation-records?userName=${encodeURIComponent(user.userName)}`}>View operation records</Link>
        {" · "}
        <Link href="/users">All users</Link>
      </p>
      <section className="panel" aria-labelledby="user-details">
        <h2 id="user-details">Details</h2>
        <DetailsList rows={details} />
      </section>
      {admin && user.deletedAt && (
        <section className="panel" aria-labelledby="user-recycle">
          <h2 id="user-recycle">Recycle bin</h2>
          {isRestorable(user.deletedAt, now) ? (
            <RecycleBinActions userName={user.userName} />
          ) : (
            <>
              <p>This user was deleted more than 30 days ago and can no longer be restored.</p>
              <UserOperationButton
                userName={user.userName}
                operation="purge"
                label="Delete permanently"
                danger
                title={`Delete ${user.userName} permanently?`}
                body="Their groups and credentials are removed; their operation records stay."
              />
            </>
          )}
        </section>
      )}
      {admin && !user.deletedAt && (
        <section className="panel" aria-labelledby="user-admin">
          <h2 id="user-admin">Administration</h2>
          <EditUserForm
            user={{
              userName: user.userName,
              displayName: user.displayName,
              email: user.email,
              consoleRole: user.consoleRole,
            }}
          />
          {user.userType !== "MessageReceiver" && (
            <ResetPasswordForm userName={user.userName} hasConsoleAccess={user.consoleAccess} />
          )}
          {user.userType !== "MessageReceiver" && (
            <ProtectionForm
              userName={user.userName}
              mfaEnabled={user.mfaEnabled}
              loginProtection={user.loginProtection}
              operationProtection={user.operationProtection}
            />
          )}
          <div className="row-actions">
            {locked && (
              <UserOperationButton
                userName={user.userName}
                operation="unlock"
                label="Unlock"
                title={`Unlock ${user.userName}?`}
                body="The lockout ends and the count of failed sign-ins goes back to zero: they can sign in again at once."
              />
            )}
            {user.mfaEnabled && (
              <UserOperationButton
                userName={user.userName}
                operation="unbindMfa"
                label="Unbind MFA device"
                danger
                title={`Unbind the MFA device of ${user.userName}?`}
                body="Their virtual MFA device is removed and login protection turns off; they can bind a new device from their account security page."
              />
            )}
            {user.consoleAccess && (
              <UserOperationButton
                userName={user.userName}
                operation="disableConsoleAccess"
                label="Disable console access"
                title={`Disable console access of ${user.userName}?`}
                body="Their console password is removed: they can no longer sign in until an administrator sets a new one. Their AccessKeys are not affected."
              />
            )}
            {user.userType !== "Root" && (
              <UserOperationButton
                userName={user.userName}
                operation="delete"
                label="Delete user"
                danger
                title={`Delete ${user.userName}?`}
                body="The user moves to the recycle bin: they can no longer sign in or use their AccessKeys. You can restore them for 30 days."
              />
            )}
          </div>
        </section>
      )}
      <section className="panel" aria-labelledby="user-keys">
        <h2 id="user-keys">AccessKeys</h2>
        {admin && !user.deletedAt && canHaveKeys && (
          <CreateAccessKeyPanel userName={user.userName} atLimit={liveKeys >= MAX_ACCESS_KEYS_PER_USER} />
        )}
        <UserKeysTable
          userName={user.userName}
          rows={user.accessKeys.map((key) => {
            const f = flags.get(key.accessKeyId);
            return {
              accessKeyId: key.accessKeyId,
              status: key.deletedAt ? "Deleted" : key.status,
              created: formatTime(key.createdAt),
              lastUsed: key.lastUsedAt
                ? [formatTime(key.lastUsedAt), key.lastUsedService, key.lastUsedRegion].filter(Boolean).join(" · ")
                : "Never",
              daysUnused: f?.daysUnused == null ? "—" : formatCount(f.daysUnused),
              flags: (f?.flags ?? []).map((flag) => ({
                key: flag,
                label: KEY_FLAG_LABELS[flag],
                risk: flag === "atRisk",
              })),
              riskReasons: f?.riskReasons ?? [],
              mayIngest: key.mayIngest,
              canToggleIngest: admin && !key.deletedAt,
            };
          })}
        />
      </section>
    </>
  );
}
