// Form fields that the alarm-policy and tracking-set forms share: read or write, and sensitive operations only.
// Each is keyed by the value kept after a refusal: React resets the form after an action, and a mounted select or
// checkbox ignores a changed default, so it is mounted afresh with the kept value.
import type { ControlProps } from "@/components/ui/field";

/** The select of a `Field` named "readOnly": spread the field's control props onto it. */
export function ReadWriteSelect({ value, ...control }: { value: string | undefined } & ControlProps) {
  return (
    <select {...control} key={`readOnly-${value}`} defaultValue={value ?? "any"}>
      <option value="any">Either</option>
      <option value="read">Reads only</option>
      <option value="write">Writes only</option>
    </select>
  );
}

export function SensitiveOnlyCheckbox({ value }: { value: string | undefined }) {
  return (
    <label>
      <input type="checkbox" name="sensitiveOnly" key={`sensitiveOnly-${value}`} defaultChecked={value === "on"} />{" "}
      Sensitive operations only
    </label>
  );
}
