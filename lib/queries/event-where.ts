// The explorer's filter as a Prisma `where`, with the viewer's scope always applied.
import type { Prisma } from "@/generated/sqlite/client";
import type { EventFilter } from "@/lib/domain/event-filter";
import { eventScopeWhere, type UserScope } from "./scope";

type Where = Prisma.EventWhereInput;

const anyOf = (values: string[], one: (value: string) => Where): Where[] =>
  values.length ? [{ OR: values.map(one) }] : [];

export function buildEventWhere(filter: EventFilter, scope: UserScope): Where {
  const and: Where[] = [
    eventScopeWhere(scope),
    { eventTime: { gte: filter.from, lte: filter.to } },
    // Operator: the user name, or the principal ID, or the role, as the source gave them.
    ...anyOf(filter.userName, (v) => ({ OR: [{ userName: v }, { principalId: v }, { roleName: v }] })),
    ...anyOf(filter.principalType, (v) => ({ identityType: v })),
    ...anyOf(filter.eventName, (v) => ({ eventName: v })),
    // "ecs.aliyuncs.com" is an event source, "ecs" a short service name: one column each, so the index is used.
    ...anyOf(filter.service, (v) => (v.includes(".") ? { eventSource: v } : { service: v.toLowerCase() })),
    ...anyOf(filter.eventType, (v) => ({ eventType: v })),
    ...anyOf(filter.errorCode, (v) => ({ errorCode: v })),
    ...anyOf(filter.accessKeyId, (v) => ({ accessKeyId: v })),
    ...anyOf(filter.region, (v) => ({ region: v })),
    // Resources are stored as JSON text: match the exact "type"/"name" member.
    ...anyOf(filter.resourceType, (v) => ({ resources: { contains: `"type":${JSON.stringify(v)}` } })),
    ...anyOf(filter.resourceName, (v) => ({ resources: { contains: `"name":${JSON.stringify(v)}` } })),
    ...anyOf(filter.requestId, (v) => ({ requestId: v })),
    ...anyOf(filter.eventId, (v) => ({ eventId: v })),
    ...anyOf(filter.accountId, (v) => ({ accountId: v })),
  ];
  if (filter.sourceIp.length) {
    and.push({
      OR: filter.sourceIp.flatMap((m): Where[] =>
        "exact" in m
          ? [{ sourceIpAddress: { in: m.exact } }]
          : m.prefixes.map((p) => ({ sourceIpAddress: { startsWith: p } })),
      ),
    });
  }
  if (filter.readOnly !== null) and.push({ readOnly: filter.readOnly });
  if (filter.result === "success") and.push({ errorCode: null });
  if (filter.result === "failed") and.push({ errorCode: { not: null } });
  if (filter.sensitive) and.push({ sensitive: true });
  if (filter.q) {
    and.push({
      OR: [
        { eventName: { contains: filter.q } },
        { resources: { contains: filter.q } },
        { errorMessage: { contains: filter.q } },
      ],
    });
  }
  return { AND: and };
}
