"use client";
// The user list's filters as a GET form: submitting writes them into the URL, so a view is a link. With
// JavaScript, empty fields are left out of the URL; without it, the form still works.
import { FilterActions, FilterSelect } from "@/components/ui/filter-controls";
import { PROTECTIONS, USER_TYPES, type UserListFilter } from "@/lib/domain/user-list-filter";
import { useFilterSubmit } from "@/lib/url-state/use-filter-submit";

const ANY = ["", "Any"] as const;

const PATH = "/users";

export function UserFilterForm({ filter, groups }: { filter: UserListFilter; groups: string[] }) {
  const onSubmit = useFilterSubmit(PATH);
  return (
    <form className="panel filters" method="get" action={PATH} aria-label="Filter users" onSubmit={onSubmit}>
      <div className="filter-grid">
        <FilterSelect
          label="User type"
          name="type"
          value={filter.type ?? ""}
          options={[ANY, ...USER_TYPES.map((t) => [t, t] as const)]}
        />
        <FilterSelect
          label="Group"
          name="group"
          value={filter.group ?? ""}
          options={[ANY, ...groups.map((g) => [g, g] as const)]}
        />
        <FilterSelect
          label="MFA"
          name="mfa"
          value={filter.mfa ?? ""}
          options={[ANY, ["on", "Enabled"], ["off", "Console users without MFA"]]}
        />
        <FilterSelect
          label="Console access"
          name="console"
          value={filter.console ?? ""}
          options={[ANY, ["on", "Yes"], ["off", "No"]]}
        />
        <FilterSelect
          label="Protection"
          name="protection"
          value={filter.protection ?? ""}
          options={[
            ANY,
            ...(Object.keys(PROTECTIONS) as (keyof typeof PROTECTIONS)[]).map((p) => [p, PROTECTIONS[p]] as const),
          ]}
        />
      </div>
      <FilterActions clearHref={PATH} />
    </form>
  );
}
