import { RetryButton } from "./retry-button";

/** Something on the page could not be read (the rows, a search): said in amber, with "Retry". */
export function RetryWarning({ children, onRetry }: { children: React.ReactNode; onRetry: () => void }) {
  return (
    <div
      role="alert"
      className="mt-3 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <span>{children}</span>
      <RetryButton
        onRetry={onRetry}
        className="bg-amber-900 text-xs font-medium text-white hover:bg-amber-800 dark:bg-amber-200 dark:text-amber-950"
      />
    </div>
  );
}
