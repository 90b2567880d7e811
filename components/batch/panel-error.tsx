import { RetryButton } from "@/components/ui/retry-button";

/** A counting panel whose counts could not be had: the reason in plain words and a way to retry. */
export function PanelError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div role="alert" className="mt-2 flex flex-wrap items-center gap-3 text-sm">
      <span>{message}</span>
      <RetryButton onRetry={onRetry} className="border border-zinc-300 dark:border-zinc-700" />
    </div>
  );
}
