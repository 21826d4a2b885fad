"use client";
// The explorer's filters as a GET form: submitting writes them into the URL (shareable, reloadable) and, since
// the cursor is not a field, every change starts again from the first page. With JavaScript, empty fields are
// left out of the URL; without it, the form still works.
import { FilterActions, FilterSelect, NameList, type FilterOptions } from "@/components/ui/filter-controls";
import { DEFAULT_RANGE, RANGE_PRESETS, PAGE_SIZES } from "@/lib/domain/event-filter";
import { useFilterSubmit } from "@/lib/url-state/use-filter-submit";
import { EVENT_TYPES } from "@/lib/domain/event";

const RANGE_LABELS: Record<string, string> = {
  "1h": "Last 1 hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  "180d": "Last 180 days",
  custom: "Custom range",
};

function TextFilter({
  label,
  name,
  params,
  placeholder,
  list,
}: {
  label: string;
  name: string;
  params: URLSearchParams;
  placeholder?: string;
  list?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <input
        id={`filter-${name}`}
        name={name}
        defaultValue={params.getAll(name).join(",")}
        placeholder={placeholder}
        list={list}
        autoComplete="off"
      />
    </div>
  );
}

function SelectFilter({
  label,
  name,
  params,
  options,
}: {
  label: string;
  name: string;
  params: URLSearchParams;
  options: FilterOptions;
}) {
  return <FilterSelect label={label} name={name} value={params.get(name) ?? ""} options={options} />;
}

export function FilterForm({
  query,
  operators,
  showAccount,
}: {
  query: string;
  operators: string[];
  showAccount: boolean;
}) {
  const params = new URLSearchParams(query);
  const onSubmit = useFilterSubmit("/operation-records", { range: DEFAULT_RANGE });
  const range = params.get("from") || params.get("to") ? "custom" : (params.get("range") ?? DEFAULT_RANGE);
  return (
    <form method="get" action="/operation-records" className="panel filters" aria-label="Filters" onSubmit={onSubmit}>
      <div className="filter-grid">
        <FilterSelect
          label="Time range"
          name="range"
          value={range}
          options={[...Object.keys(RANGE_PRESETS), "custom"].map((key) => [key, RANGE_LABELS[key]] as const)}
        />
        <div className="field">
          <label htmlFor="filter-from">From (UTC)</label>
          <input
            id="filter-from"
            type="datetime-local"
            name="from"
            step="1"
            defaultValue={params.get("from")?.slice(0, 19) ?? ""}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-to">To (UTC)</label>
          <input
            id="filter-to"
            type="datetime-local"
            name="to"
            step="1"
            defaultValue={params.get("to")?.slice(0, 19) ?? ""}
          />
        </div>
        <TextFilter
          label="Operator"
          name="userName"
          params={params}
          placeholder="user name, principal ID or role"
          list="known-operators"
        />
        <TextFilter label="Event name" name="eventName" params={params} placeholder="e.g. CreateUser,DeleteUser" />
        <TextFilter label="Service" name="service" params={params} placeholder="e.g. ram, iam, ecs" />
        <SelectFilter
          label="Event type"
          name="eventType"
          params={params}
          options={[["", "Any"], ...EVENT_TYPES.map((t): [string, string] => [t, t])]}
        />
        <SelectFilter
          label="Read/Write"
          name="readOnly"
          params={params}
          options={[
            ["", "Any"],
            ["true", "Read"],
            ["false", "Write"],
          ]}
        />
        <SelectFilter
          label="Result"
          name="result"
          params={params}
          options={[
            ["", "Any"],
            ["success", "Success"],
            ["failed", "Failed"],
          ]}
        />
        <TextFilter label="Error code" name="errorCode" params={params} />
        <TextFilter label="AccessKey ID" name="accessKeyId" params={params} />
        <TextFilter label="Source IP" name="sourceIp" params={params} placeholder="address or CIDR, e.g. 10.0.0.0/8" />
        <TextFilter label="Region" name="region" params={params} />
        <TextFilter label="Resource type" name="resourceType" params={params} />
        <TextFilter label="Resource name" name="resourceName" params={params} />
        <TextFilter
          label="Principal type"
          name="principalType"
          params={params}
          placeholder="e.g. SubUser, AssumedRole"
        />
        <TextFilter label="Request ID" name="requestId" params={params} />
        <TextFilter label="Event ID" name="eventId" params={params} />
        {showAccount && <TextFilter label="Account" name="accountId" params={params} />}
        <TextFilter label="Search" name="q" params={params} placeholder="event name, resource, error message" />
        <SelectFilter
          label="Page size"
          name="limit"
          params={params}
          options={PAGE_SIZES.map((n): [string, string] => [String(n), String(n)])}
        />
        <label className="field checkbox">
          <input type="checkbox" name="sensitive" value="true" defaultChecked={params.get("sensitive") === "true"} />
          <span>Sensitive operations only</span>
        </label>
      </div>
      {params.get("order") === "asc" && <input type="hidden" name="order" value="asc" />}
      {params.get("utc") && <input type="hidden" name="utc" value="1" />}
      <NameList id="known-operators" names={operators} />
      <FilterActions clearHref="/operation-records" />
    </form>
  );
}
