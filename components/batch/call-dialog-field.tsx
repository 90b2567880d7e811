/**
 * One labelled value of the call dialog: label above value on a phone (the value keeps the whole
 * width, so a time or a number is never cut), side by side from sm up.
 */
export function DialogField({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-0.5 py-1.5 sm:grid-cols-[9rem_1fr] sm:gap-2">
      <dt className="text-sm text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-sm break-words whitespace-pre-wrap">{children}</dd>
    </div>
  );
}
