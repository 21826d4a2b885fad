"use client";
// The inventory's filters as a GET form: submitting writes them into the URL (the sort is kept). With
// JavaScript, empty fields are left out of the URL; without it, the form still works.
import { FilterActions, FilterSelect, NameList } from "@/components/ui/filter-controls";
import { INVENTORY_STATUS_LABELS, INVENTORY_STATUSES } from "@/lib/domain/key-inventory-params";
import { KEY_FLAG_LABELS, KEY_FLAGS } from "@/lib/domain/key-risk";
import { useFilterSubmit } from "@/lib/url-state/use-filter-submit";

const PATH = "/access-keys";

export function InventoryFilterForm({ query, owners }: { query: string; owners: string[] }) {
  const params = new URLSearchParams(query);
  const onSubmit = useFilterSubmit(PATH);
  return (
    <form method="get" action={PATH} className="panel filters" aria-label="Filters" onSubmit={onSubmit}>
      <div className="filter-grid">
        <FilterSelect
          label="Flag"
          name="flag"
          value={params.get("flag") ?? ""}
          options={[["", "Any"], ...KEY_FLAGS.map((flag) => [flag, KEY_FLAG_LABELS[flag]] as const)]}
        />
        <div className="field">
          <label htmlFor="filter-owner">Owner</label>
          <input
            id="filter-owner"
            name="owner"
            defaultValue={params.getAll("owner").join(",")}
            placeholder="user name"
            list="key-owners"
            autoComplete="off"
          />
        </div>
        <FilterSelect
          label="Status"
          name="status"
          value={params.get("status") ?? ""}
          options={[
            ["", "Active and disabled"],
            ...INVENTORY_STATUSES.map((status) => [status, INVENTORY_STATUS_LABELS[status]] as const),
          ]}
        />
      </div>
      {params.get("sort") && <input type="hidden" name="sort" value={params.get("sort")!} />}
      {params.get("order") && <input type="hidden" name="order" value={params.get("order")!} />}
      <NameList id="key-owners" names={owners} />
      <FilterActions clearHref={PATH} />
    </form>
  );
}
