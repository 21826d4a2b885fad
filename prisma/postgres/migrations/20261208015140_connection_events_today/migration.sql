-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "eventsToday" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "eventsTodayOn" TIMESTAMP(3);
