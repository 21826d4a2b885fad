// The user list's filters: a plain GET form, so the filters live in the URL and a view is a link.
import { FilterActions, FilterSelect } from "@/components/ui/filter-controls";
import { PROTECTIONS, USER_TYPES, type UserListFilter } from "@/lib/domain/user-list-filter";

const ANY = ["", "Any"] as const;

export function UserFilterForm({ filter, groups }: { filter: UserListFilter; groups: string[] }) {
  return (
    <form className="panel filters" method="get" action="/users" aria-label="Filter users">
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
      <FilterActions clearHref="/users" />
    </form>
  );
}
