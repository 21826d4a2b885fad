// Placeholder: the look-up API poller is written in its own change.
import type { ApiSettings } from "@/lib/domain/connections/settings";
import type { Connector } from "../connector";

export const pollApi: Connector<ApiSettings> = async () => {
  throw new Error("the API poller is not built yet");
};
