import {
  columnVisibilityFeature,
  createColumnHelper,
  rowSelectionFeature,
  tableFeatures,
  type ColumnDef,
  type Table,
} from "@tanstack/react-table";
import { FollowUpBadge } from "@/components/follow-ups/open-follow-ups";
import { StatusBadge } from "@/components/ui/status-badge";
import { callFieldColumns, metadataColumnId, selectColumnId, type CallFieldColumnId } from "@/lib/shared/call-columns";
import type { CallRow } from "@/lib/shared/call-rows";
import { formatDuration } from "@/lib/shared/format";
import { metadataCell } from "@/lib/shared/metadata-cell";
import { CallTime } from "./call-time";
import { SelectBox } from "./select-box";

/**
 * TanStack Table v9 with the two features the calls table uses, registered explicitly (nothing else
 * is bundled): column visibility (the Columns menu, remembered per batch) and row selection (the
 * checkbox column, bulk actions). Rows come from the server one page at a time: no client row
 * processing (sorting, filtering, pagination) is registered.
 */
export const callTableFeatures = tableFeatures({ columnVisibilityFeature, rowSelectionFeature });
export type CallTableFeatures = typeof callTableFeatures;
export type CallTable = Table<CallTableFeatures, CallRow>;
export type CallColumnDef = ColumnDef<CallTableFeatures, CallRow, unknown>;

const helper = createColumnHelper<CallTableFeatures, CallRow>();

const muted = <span className="text-zinc-400 dark:text-zinc-600">—</span>;

/** A text cell with a tooltip, or the muted dash when there is no text. */
const textCell = (text: string | undefined, shown: string, title: string | undefined, className: string) =>
  text ? (
    <span title={title} className={className}>
      {shown}
    </span>
  ) : (
    muted
  );

/** What the cells need from the page: where a call's link points, and the batch's first day (for dates). */
export type CallCellContext = { callHref: (jobId: string) => string; firstDayMs: number | undefined };

/** The page's checkbox (the table's header, the cards' Select mode): checked when every call on it is, mixed when some are. */
export function SelectPageBox({ table }: { table: CallTable }) {
  return (
    <SelectBox
      selectsPage
      label="Select all calls on this page"
      checked={table.getIsAllPageRowsSelected()}
      mixed={table.getIsSomePageRowsSelected()}
      onChange={table.getToggleAllPageRowsSelectedHandler()}
    />
  );
}

/**
 * The table's columns: the selection checkbox, the call's own fields (its job id a real link to its
 * dialog: Tab stop, new tab, copy link), then one per CSV column. Job id, status and the checkbox
 * cannot be hidden.
 */
export function callColumns(metadataKeys: string[], context: CallCellContext): CallColumnDef[] {
  const time = (ms: number | undefined) =>
    ms === undefined ? muted : <CallTime ms={ms} firstDayMs={context.firstDayMs} />;
  const fieldCell: Record<CallFieldColumnId, (call: CallRow) => React.ReactNode> = {
    phone_number: (call) =>
      textCell(call.phone_number, call.phoneDisplay, call.phone_number, "whitespace-nowrap tabular-nums"),
    startTime: (call) => time(call.startTime),
    endTime: (call) => time(call.endTime),
    duration: (call) =>
      call.duration === undefined ? muted : <span className="tabular-nums">{formatDuration(call.duration)}</span>,
    error: (call) =>
      textCell(call.error, call.error ?? "", call.error, "block max-w-56 truncate text-red-700 dark:text-red-400"),
  };
  return [
    helper.display({
      id: selectColumnId,
      enableHiding: false,
      header: ({ table }) => <SelectPageBox table={table} />,
      cell: ({ row }) => (
        <SelectBox
          selectsCall={row.original.jobId}
          label={`Select call ${row.original.jobId}`}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    }),
    helper.display({
      id: "jobId",
      header: "Job id",
      enableHiding: false,
      cell: ({ row }) => (
        // One line: the badge beside the id, not under it (the row keeps its height).
        <span className="inline-flex items-center gap-2 whitespace-nowrap">
          <a
            href={context.callHref(row.original.jobId)}
            data-call-link={row.original.jobId}
            className="rounded-sm font-mono text-xs text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
          >
            {row.original.jobId}
          </a>
          <FollowUpBadge jobId={row.original.jobId} />
        </span>
      ),
    }),
    helper.display({
      id: "status",
      header: "Status",
      enableHiding: false,
      cell: ({ row }) => <StatusBadge status={row.original.status} />,
    }),
    ...callFieldColumns.map(({ id, label }) =>
      helper.display({ id, header: label, cell: ({ row }) => fieldCell[id](row.original) }),
    ),
    ...metadataKeys.map((key) =>
      helper.display({
        id: metadataColumnId(key),
        header: key,
        cell: ({ row }) => {
          const value = metadataCell(row.original.metadata, key);
          return textCell(value, value, value.length > 40 ? value.slice(0, 500) : undefined, "block max-w-48 truncate");
        },
      }),
    ),
  ];
}
