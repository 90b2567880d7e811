import { RefreshButton } from "./refresh-button";

const retryClass =
  "mt-3 rounded-md bg-amber-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-800 dark:bg-amber-200 dark:text-amber-950 dark:hover:bg-amber-100";

/**
 * A broken upstream gets a sentence and a retry button, never a blank page. Rendered by the
 * server, only its button is client code (it refreshes the page); `onRetry` is for client callers.
 */
export function UpstreamErrorPanel({
  message,
  retryAfterSeconds,
  onRetry,
}: {
  message: string;
  retryAfterSeconds?: number;
  onRetry?: () => void;
}) {
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
      {onRetry ? (
        <button type="button" onClick={onRetry} className={retryClass}>
          Retry
        </button>
      ) : (
        <RefreshButton className={retryClass} />
      )}
    </section>
  );
}
