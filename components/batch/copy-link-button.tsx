"use client";

import { toast } from "sonner";

export function CopyLinkButton() {
  async function copy() {
    try {
      await navigator.clipboard.writeText(window.location.href);
      toast.success("Link copied. Anyone in this workspace can open it.");
    } catch {
      toast.error("Could not copy. Copy the address from the address bar instead.");
    }
  }
  return (
    <button
      type="button"
      onClick={copy}
      className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      Copy link
    </button>
  );
}
