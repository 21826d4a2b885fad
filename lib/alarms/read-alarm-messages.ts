// Opening an alarm marks the viewer's unread Message center messages about it read.
import type { Database } from "@/lib/db/client";

export async function markAlarmMessagesRead({ db }: Database, userId: number, alarmId: number): Promise<void> {
  await db.message.updateMany({
    where: { userId, alarmId, readAt: null },
    data: { readAt: new Date() },
  });
}
