import { LocalTime } from "@/components/ui/local-time";
import type { DoNotCallEntry } from "@/lib/guardrails/do-not-call";
import { doNotCallReasonLabels } from "@/lib/shared/do-not-call";
import { RemoveNumber } from "./remove-number";

/** The list's rows: number, why, note, who added it and when; operators get "Remove…" on each. */
export function DoNotCallTable({
  slug,
  entries,
  canEdit,
}: {
  slug: string;
  entries: DoNotCallEntry[];
  canEdit: boolean;
}) {
  const head = "px-3 py-2 font-medium";
  return (
    <div className="relative mt-4 overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Numbers on the do-not-call list, newest first</caption>
        <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className={head}>
              Number
            </th>
            <th scope="col" className={head}>
              Why
            </th>
            <th scope="col" className={head}>
              Added
            </th>
            {canEdit ? (
              <th scope="col" className={head}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {entries.map((entry) => (
            <tr key={entry.number}>
              <td className="px-3 py-2 align-top font-mono text-xs whitespace-nowrap">{entry.number}</td>
              <td className="px-3 py-2 align-top">
                {doNotCallReasonLabels[entry.reason] ?? entry.reason}
                {entry.note ? (
                  <span className="block text-xs break-words text-zinc-600 dark:text-zinc-400">{entry.note}</span>
                ) : null}
              </td>
              <td className="px-3 py-2 align-top">
                <span className="block break-all">{entry.addedBy}</span>
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                  <LocalTime ms={Date.parse(entry.addedAt)} />
                </span>
              </td>
              {canEdit ? (
                <td className="px-3 py-2 text-right align-top">
                  <RemoveNumber slug={slug} number={entry.number} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
