// A link to one event in the operation-records explorer: its details panel open, the list around its time.
export function eventHref(eventId: string, eventTime: Date): string {
  const minute = 60_000;
  return `/operation-records?${new URLSearchParams({
    event: eventId,
    from: new Date(eventTime.getTime() - minute).toISOString(),
    to: new Date(eventTime.getTime() + minute).toISOString(),
  })}`;
}
