"use client";

import { RetryButton } from "@/components/ui/retry-button";
import type { ApiClientError } from "@/lib/shared/api-client";
import type { CallSearchResult } from "@/lib/shared/call-detail";
import { formatCount } from "@/lib/shared/format";

export type CallSearchStatusProps = {
  query: string;
  search: { data?: CallSearchResult; error?: ApiClientError; isLoading: boolean };
  onRetry: () => void;
};

/** What a search found, or that it could not run: said plainly, with the batch's own calls still below. */
export function SearchStatusBody({ query, search, onRetry }: CallSearchStatusProps) {
  const { data, error } = search;
  if (error) {
    return (
      <div
        role="alert"
        className="mt-3 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
      >
        <span>Search is unavailable right now: {error.message} The table shows the batch&apos;s calls instead.</span>
        <RetryButton
          onRetry={onRetry}
          className="bg-amber-900 text-xs font-medium text-white hover:bg-amber-800 dark:bg-amber-200 dark:text-amber-950"
        />
      </div>
    );
  }
  const found = data?.calls.length ?? 0;
  return (
    <p role="status" className="mt-2 text-sm text-zinc-700 dark:text-zinc-300" data-testid="search-status">
      {!data
        ? `Searching for “${query}”…`
        : `${formatCount(found)} ${found === 1 ? "call matches" : "calls match"} “${query}”${data.kind === "phone" ? " (as a phone number)" : ""}.` +
          (data.more ? " Only the first 100 matches are shown: make the search more precise." : "") +
          (data.unlinked > 0
            ? ` ${formatCount(data.unlinked)} more matching call records do not say which call of this batch they belong to.`
            : "")}
    </p>
  );
}
