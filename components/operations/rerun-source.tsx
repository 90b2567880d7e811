"use client";

import { useState } from "react";
import useSWR from "swr";
import { getChecked } from "@/lib/shared/api-client";
import { formatCount } from "@/lib/shared/format";
import { isRerunRows, rerunApiUrl } from "@/lib/shared/operations";
import { errorBox, muted, primaryButton, secondaryButton } from "./styles";

const fetchRerun = (url: string) => getChecked(url, isRerunRows);

/**
 * The re-run's rows, built by the server from the batch's failed calls: the operator may leave
 * error kinds out (e.g. "Invalid number"), then the rows go through the same review as a file.
 */
export function RerunSource({
  slug,
  batchId,
  disabled,
  onRows,
}: {
  slug: string;
  batchId: string;
  disabled?: boolean;
  onRows: (source: { blob: Blob; name: string }) => void;
}) {
  // The kinds come from the first answer (nothing left out); the rows from the answer for the chosen exclusions.
  const all = useSWR(rerunApiUrl(slug, batchId), fetchRerun, { revalidateOnFocus: false, shouldRetryOnError: false });
  const [excluded, setExcluded] = useState<string[]>([]);
  const [building, setBuilding] = useState(false);
  const [error, setError] = useState<string>();

  async function use() {
    setError(undefined);
    setBuilding(true);
    try {
      const rows =
        excluded.length === 0 && all.data ? all.data : await fetchRerun(rerunApiUrl(slug, batchId, excluded));
      onRows({ blob: new Blob([rows.csv], { type: "text/csv" }), name: rows.fileName });
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "The re-run's rows could not be built.");
    } finally {
      setBuilding(false);
    }
  }

  if (all.error) {
    return (
      <div role="alert" className={errorBox}>
        The failed calls could not be read: {all.error instanceof Error ? all.error.message : "unknown error"}{" "}
        <button type="button" className={secondaryButton} onClick={() => void all.mutate()}>
          Retry
        </button>
      </div>
    );
  }
  if (!all.data) return <p className={muted}>Reading the batch&apos;s failed calls…</p>;
  const kept = all.data.kinds.filter((k) => !excluded.includes(k.kind)).reduce((sum, k) => sum + k.count, 0);
  return (
    <fieldset className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" disabled={disabled || building}>
      <legend className="px-1 text-sm font-medium">
        {formatCount(all.data.failed)} failed {all.data.failed === 1 ? "call" : "calls"} in batch {batchId}, by error
      </legend>
      <p className={muted}>Leave out the kinds of failure that another call will not fix.</p>
      <ul className="mt-2 space-y-1">
        {all.data.kinds.map(({ kind, count }) => (
          <li key={kind}>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={!excluded.includes(kind)}
                onChange={(event) =>
                  setExcluded(event.target.checked ? excluded.filter((k) => k !== kind) : [...excluded, kind])
                }
              />
              <span>
                {kind} <span className="text-zinc-600 dark:text-zinc-400">({formatCount(count)})</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      <div className="mt-3">
        <button type="button" className={primaryButton} onClick={() => void use()} disabled={kept === 0}>
          {building ? "Building the rows…" : `Review ${formatCount(kept)} ${kept === 1 ? "call" : "calls"} to re-run`}
        </button>
      </div>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}
