import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CheckboxField, controlProps, Field } from "./field";

describe("controlProps", () => {
  it("names only the id and name when there is neither hint nor error", () => {
    expect(controlProps("f", "userName", {})).toEqual({ id: "f", name: "userName" });
  });

  it("points aria-describedby at the hint and the error, and marks an error invalid", () => {
    expect(controlProps("f", "userName", { hint: true, error: true })).toEqual({
      id: "f",
      name: "userName",
      "aria-invalid": true,
      "aria-describedby": "f-hint f-error",
    });
    expect(controlProps("f", "userName", { hint: true })).toEqual({
      id: "f",
      name: "userName",
      "aria-describedby": "f-hint",
    });
  });
});

// React writes an input's name and checked after its other attributes.
describe("Field", () => {
  it("ties the label to an input and keeps the hint out of the label", () => {
    expect(renderToStaticMarkup(<Field id="name" name="name" label="Name" hint="Short" required />)).toBe(
      '<div class="field"><label for="name">Name</label>' +
        '<input required="" id="name" aria-describedby="name-hint" name="name"/>' +
        '<span class="muted" id="name-hint">Short</span></div>',
    );
  });

  it("shows the answer's message for its name and marks the control invalid", () => {
    const state = { fieldErrors: { email: "Not an email address." } };
    expect(renderToStaticMarkup(<Field id="e" name="email" label="Email" state={state} />)).toBe(
      '<div class="field"><label for="e">Email</label>' +
        '<input id="e" aria-invalid="true" aria-describedby="e-error" name="email"/>' +
        '<span class="field-error" id="e-error">Not an email address.</span></div>',
    );
  });

  it("hands the wiring to another control", () => {
    const html = renderToStaticMarkup(
      <Field id="s" name="severity" label="Severity" error="Choose one.">
        {(control) => (
          <select {...control} defaultValue="low">
            <option value="low">Low</option>
          </select>
        )}
      </Field>,
    );
    expect(html).toBe(
      '<div class="field"><label for="s">Severity</label>' +
        '<select id="s" name="severity" aria-invalid="true" aria-describedby="s-error">' +
        '<option value="low" selected="">Low</option></select>' +
        '<span class="field-error" id="s-error">Choose one.</span></div>',
    );
  });

  it("generates an id when none is given, the same for label and control", () => {
    const html = renderToStaticMarkup(<Field name="q" label="Query" />);
    const [, forId] = /for="([^"]+)"/.exec(html)!;
    expect(html).toContain(`<input id="${forId}" name="q"/>`);
  });
});

describe("CheckboxField", () => {
  it("puts the label after the box and the hint beside it", () => {
    expect(
      renderToStaticMarkup(<CheckboxField id="c" name="on" label="Turn on" hint="Needs a device." defaultChecked />),
    ).toBe(
      '<label class="checkbox" for="c"><input type="checkbox" id="c" aria-describedby="c-hint" name="on" checked=""/> ' +
        'Turn on</label><span class="muted" id="c-hint">Needs a device.</span>',
    );
  });
});
