"use client";

import { useCopy } from "@/components/ui/use-copy";

export function CopyLinkButton() {
  const [outcome, copy] = useCopy();
  return (
    <>
      <button
        type="button"
        onClick={() =>
          copy(
            window.location.href,
            "Link copied. Anyone in this workspace can open it.",
            "Could not copy. Copy the address from the address bar instead.",
          )
        }
        className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Copy link
      </button>
      {/* Fixed in a corner, so the message never moves the page; the empty region exists first so it is announced. */}
      <div role="status" className="pointer-events-none fixed right-4 bottom-4 z-50 max-w-sm">
        {outcome && (
          <p
            key={outcome.id}
            className={`rounded-md border px-4 py-3 text-sm shadow-lg ${
              outcome.failed
                ? "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
                : "border-zinc-200 bg-white text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
            }`}
          >
            {outcome.text}
          </p>
        )}
      </div>
    </>
  );
}
