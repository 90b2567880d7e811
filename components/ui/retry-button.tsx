/** The "Retry" button beside an error message; the look follows the message it sits in. */
export function RetryButton({ onRetry, className }: { onRetry: () => void; className: string }) {
  return (
    <button type="button" onClick={onRetry} className={`rounded-md px-2.5 py-1 ${className}`}>
      Retry
    </button>
  );
}
