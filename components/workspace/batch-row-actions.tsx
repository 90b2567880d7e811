"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { workspaceBatchApiUrl } from "@/lib/shared/paths";

const button =
  "rounded-md border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** Label and hide/show for one listed batch: a PATCH, then the server list again. */
export function BatchRowActions({
  slug,
  batchId,
  label,
  hidden,
}: {
  slug: string;
  batchId: string;
  label: string | null;
  hidden: boolean;
}) {
  const router = useRouter();
  const inputId = useId();
  const errorId = useId();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function change(body: { label: string } | { hidden: boolean }): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    try {
      const response = await fetch(workspaceBatchApiUrl(slug, batchId), {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        const answer = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
        setError(answer?.error?.message ?? "That did not work. Try again.");
        return false;
      }
      router.refresh();
      return true;
    } catch {
      setError("The server did not answer. Try again.");
      return false;
    } finally {
      setBusy(false);
    }
  }

  if (editing) {
    return (
      <form
        className="flex w-full flex-wrap items-center gap-2 sm:w-auto"
        onSubmit={async (event) => {
          event.preventDefault();
          const value = String(new FormData(event.currentTarget).get("label") ?? "");
          if (await change({ label: value })) setEditing(false);
        }}
      >
        <label htmlFor={inputId} className="sr-only">
          Label for {batchId}
        </label>
        <input
          id={inputId}
          name="label"
          defaultValue={label ?? ""}
          maxLength={120}
          autoFocus
          placeholder="e.g. Q4 renewals – West"
          aria-describedby={error ? errorId : undefined}
          onKeyDown={(event) => event.key === "Escape" && setEditing(false)}
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button type="submit" className={button} disabled={busy}>
          Save
        </button>
        <button type="button" className={button} onClick={() => setEditing(false)}>
          Cancel
        </button>
        {error ? (
          <p id={errorId} role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </form>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" className={button} onClick={() => setEditing(true)} aria-label={`Label ${batchId}`}>
        {label ? "Rename" : "Label"}
      </button>
      <button
        type="button"
        className={button}
        disabled={busy}
        onClick={() => void change({ hidden: !hidden })}
        aria-label={`${hidden ? "Show" : "Hide"} ${batchId}`}
      >
        {hidden ? "Show" : "Hide"}
      </button>
      {error ? (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
