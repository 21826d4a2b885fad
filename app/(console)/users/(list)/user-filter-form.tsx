// The user list's filters: a plain GET form, so the filters live in the URL and a view is a link.
import Link from "next/link";
import { PROTECTIONS, USER_TYPES, type UserListFilter } from "@/lib/domain/user-list-filter";

export function UserFilterForm({ filter, groups }: { filter: UserListFilter; groups: string[] }) {
  return (
    <form className="panel filters" method="get" action="/users" aria-label="Filter users">
      <div className="filter-grid">
        <div className="field">
          <label htmlFor="filter-type">User type</label>
          <select id="filter-type" name="type" defaultValue={filter.type ?? ""}>
            <option value="">Any</option>
            {USER_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-group">Group</label>
          <select id="filter-group" name="group" defaultValue={filter.group ?? ""}>
            <option value="">Any</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-mfa">MFA</label>
          <select id="filter-mfa" name="mfa" defaultValue={filter.mfa ?? ""}>
            <option value="">Any</option>
            <option value="on">Enabled</option>
            <option value="off">Console users without MFA</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-console">Console access</label>
          <select id="filter-console" name="console" defaultValue={filter.console ?? ""}>
            <option value="">Any</option>
            <option value="on">Yes</option>
            <option value="off">No</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-protection">Protection</label>
          <select id="filter-protection" name="protection" defaultValue={filter.protection ?? ""}>
            <option value="">Any</option>
            {(Object.keys(PROTECTIONS) as (keyof typeof PROTECTIONS)[]).map((p) => (
              <option key={p} value={p}>
                {PROTECTIONS[p]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <Link href="/users" className="button button-quiet">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
