import { FilterActions } from "@/components/workspace/filter-actions";
import type { QueueFilter } from "@/lib/shared/follow-ups";

const field =
  "mt-1 min-w-0 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-900";
const label = "flex min-w-0 flex-col text-xs font-medium text-zinc-700 dark:text-zinc-300";

/** A plain GET form: the queue's filter is in the URL, so a link shares the view, and it works before any script. */
export function QueueFilters({ action, filter, limit }: { action: string; filter: QueueFilter; limit: number }) {
  const filtered = Boolean(filter.who || filter.overdue || filter.batch || filter.state !== "open");
  return (
    // Keyed by the filter: a link to another view (the header's "mine") re-renders this page in place, and the
    // fields' defaults must follow the URL.
    <form
      key={`${filter.who}|${filter.state}|${filter.batch}|${filter.overdue}`}
      method="get"
      action={action}
      role="search"
      aria-label="Filter follow-ups"
      className="mt-4 flex flex-wrap gap-2"
    >
      <label className={label}>
        Assigned to
        <select name="who" defaultValue={filter.who ?? ""} className={field}>
          <option value="">Anyone</option>
          <option value="mine">Me</option>
          <option value="unassigned">Nobody</option>
        </select>
      </label>
      <label className={label}>
        State
        <select name="state" defaultValue={filter.state} className={field}>
          <option value="open">Open</option>
          <option value="done">Done</option>
          <option value="all">All</option>
        </select>
      </label>
      <label className={`${label} flex-1`}>
        Batch id
        <input name="batch" defaultValue={filter.batch ?? ""} maxLength={128} className={field} />
      </label>
      <label className="flex items-center gap-2 self-end py-1.5 text-sm">
        <input type="checkbox" name="overdue" value="1" defaultChecked={filter.overdue} className="size-4" />
        Overdue only
      </label>
      {limit !== 25 ? <input type="hidden" name="limit" value={limit} /> : null}
      <FilterActions clearHref={filtered ? action : undefined} />
    </form>
  );
}
