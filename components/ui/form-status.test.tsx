import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FormError, FormStatus } from "./form-status";

const idle = { ok: false, message: null, error: null };

describe("FormStatus", () => {
  it("shows nothing before an answer", () => {
    expect(renderToStaticMarkup(<FormStatus state={idle} />)).toBe("");
  });

  it("shows a refusal as an alert", () => {
    expect(renderToStaticMarkup(<FormStatus state={{ ...idle, error: "No." }} />)).toBe(
      '<p class="form-error" role="alert">No.</p>',
    );
  });

  it("shows a success message as a status, unless told not to", () => {
    const done = { ok: true, message: "Saved.", error: null };
    expect(renderToStaticMarkup(<FormStatus state={done} />)).toBe('<p class="notice" role="status">Saved.</p>');
    expect(renderToStaticMarkup(<FormStatus state={done} successClass="" />)).toBe('<p role="status">Saved.</p>');
    expect(renderToStaticMarkup(<FormStatus state={done} showSuccess={false} />)).toBe("");
  });
});

describe("FormError", () => {
  it("renders an alert only when there is a message", () => {
    expect(renderToStaticMarkup(<FormError>Refused.</FormError>)).toBe(
      '<p class="form-error" role="alert">Refused.</p>',
    );
    expect(renderToStaticMarkup(<FormError>{null}</FormError>)).toBe("");
    expect(renderToStaticMarkup(<FormError>{""}</FormError>)).toBe("");
  });
});

describe("FormStatus children", () => {
  it("follow the success message inside the status line", () => {
    const done = { ok: true, message: "Ran.", error: null };
    expect(renderToStaticMarkup(<FormStatus state={done}> More</FormStatus>)).toBe(
      '<p class="notice" role="status">Ran. More</p>',
    );
  });
});
