"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { parseBatchInput } from "@/lib/shared/batch-link";
import type { WorkspaceLink } from "@/components/shell/workspace-switcher";
import { batchPath } from "@/lib/shared/paths";

export function OpenBatchForm({ workspaces, fixedSlug }: { workspaces: WorkspaceLink[]; fixedSlug?: string }) {
  const router = useRouter();
  const inputId = useId();
  const errorId = useId();
  const [error, setError] = useState<string>();
  const [slug, setSlug] = useState(fixedSlug ?? workspaces[0]?.slug ?? "");

  function open(formData: FormData) {
    const target = parseBatchInput(String(formData.get("batch") ?? ""));
    if ("error" in target) return setError(target.error);
    const targetSlug = target.slug ?? slug;
    if (!workspaces.some((workspace) => workspace.slug === targetSlug)) {
      return setError("That link belongs to a workspace you cannot open.");
    }
    setError(undefined);
    router.push(batchPath(targetSlug, target.batchId, target));
  }

  return (
    <form action={open} className="flex flex-col gap-2" noValidate>
      <label htmlFor={inputId} className="text-sm font-medium">
        Batch id or link
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        {!fixedSlug && workspaces.length > 1 && (
          <select
            aria-label="Workspace"
            value={slug}
            onChange={(event) => setSlug(event.target.value)}
            className="rounded-md border border-zinc-300 bg-white px-2 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            {workspaces.map((workspace) => (
              <option key={workspace.slug} value={workspace.slug}>
                {workspace.name}
              </option>
            ))}
          </select>
        )}
        <input
          id={inputId}
          name="batch"
          autoComplete="off"
          spellCheck={false}
          // A real id, in the monospace font ids are shown in; the taller line keeps its underscore visible at 1× density.
          placeholder="e.g. batch_7891011121314, or a link"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-sm leading-6 placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900 dark:placeholder:text-zinc-400"
        />
        <button
          type="submit"
          className="rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          Open batch
        </button>
      </div>
      {error && (
        <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}
