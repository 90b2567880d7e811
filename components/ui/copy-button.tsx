"use client";

import { toast } from "sonner";

export function CopyButton({ value, label }: { value: string; label: string }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      toast.success(`${label} copied`);
    } catch {
      toast.error(`Could not copy the ${label.toLowerCase()}`);
    }
  }
  return (
    <button
      type="button"
      onClick={copy}
      className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      aria-label={`Copy ${label.toLowerCase()}`}
    >
      Copy
    </button>
  );
}
