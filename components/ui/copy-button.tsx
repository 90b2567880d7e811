"use client";

import { useCopy } from "./use-copy";

/** A small "Copy" button that says beside itself whether it worked (also to screen readers). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [outcome, copy] = useCopy();
  return (
    <>
      <button
        type="button"
        onClick={() => copy(value, `${label} copied`, `Could not copy the ${label.toLowerCase()}`)}
        className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        aria-label={`Copy ${label.toLowerCase()}`}
      >
        Copy
      </button>
      <span role="status" className="ml-2 text-xs">
        {outcome && (
          <span
            key={outcome.id}
            className={outcome.failed ? "text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}
          >
            {outcome.text}
          </span>
        )}
      </span>
    </>
  );
}
