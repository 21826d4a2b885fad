// The alarm list's and the Message center's URL state: a policy to narrow to, "unread only", and the keyset
// cursor (the last id seen). Read leniently, as links from the console make them: anything that is not a
// positive number means "not given".
import { z } from "zod";
import { param } from "./search-params";

const positiveOrUndefined = () => param.first().transform((text) => Number(text) || undefined);

export const alarmListParams = z.object({ policy: positiveOrUndefined(), before: positiveOrUndefined() });

export const messageListParams = z.object({
  unread: param.first().transform((text) => text === "1"),
  before: positiveOrUndefined(),
});
