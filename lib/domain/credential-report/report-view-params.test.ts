import { describe, expect, it } from "vitest";
import { readSearchParams } from "../search-params";
import { reportViewParams } from "./report-view-params";

const read = (query: string) => readSearchParams(reportViewParams, new URLSearchParams(query));

describe("credential report view parameters", () => {
  it("read the layout, the preview filter and the page", () => {
    expect(read("format=aws&filter=noMfa&page=3")).toEqual({ format: "aws", filter: "noMfa", page: 3 });
  });

  it("take Tencent's layout, no filter and the first page when not given or unknown", () => {
    expect(read("")).toEqual({ format: "tencent", filter: null, page: 1 });
    expect(read("format=csv&filter=toString")).toEqual({ format: "tencent", filter: null, page: 1 });
    expect(read("page=two").page).toBeNaN();
  });
});
