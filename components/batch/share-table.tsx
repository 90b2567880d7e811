import { formatCount, percent } from "@/lib/shared/format";

export type ShareRow = { key: string; label: string; count: number };

/**
 * Counts with their share of a whole, most frequent first, as the failure-reasons and outcomes
 * panels show them: each label is a button that opens (or closes) the list of its calls.
 */
export function ShareTable({
  caption,
  labelHeading,
  rows,
  whole,
  open,
  onToggle,
  barClassName,
}: {
  caption: string;
  labelHeading: string;
  rows: ShareRow[];
  whole: number;
  open: string | undefined;
  onToggle: (key: string) => void;
  barClassName: string;
}) {
  return (
    <table className="mt-3 w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-xs text-zinc-600 dark:text-zinc-400">
        <tr>
          <th scope="col" className="py-1 pr-3 font-medium">
            {labelHeading}
          </th>
          <th scope="col" className="py-1 pr-3 text-right font-medium">
            Calls
          </th>
          <th scope="col" className="w-2/5 py-1 font-medium">
            Share
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const share = percent(row.count, whole);
          return (
            <tr key={row.key} className="border-t border-zinc-100 dark:border-zinc-900">
              <th scope="row" className="py-1.5 pr-3 font-normal">
                <button
                  type="button"
                  aria-expanded={open === row.key}
                  onClick={() => onToggle(row.key)}
                  className="text-left text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
                >
                  {row.label}
                </button>
              </th>
              <td className="py-1.5 pr-3 text-right tabular-nums">{formatCount(row.count)}</td>
              <td className="py-1.5">
                <div className="flex items-center gap-2">
                  <div aria-hidden="true" className="h-2.5 flex-1 rounded bg-zinc-100 dark:bg-zinc-800">
                    <div className={`h-full rounded ${barClassName}`} style={{ width: `${Math.max(share, 1)}%` }} />
                  </div>
                  <span className="w-10 text-right tabular-nums">{share}%</span>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
