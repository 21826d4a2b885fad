// Placeholder: the trail-bucket connector is written in its own change.
import type { BucketSettings } from "@/lib/domain/connections/settings";
import type { Connector } from "../connector";

export const readBucket: Connector<BucketSettings> = async () => {
  throw new Error("the bucket connector is not built yet");
};
