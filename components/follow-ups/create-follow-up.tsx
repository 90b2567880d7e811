"use client";

import { useId, useState } from "react";
import { onDemand } from "@/components/ui/on-demand";
import type { CreateRequest } from "./api";
import { secondaryButton } from "./labels";

// The form, its list of people and its request load when a bulk follow-up is first approached or opened,
// not with the page that shows the button.
const createForm = onDemand(() => import("./create-follow-up-form").then((module) => module.CreateFollowUpForm));

/** Which calls: by job id (with the table view they are listed in), every call of one outcome, or of a status tab. */
export type FollowUpTarget = Pick<CreateRequest, "batchId" | "jobIds" | "outcome" | "status" | "q" | "view">;

export type Created = { createdCount: number; skipped: number; firstId?: number };

/** Says what a creation did, including the calls skipped because they already had an open follow-up. */
export function createdText({ createdCount, skipped }: Created): string {
  const made = `${createdCount.toLocaleString("en-US")} follow-up${createdCount === 1 ? "" : "s"} created`;
  if (skipped === 0) return `${made}.`;
  const had = `${skipped.toLocaleString("en-US")} call${skipped === 1 ? "" : "s"} already had an open follow-up`;
  return `${made}; ${had} and ${skipped === 1 ? "was" : "were"} skipped.`;
}

/** A button that opens the form for many calls at once (one outcome, a status tab or filter, selected rows). */
export function BulkFollowUp({
  slug,
  target,
  buttonLabel,
  confirm,
  submitLabel = "Create follow-ups",
  className,
}: {
  slug: string;
  target: FollowUpTarget;
  buttonLabel: string;
  /** What the form will do, said before it is sent (how many calls). */
  confirm?: string;
  submitLabel?: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState("");
  const panel = useId();
  const Form = createForm.useLoaded();
  return (
    <div className={`${className ?? ""} ${open ? "basis-full" : ""}`}>
      <button
        type="button"
        className={secondaryButton}
        aria-expanded={open}
        aria-controls={panel}
        onPointerEnter={createForm.load}
        onFocus={createForm.load}
        onClick={() => {
          createForm.load();
          setOpen(!open);
          setResult("");
        }}
      >
        {buttonLabel}
      </button>
      <div id={panel} hidden={!open} className="mt-3">
        {open && confirm ? <p className="mb-2 text-sm">{confirm}</p> : null}
        {open && !Form ? <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the form…</p> : null}
        {open && Form ? (
          // The store hands back one component per module, loaded once: its identity never changes.
          // eslint-disable-next-line react-hooks/static-components
          <Form
            slug={slug}
            target={target}
            submitLabel={submitLabel}
            onCancel={() => setOpen(false)}
            onCreated={(created) => {
              setOpen(false);
              setResult(createdText(created));
            }}
          />
        ) : null}
      </div>
      <p role="status" className="mt-1 text-sm text-zinc-700 empty:hidden dark:text-zinc-300">
        {result}
      </p>
    </div>
  );
}
