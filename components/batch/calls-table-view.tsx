import type { CallRow } from "@/lib/shared/call-rows";
import type { CallColumn } from "./call-columns";

/**
 * A call Trillet sent that could not be read: said so across the row, with its jobId when it had
 * one, while the rows around it show as usual. Not clickable: there is nothing more to show.
 */
function UnreadableRow({ call, columns }: { call: CallRow; columns: number }) {
  return (
    <tr data-unreadable="" className="bg-amber-50/60 dark:bg-amber-950/40">
      <td colSpan={columns} className="px-3 py-2 text-sm text-amber-950 dark:text-amber-100">
        <span className="font-medium">Unreadable row</span>
        {call.jobId && <span className="ml-2 font-mono text-xs">{call.jobId}</span>}
        <span className="ml-2">
          Trillet sent this call in a form Batch Console cannot read ({call.unreadable}). It has been logged; the other
          rows are not affected.
        </span>
      </td>
    </tr>
  );
}

/** The row a click or Enter landed in, when it is a call's row. */
const rowJobId = (target: EventTarget) =>
  target instanceof Element ? target.closest<HTMLElement>("tr[data-job-id]")?.dataset.jobId : undefined;

/**
 * The calls as a table (wide screens). One click and one key handler for the whole body instead of two
 * closures per row.
 */
export function CallsTableView({
  calls,
  columns,
  batchId,
  onOpen,
  onRowIntent,
}: {
  calls: CallRow[];
  columns: CallColumn[];
  batchId: string;
  onOpen: (jobId: string) => void;
  onRowIntent?: () => void;
}) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">
        Calls of batch {batchId}. Select a row or press Enter on it to see its details.
      </caption>
      <thead className="bg-zinc-50 text-xs text-zinc-600 uppercase dark:bg-zinc-900 dark:text-zinc-400">
        <tr>
          {columns.map((column) => (
            <th key={column.id} scope="col" className="px-3 py-2 font-medium whitespace-nowrap normal-case">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody
        className="divide-y divide-zinc-200 dark:divide-zinc-800"
        onPointerOver={onRowIntent}
        onFocus={onRowIntent}
        onClick={(event) => {
          const jobId = rowJobId(event.target);
          if (jobId !== undefined) onOpen(jobId);
        }}
        onKeyDown={(event) => {
          const jobId = event.key === "Enter" ? rowJobId(event.target) : undefined;
          if (jobId === undefined) return;
          event.preventDefault();
          onOpen(jobId);
        }}
      >
        {calls.map((call, index) =>
          call.unreadable !== undefined ? (
            // An unreadable row may have no jobId (or share one): it gets a key of its own, by position.
            <UnreadableRow key={`unreadable:${index}`} call={call} columns={columns.length} />
          ) : (
            <tr
              key={call.jobId}
              tabIndex={0}
              data-job-id={call.jobId}
              className="cursor-pointer hover:bg-zinc-50 focus-visible:bg-zinc-50 dark:hover:bg-zinc-900 dark:focus-visible:bg-zinc-900"
            >
              {columns.map((column) => (
                <td key={column.id} className="px-3 py-2 align-top">
                  {column.cell(call)}
                </td>
              ))}
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}
