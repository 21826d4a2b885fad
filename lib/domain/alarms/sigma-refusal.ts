// Why a Sigma rule cannot become an alarm condition. Thrown inside the importer and turned into
// { ok: false, error } by parseSigmaRule, so the whole reason reaches the administrator in one message.
export class SigmaRuleError extends Error {
  override name = "SigmaRuleError";
}

/** A rule that is valid Sigma but uses something the alarm engine cannot evaluate on one event. */
export function unsupported(feature: string): SigmaRuleError {
  return new SigmaRuleError(`unsupported Sigma feature: ${feature}`);
}
