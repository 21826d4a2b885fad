// The pieces every GET filter form shares (explorer, AccessKey inventory, users): a labelled select whose id is
// `filter-<name>`, a datalist of known names, and the Apply / Clear buttons.
/** [value, label] pairs; put ["", "Any"] first for "no filter". */
export type FilterOptions = readonly (readonly [string, string])[];

export function FilterSelect({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value: string;
  options: FilterOptions;
}) {
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value}>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function NameList({ id, names }: { id: string; names: readonly string[] }) {
  return (
    <datalist id={id}>
      {names.map((name) => (
        <option key={name} value={name} />
      ))}
    </datalist>
  );
}

export function FilterActions({ clearHref }: { clearHref: string }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary">
        Apply filters
      </button>
      {/* A full load, not a client navigation: the form's fields then start from their defaults again. */}
      <a href={clearHref} className="button button-quiet">
        Clear filters
      </a>
    </div>
  );
}
