"use client";

import Link from "next/link";
import { useId, useState } from "react";
import useSWR from "swr";
import { followUpsPath, maxNoteLength } from "@/lib/shared/follow-ups";
import { createFollowUps, fetchPeople, type CreateRequest } from "./api";
import { refreshBatchFollowUps } from "./refresh";
import { inputClass, labelClass, primaryButton, secondaryButton } from "./labels";

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

/** Assignee, due date and note for new follow-ups; the server reads each call's contact itself. */
export function CreateFollowUpForm({
  slug,
  target,
  submitLabel,
  onCreated,
  onCancel,
}: {
  slug: string;
  target: FollowUpTarget;
  submitLabel: string;
  onCreated: (created: Created) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const people = useSWR(["follow-up-people", slug], () => fetchPeople(slug), { revalidateOnFocus: false }).data ?? [];
  const [assignee, setAssignee] = useState("");
  const [dueOn, setDueOn] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");

  return (
    <form
      aria-label="New follow-up"
      className="space-y-3"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setProblem("");
        const answer = await createFollowUps(slug, {
          ...target,
          assignee: assignee || null,
          dueOn: dueOn || null,
          note,
        });
        setBusy(false);
        if (!answer.ok) return setProblem(answer.message);
        refreshBatchFollowUps(slug, target.batchId);
        onCreated({
          createdCount: answer.body.createdCount,
          skipped: answer.body.skipped,
          firstId: answer.body.created[0]?.id,
        });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <label className={labelClass}>
          Assignee
          <select className={inputClass} value={assignee} onChange={(event) => setAssignee(event.target.value)}>
            <option value="">Unassigned</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Due date
          <input type="date" className={inputClass} value={dueOn} onChange={(event) => setDueOn(event.target.value)} />
        </label>
      </div>
      <label className={labelClass} htmlFor={`${id}-note`}>
        Note
      </label>
      <textarea
        id={`${id}-note`}
        className={`${inputClass} min-h-16`}
        maxLength={maxNoteLength}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={primaryButton} disabled={busy}>
          {busy ? "Creating…" : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className={secondaryButton} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : null}
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Only people who have opened this workspace can be assigned. See the{" "}
        <Link href={followUpsPath(slug)} className="underline">
          follow-ups
        </Link>
        .
      </p>
    </form>
  );
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
  return (
    <div className={`${className ?? ""} ${open ? "basis-full" : ""}`}>
      <button
        type="button"
        className={secondaryButton}
        aria-expanded={open}
        aria-controls={panel}
        onClick={() => {
          setOpen(!open);
          setResult("");
        }}
      >
        {buttonLabel}
      </button>
      <div id={panel} hidden={!open} className="mt-3">
        {open && confirm ? <p className="mb-2 text-sm">{confirm}</p> : null}
        {open ? (
          <CreateFollowUpForm
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
