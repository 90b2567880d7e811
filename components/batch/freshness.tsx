"use client";

import { useSyncExternalStore } from "react";
import { lastReceivedAt, subscribeReceived } from "@/lib/shared/received-at";

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((notify) => notify());
  }, 1_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * The current time, ticking every second. During hydration it is `serverNow`, so the server's
 * text and the browser's first render agree (a mismatch would make React re-render the page).
 */
function useNow(serverNow: number): number {
  return useSyncExternalStore(
    subscribe,
    () => Math.max(now, serverNow),
    () => serverNow,
  );
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : `${Math.floor(minutes / 60)} h ago`;
}

/** The last answer for this view: a poll that changed nothing updates this, not the data. */
function useReceivedAt(viewKey: string, receivedAt: number): number {
  return useSyncExternalStore(
    subscribeReceived,
    () => Math.max(lastReceivedAt(viewKey) ?? 0, receivedAt),
    () => receivedAt,
  );
}

/** "Live · updated 3s ago", and why polling is slower when it is. */
export function Freshness({
  viewKey,
  receivedAt: dataReceivedAt,
  live,
  pollMs,
  slowedForBudget,
  empty = false,
}: {
  viewKey: string;
  receivedAt: number;
  live: boolean;
  pollMs: number;
  slowedForBudget: boolean;
  /** The batch has no calls at all: said as such, not as "finished". */
  empty?: boolean;
}) {
  const receivedAt = useReceivedAt(viewKey, dataReceivedAt);
  const current = useNow(receivedAt);
  return (
    <p className="flex flex-wrap items-center gap-x-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="freshness">
      {live ? (
        <span className="inline-flex items-center gap-1.5 font-medium text-emerald-700 dark:text-emerald-400">
          {/* Pulses once when the data changes (a new key restarts it), then idles until the next change. */}
          <span
            key={dataReceivedAt}
            aria-hidden="true"
            className="size-2 animate-pulse-once rounded-full bg-emerald-600 motion-reduce:animate-none dark:bg-emerald-400"
          />
          Live
        </span>
      ) : (
        <span className="font-medium">{empty ? "No calls: nothing to refresh" : "Finished: not refreshing"}</span>
      )}
      <span>· updated {ago(current - receivedAt)}</span>
      {live && slowedForBudget && (
        <span>· refreshing every {Math.round(pollMs / 1000)} s to stay within Trillet&apos;s rate limit</span>
      )}
    </p>
  );
}
