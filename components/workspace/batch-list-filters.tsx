import { FilterActions } from "./filter-actions";
import type { BatchListParams } from "@/lib/workspace/query";
import { batchStatuses } from "@/lib/workspace/query";

const field =
  "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900 min-w-0";

/** A plain GET form: the filter is in the URL, a link shares it, and it works before any script has loaded. */
export function BatchListFilters({ action, params }: { action: string; params: BatchListParams }) {
  return (
    <form method="get" action={action} role="search" aria-label="Filter batches" className="mt-3 flex flex-wrap gap-2">
      <label className="flex min-w-0 flex-1 flex-col text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Label or batch id
        <input name="q" defaultValue={params.q ?? ""} maxLength={100} className={`${field} mt-1 font-normal`} />
      </label>
      <label className="flex flex-col text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Status
        <select name="status" defaultValue={params.status ?? ""} className={`${field} mt-1 font-normal`}>
          <option value="">Any</option>
          <option value="unfinished">Not finished</option>
          {batchStatuses.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      {params.hidden ? <input type="hidden" name="hidden" value="1" /> : null}
      {params.run ? <input type="hidden" name="run" value={params.run} /> : null}
      <FilterActions
        clearHref={params.q || params.status ? (params.hidden ? `${action}?hidden=1` : action) : undefined}
      />
    </form>
  );
}
