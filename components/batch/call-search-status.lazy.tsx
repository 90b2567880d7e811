"use client";

import { RetryWarning } from "@/components/ui/retry-warning";
import type { ApiClientError } from "@/lib/shared/api-client";
import type { CallStatusFilter } from "@/lib/shared/batch-view";
import type { CallSearchResult, SearchProgress } from "@/lib/shared/call-detail";
import type { CallRow } from "@/lib/shared/call-rows";
import { formatCount } from "@/lib/shared/format";
import { excerptsOf, transcriptsOf, type TranscriptsProgress } from "@/lib/shared/search-said";

export type CallSearchStatusProps = {
  query: string;
  status: CallStatusFilter;
  search: { data?: CallSearchResult; error?: ApiClientError; isLoading: boolean };
  onRetry: () => void;
};

const about = (seconds: number) =>
  seconds < 90 ? `about ${formatCount(Math.max(1, seconds))} s` : `about ${formatCount(Math.ceil(seconds / 60))} min`;

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** How much of the batch the answer covers, in words: never a partial answer that looks whole. */
function coverage(progress: SearchProgress, transcripts: TranscriptsProgress | undefined): string {
  const of = `searched ${formatCount(progress.searched)}${progress.total === undefined ? "" : ` of ${formatCount(progress.total)}`} calls`;
  if (progress.stopped?.reason === "budget") {
    return ` So far: ${of}. Trillet's request budget is spent for now; the rest will be searched from ${clock(progress.stopped.resumeAt)}${progress.restSeconds ? ` (${about(progress.restSeconds)} of reading)` : ""}.`;
  }
  if (progress.stopped) {
    return ` So far: ${of}. Trillet did not answer; searching resumes at ${clock(progress.stopped.resumeAt)}.`;
  }
  const allCalls = progress.total !== undefined && progress.searched >= progress.total;
  if (!progress.complete && allCalls && transcripts?.state === "reading") {
    return ` Searched all ${formatCount(progress.total ?? progress.searched)} calls; still reading what was said in them (transcripts and summaries)…`;
  }
  if (!progress.complete && allCalls && transcripts?.state === "paused") {
    return ` Searched all ${formatCount(progress.total ?? progress.searched)} calls. Reading what was said in them is paused (Trillet refused or failed) and resumes on its own.`;
  }
  if (!progress.complete) {
    return ` So far: ${of}; still searching${progress.restSeconds ? ` (${about(progress.restSeconds)} left)` : ""}…`;
  }
  const all = ` Searched all ${formatCount(progress.total ?? progress.searched)} calls.`;
  return progress.live ? `${all} The batch is still running: its calls are searched again as they change.` : all;
}

/** Who a call was to, in the row's own words: name, else number, else job id. */
function callName(row: CallRow): string {
  const name = [row.metadata.first_name, row.metadata.last_name].filter(Boolean).join(" ").trim();
  return name || row.phoneDisplay || row.jobId;
}

/** For calls found in what was said: where, and the words around it (plain text, never markup). */
function SaidExcerpts({ data }: { data: CallSearchResult }) {
  const excerpts = excerptsOf(data);
  const rows = data.calls.filter((row) => excerpts.has(row.jobId));
  if (rows.length === 0) return null;
  return (
    <ul aria-label="Found in what was said" className="mt-2 space-y-1 text-sm text-zinc-700 dark:text-zinc-300">
      {rows.map((row) => {
        const hit = excerpts.get(row.jobId)!;
        return (
          <li key={row.jobId} data-testid="search-said" className="break-words">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{callName(row)}</span>
            {hit.where === "transcript" ? " — said in the call: " : " — in the call's summary: "}
            <q className="italic">{hit.excerpt}</q>
          </li>
        );
      })}
    </ul>
  );
}

/** What a search found and how much of the batch it covers, or that it could not run: said plainly. */
export function SearchStatusBody({ query, status, search, onRetry }: CallSearchStatusProps) {
  const { data, error } = search;
  if (error) {
    return (
      <RetryWarning onRetry={onRetry}>
        Search is unavailable right now: {error.message} The table shows the batch&apos;s calls instead.
      </RetryWarning>
    );
  }
  const found = data?.pagination.total ?? 0;
  const kind = status === "all" ? "" : `${status} `;
  return (
    <>
      <p role="status" className="mt-2 text-sm text-zinc-700 dark:text-zinc-300" data-testid="search-status">
        {!data
          ? `Searching for “${query}”…`
          : `${formatCount(found)} ${kind}${found === 1 ? "call matches" : "calls match"} “${query}”${data.kind === "phone" ? " (as a phone number)" : ""}.` +
            coverage(data.progress, data.kind === "text" ? transcriptsOf(data) : undefined)}
      </p>
      {data && <SaidExcerpts data={data} />}
    </>
  );
}
