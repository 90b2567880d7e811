import { LocalTime } from "@/components/ui/local-time";
import { StatusBadge } from "@/components/ui/status-badge";
import type { CallRow } from "@/lib/shared/call-rows";
import { formatDuration } from "@/lib/shared/format";
import { metadataCell } from "@/lib/shared/metadata-cell";

/** A column of the calls table. Ids are the ones column choices are stored under (use-column-visibility). */
export type CallColumn = { id: string; header: string; canHide: boolean; cell: (call: CallRow) => React.ReactNode };

export const metadataColumnId = (key: string) => `meta:${key}`;

const muted = <span className="text-zinc-400 dark:text-zinc-600">—</span>;

const timeCell = (ms: number | undefined) => (ms === undefined ? muted : <LocalTime ms={ms} compact />);

/** A text cell with a tooltip, or the muted dash when there is no text. */
const textCell = (text: string | undefined, shown: string, title: string | undefined, className: string) =>
  text ? (
    <span title={title} className={className}>
      {shown}
    </span>
  ) : (
    muted
  );

/** Union of metadata keys over the rows, in first-seen order: whatever columns the CSV had. */
export function metadataKeysOf(calls: CallRow[]): string[] {
  const keys = new Set<string>();
  for (const call of calls) for (const key of Object.keys(call.metadata)) keys.add(key);
  return [...keys];
}

const fixedColumns: CallColumn[] = [
  {
    id: "jobId",
    header: "Job id",
    canHide: false,
    cell: (call) => <span className="font-mono text-xs">{call.jobId}</span>,
  },
  { id: "status", header: "Status", canHide: false, cell: (call) => <StatusBadge status={call.status} /> },
  {
    id: "phone_number",
    header: "Phone",
    canHide: true,
    cell: (call) => textCell(call.phone_number, call.phoneDisplay, call.phone_number, "whitespace-nowrap tabular-nums"),
  },
  { id: "startTime", header: "Started", canHide: true, cell: (call) => timeCell(call.startTime) },
  { id: "endTime", header: "Ended", canHide: true, cell: (call) => timeCell(call.endTime) },
  {
    id: "duration",
    header: "Duration",
    canHide: true,
    cell: (call) =>
      call.duration === undefined ? muted : <span className="tabular-nums">{formatDuration(call.duration)}</span>,
  },
  {
    id: "error",
    header: "Error",
    canHide: true,
    cell: (call) =>
      textCell(call.error, call.error ?? "", call.error, "block max-w-56 truncate text-red-700 dark:text-red-400"),
  },
];

/** The table's columns: the call's own fields, then one per CSV column. Plain data: no table library. */
export function callColumns(metadataKeys: string[]): CallColumn[] {
  return [
    ...fixedColumns,
    ...metadataKeys.map((key): CallColumn => ({
      id: metadataColumnId(key),
      header: key,
      canHide: true,
      cell: (call) => {
        const value = metadataCell(call.metadata, key);
        return textCell(value, value, value.length > 40 ? value.slice(0, 500) : undefined, "block max-w-48 truncate");
      },
    })),
  ];
}
