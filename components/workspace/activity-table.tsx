import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { ActivityRow } from "@/lib/db/activity";
import { batchPath } from "@/lib/shared/paths";
import { activityLabel } from "@/lib/shared/activity";

/** The details worth a glance (format, filter, rows, outcome…), as plain text. */
function detailText(details: ActivityRow["details"]): string {
  return Object.entries(details)
    .filter(([name]) => name !== "path" && name !== "durationMs")
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(" · ");
}

export function ActivityTable({ slug, entries }: { slug: string; entries: ActivityRow[] }) {
  return (
    <div className="mt-4 overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Activity, newest first</caption>
        <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              When
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Who
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              What
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Batch
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="px-3 py-2 align-top">
                <LocalTime ms={Date.parse(entry.at)} />
              </td>
              <td className="px-3 py-2 align-top break-all">{entry.personName}</td>
              <td className="px-3 py-2 align-top">
                {activityLabel(entry.action)}
                {entry.status !== null && entry.status >= 400 ? (
                  <span className="text-red-700 dark:text-red-400"> (refused {entry.status})</span>
                ) : null}
                {detailText(entry.details) ? (
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{detailText(entry.details)}</span>
                ) : null}
              </td>
              <td className="px-3 py-2 align-top font-mono text-xs break-all">
                {entry.batchId ? (
                  <Link href={batchPath(slug, entry.batchId)} className="text-blue-700 underline dark:text-blue-400">
                    {entry.batchId}
                  </Link>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
