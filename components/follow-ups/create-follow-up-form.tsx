"use client";

import Link from "next/link";
import { useId, useState } from "react";
import useSWR from "swr";
import { followUpsPath, maxNoteLength } from "@/lib/shared/follow-ups";
import { createFollowUps, fetchPeople } from "./api";
import type { Created, FollowUpTarget } from "./create-follow-up";
import { refreshBatchFollowUps } from "./refresh";
import { inputClass, labelClass, primaryButton, secondaryButton } from "./labels";
import { AssigneeOptions } from "./assignee-options";

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
            <AssigneeOptions people={people} />
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
