"use client";
// The inventory's filters as a GET form: submitting writes them into the URL (the sort is kept). With
// JavaScript, empty fields are left out of the URL; without it, the form still works.
import { useRouter } from "next/navigation";
import { INVENTORY_STATUS_LABELS, INVENTORY_STATUSES } from "@/lib/domain/key-inventory-params";
import { KEY_FLAG_LABELS, KEY_FLAGS } from "@/lib/domain/key-risk";

const PATH = "/access-keys";

export function InventoryFilterForm({ query, owners }: { query: string; owners: string[] }) {
  const router = useRouter();
  const params = new URLSearchParams(query);
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim()) next.append(key, value.trim());
    }
    router.push(next.size ? `${PATH}?${next}` : PATH);
  };
  return (
    <form method="get" action={PATH} className="panel filters" aria-label="Filters" onSubmit={onSubmit}>
      <div className="filter-grid">
        <div className="field">
          <label htmlFor="filter-flag">Flag</label>
          <select id="filter-flag" name="flag" defaultValue={params.get("flag") ?? ""}>
            <option value="">Any</option>
            {KEY_FLAGS.map((flag) => (
              <option key={flag} value={flag}>
                {KEY_FLAG_LABELS[flag]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-owner">Owner</label>
          <input id="filter-owner" name="owner" defaultValue={params.getAll("owner").join(",")} placeholder="user name" list="key-owners" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">Active and disabled</option>
            {INVENTORY_STATUSES.map((status) => (
              <option key={status} value={status}>
                {INVENTORY_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {params.get("sort") && <input type="hidden" name="sort" value={params.get("sort")!} />}
      {params.get("order") && <input type="hidden" name="order" value={params.get("order")!} />}
      <datalist id="key-owners">
        {owners.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <a href={PATH} className="button button-quiet">
          Clear filters
        </a>
      </div>
    </form>
  );
}
