"use client";

import { useRouter } from "next/navigation";

/** A broken upstream gets a sentence and a retry button, never a blank page. */
export function UpstreamErrorPanel({
  message,
  retryAfterSeconds,
  onRetry,
}: {
  message: string;
  retryAfterSeconds?: number;
  onRetry?: () => void;
}) {
  const router = useRouter();
  return (
    <section
      role="alert"
      className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-5 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <h2 className="font-semibold">The calls could not be loaded</h2>
      <p className="mt-1 text-sm">{message}</p>
      {retryAfterSeconds !== undefined && (
        <p className="mt-1 text-sm">You can retry in about {Math.max(1, retryAfterSeconds)} s.</p>
      )}
      <button
        type="button"
        onClick={() => (onRetry ? onRetry() : router.refresh())}
        className="mt-3 rounded-md bg-amber-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-800 dark:bg-amber-200 dark:text-amber-950 dark:hover:bg-amber-100"
      >
        Retry
      </button>
    </section>
  );
}
