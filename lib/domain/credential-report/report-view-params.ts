// The credential report page's URL state: the layout shown, a preview filter and the preview page. Read
// leniently, as links make them: an unknown layout is Tencent's, an unknown filter none, the page is clamped later.
import { z } from "zod";
import { param } from "../search-params";
import { isPreviewFilter } from "./preview-filters";
import type { ReportFormat } from "./snapshot";

export const reportViewParams = z.object({
  format: param.first().transform((text): ReportFormat => (text === "aws" ? "aws" : "tencent")),
  filter: param.first().transform((text) => (isPreviewFilter(text) ? text : null)),
  page: param.first().transform((text) => Number(text ?? "1")),
});
