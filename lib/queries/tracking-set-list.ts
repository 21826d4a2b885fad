// Every tracking set with its undelivered dead letters and newest historical tasks, and the group names its
// filter may refer to, for the tracking-set settings page.
import "server-only";
import type { Database } from "@/lib/db/client";

export function listTrackingSets({ db }: Database) {
  return Promise.all([
    db.trackingSet.findMany({
      orderBy: { id: "asc" },
      include: {
        deadLetters: { where: { deliveredAt: null }, orderBy: { id: "desc" }, take: 20 },
        tasks: { orderBy: { id: "desc" }, take: 5 },
      },
    }),
    db.group.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
}
