-- AlterTable
ALTER TABLE "TrackingSet" ADD COLUMN     "deliverDigests" BOOLEAN NOT NULL DEFAULT false;
