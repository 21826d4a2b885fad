// An administrator creates, renames and deletes groups, adds and removes members and marks team leads, each
// recorded as its IMS-style event (CreateGroup, UpdateGroup, DeleteGroup, AddUserToGroup, RemoveUserFromGroup,
// UpdateGroupMember for the lead mark). Deleting a group removes its memberships (the users stay).
import type { RequestMeta } from "@/lib/domain/console-event";
import { isPurged } from "@/lib/domain/directory-admin";
import type { Database } from "@/lib/db/client";
import {
  groupResource,
  recordDirectoryChange,
  refuseNonAdministrator,
  userResource,
  type ChangeResult,
  type DirectoryActor,
} from "./directory-events";

async function findGroup(database: Database, actor: DirectoryActor, name: string) {
  return database.db.group.findUnique({ where: { accountId_name: { accountId: actor.accountDbId, name } } });
}

const groupNotFound = (name: string): ChangeResult => ({ ok: false, error: `Group ${name} was not found.` });

export async function createGroup(
  database: Database,
  actor: DirectoryActor,
  input: { groupName: string; description: string },
  meta: RequestMeta,
): Promise<ChangeResult> {
  const change = {
    eventName: "CreateGroup",
    resources: [groupResource(input.groupName)],
    requestParameters: { GroupName: input.groupName, Comments: input.description },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  if (await findGroup(database, actor, input.groupName))
    return {
      ok: false,
      error: `A group named ${input.groupName} already exists.`,
      fieldErrors: { groupName: "This group name is taken." },
    };
  await database.db.group.create({
    data: { accountId: actor.accountDbId, name: input.groupName, description: input.description },
  });
  await recordDirectoryChange(database, actor, meta, change);
  return { ok: true, message: `Group ${input.groupName} was created.` };
}

export async function updateGroup(
  database: Database,
  actor: DirectoryActor,
  input: { groupName: string; newGroupName: string; description: string },
  meta: RequestMeta,
): Promise<ChangeResult> {
  const requestParameters: Record<string, unknown> = { GroupName: input.groupName };
  const change = { eventName: "UpdateGroup", resources: [groupResource(input.groupName)], requestParameters };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const group = await findGroup(database, actor, input.groupName);
  if (!group) return groupNotFound(input.groupName);
  if (input.newGroupName !== group.name) {
    if (await findGroup(database, actor, input.newGroupName))
      return {
        ok: false,
        error: `A group named ${input.newGroupName} already exists.`,
        fieldErrors: { newGroupName: "This group name is taken." },
      };
    requestParameters.NewGroupName = input.newGroupName;
  }
  if (input.description !== group.description) requestParameters.NewComments = input.description;
  if (Object.keys(requestParameters).length === 1)
    return { ok: true, message: `Nothing changed for group ${group.name}.` };
  const { count } = await database.db.group.updateMany({
    where: { id: group.id, name: group.name, description: group.description },
    data: { name: input.newGroupName, description: input.description },
  });
  if (count !== 1) return { ok: false, error: `Group ${group.name} changed meanwhile; reload the page and try again.` };
  if (input.newGroupName !== group.name) change.resources.push(groupResource(input.newGroupName));
  await recordDirectoryChange(database, actor, meta, change);
  return {
    ok: true,
    message:
      input.newGroupName !== group.name
        ? `Group ${group.name} was renamed to ${input.newGroupName}.`
        : `Group ${group.name} was updated.`,
  };
}

export async function deleteGroup(
  database: Database,
  actor: DirectoryActor,
  groupName: string,
  meta: RequestMeta,
): Promise<ChangeResult> {
  const change = {
    eventName: "DeleteGroup",
    resources: [groupResource(groupName)],
    requestParameters: { GroupName: groupName },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const group = await findGroup(database, actor, groupName);
  if (!group) return groupNotFound(groupName);
  const { count } = await database.db.group.deleteMany({ where: { id: group.id } });
  if (count !== 1) return groupNotFound(groupName);
  await recordDirectoryChange(database, actor, meta, change);
  return { ok: true, message: `Group ${groupName} was deleted.` };
}

async function memberOf(database: Database, actor: DirectoryActor, groupName: string, userName: string) {
  const group = await findGroup(database, actor, groupName);
  const user = await database.db.user.findUnique({
    where: { userName },
    select: { id: true, accountId: true, deletedAt: true, displayName: true },
  });
  const liveUser = user && user.accountId === actor.accountDbId && !isPurged(user) ? user : null;
  return { group, user: liveUser };
}

export async function addUserToGroup(
  database: Database,
  actor: DirectoryActor,
  groupName: string,
  userName: string,
  meta: RequestMeta,
): Promise<ChangeResult> {
  const change = {
    eventName: "AddUserToGroup",
    resources: [userResource(userName), groupResource(groupName)],
    requestParameters: { UserName: userName, GroupName: groupName },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const { group, user } = await memberOf(database, actor, groupName, userName);
  if (!group) return groupNotFound(groupName);
  if (!user) return { ok: false, error: `User ${userName} was not found.`, fieldErrors: { userName: "No such user." } };
  if (user.deletedAt) return { ok: false, error: `User ${userName} is in the recycle bin.` };
  const existing = await database.db.groupMembership.findUnique({
    where: { groupId_userId: { groupId: group.id, userId: user.id } },
  });
  if (existing) return { ok: false, error: `${userName} is already a member of ${groupName}.` };
  await database.db.groupMembership.create({ data: { groupId: group.id, userId: user.id } });
  await recordDirectoryChange(database, actor, meta, change);
  return { ok: true, message: `${userName} was added to ${groupName}.` };
}

export async function removeUserFromGroup(
  database: Database,
  actor: DirectoryActor,
  groupName: string,
  userName: string,
  meta: RequestMeta,
): Promise<ChangeResult> {
  const change = {
    eventName: "RemoveUserFromGroup",
    resources: [userResource(userName), groupResource(groupName)],
    requestParameters: { UserName: userName, GroupName: groupName },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const { group, user } = await memberOf(database, actor, groupName, userName);
  if (!group) return groupNotFound(groupName);
  const { count } = user
    ? await database.db.groupMembership.deleteMany({ where: { groupId: group.id, userId: user.id } })
    : { count: 0 };
  if (count !== 1) return { ok: false, error: `${userName} is not a member of ${groupName}.` };
  await recordDirectoryChange(database, actor, meta, change);
  return { ok: true, message: `${userName} was removed from ${groupName}.` };
}

/** Marks or unmarks a member as a team lead of the group (they then see their team's records with the TeamLead role). */
export async function setTeamLead(
  database: Database,
  actor: DirectoryActor,
  groupName: string,
  userName: string,
  isLead: boolean,
  meta: RequestMeta,
): Promise<ChangeResult> {
  const change = {
    eventName: "UpdateGroupMember",
    resources: [userResource(userName), groupResource(groupName)],
    requestParameters: { UserName: userName, GroupName: groupName, IsLead: isLead },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const { group, user } = await memberOf(database, actor, groupName, userName);
  if (!group) return groupNotFound(groupName);
  const { count } = user
    ? await database.db.groupMembership.updateMany({
        where: { groupId: group.id, userId: user.id, isLead: !isLead },
        data: { isLead },
      })
    : { count: 0 };
  if (count !== 1)
    return {
      ok: false,
      error: `${userName} is not a member of ${groupName}, or is already ${isLead ? "a" : "not a"} team lead.`,
    };
  await recordDirectoryChange(database, actor, meta, change);
  return {
    ok: true,
    message: isLead
      ? `${userName} is now a team lead of ${groupName}.`
      : `${userName} is no longer a team lead of ${groupName}.`,
  };
}
