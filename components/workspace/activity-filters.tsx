import { FilterActions } from "./filter-actions";
import { activityLabels } from "@/lib/shared/activity";

const field =
  "mt-1 min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-900";
const labelClass = "flex min-w-0 flex-col text-xs font-medium text-zinc-700 dark:text-zinc-300";

export function ActivityFilters({
  action,
  query,
  people,
}: {
  action: string;
  query: { batch?: string; person?: string; action?: string };
  people: { id: string; name: string }[];
}) {
  return (
    <form method="get" action={action} role="search" aria-label="Filter activity" className="mt-4 flex flex-wrap gap-2">
      <label className={`${labelClass} flex-1`}>
        Batch id
        <input name="batch" defaultValue={query.batch ?? ""} maxLength={128} className={`${field} font-mono`} />
      </label>
      <label className={labelClass}>
        Person
        <select name="person" defaultValue={query.person ?? ""} className={field}>
          <option value="">Anyone</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </label>
      <label className={labelClass}>
        Action
        <select name="action" defaultValue={query.action ?? ""} className={field}>
          <option value="">Any</option>
          {Object.entries(activityLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <FilterActions clearHref={query.batch || query.person || query.action ? action : undefined} />
    </form>
  );
}
