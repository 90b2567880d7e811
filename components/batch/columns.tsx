"use client";

import { columnVisibilityFeature, createColumnHelper, tableFeatures } from "@tanstack/react-table";
import { LocalTime } from "@/components/ui/local-time";
import { StatusBadge } from "@/components/ui/status-badge";
import type { CallRow } from "@/lib/shared/call-rows";
import { metadataCell } from "@/lib/shared/metadata-cell";
import { formatDuration } from "@/lib/shared/format";

export const tableFeaturesUsed = tableFeatures({ columnVisibilityFeature });

const helper = createColumnHelper<typeof tableFeaturesUsed, CallRow>();

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

export function buildColumns(metadataKeys: string[]) {
  return helper.columns([
    helper.accessor("jobId", {
      header: "Job id",
      enableHiding: false,
      cell: (info) => <span className="font-mono text-xs">{info.getValue()}</span>,
    }),
    helper.accessor("status", {
      header: "Status",
      enableHiding: false,
      cell: (info) => <StatusBadge status={info.getValue()} />,
    }),
    helper.accessor("phone_number", {
      header: "Phone",
      cell: (info) =>
        textCell(info.getValue(), info.row.original.phoneDisplay, info.getValue(), "whitespace-nowrap tabular-nums"),
    }),
    helper.accessor("startTime", { header: "Started", cell: (info) => timeCell(info.getValue()) }),
    helper.accessor("endTime", { header: "Ended", cell: (info) => timeCell(info.getValue()) }),
    helper.accessor("duration", {
      header: "Duration",
      cell: (info) => {
        const value = info.getValue();
        return value === undefined ? muted : <span className="tabular-nums">{formatDuration(value)}</span>;
      },
    }),
    helper.accessor("error", {
      header: "Error",
      cell: (info) => {
        const value = info.getValue();
        return textCell(value, value ?? "", value, "block max-w-56 truncate text-red-700 dark:text-red-400");
      },
    }),
    ...metadataKeys.map((key) =>
      helper.accessor((call: CallRow) => metadataCell(call.metadata, key), {
        id: metadataColumnId(key),
        header: key,
        cell: (info) => {
          const value = String(info.getValue());
          return textCell(value, value, value.length > 40 ? value.slice(0, 500) : undefined, "block max-w-48 truncate");
        },
      }),
    ),
  ]);
}
