// A link to one event in the operation-records explorer: filtered to that event (so the list holds exactly it,
// whatever the explorer's default range) with its details panel open. Shared by every page that points at an
// event: alarms, the Overview's abnormal sign-ins.
export function eventHref(eventId: string, eventTime: Date | string): string {
  const time = new Date(eventTime).getTime();
  const minute = 60_000;
  return `/operation-records?${new URLSearchParams({
    eventId,
    from: new Date(time - minute).toISOString(),
    to: new Date(time + minute).toISOString(),
    event: eventId,
  })}`;
}
