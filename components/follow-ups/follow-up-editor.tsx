"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { maxNoteLength, type FollowUp, type WorkspacePerson } from "@/lib/shared/follow-ups";
import { patchFollowUp, type Change } from "./api";
import { dueLabel, fieldLabels, inputClass, labelClass, primaryButton, secondaryButton, stateLabels } from "./labels";
import { AssigneeOptions } from "./assignee-options";

type Draft = { assignee: string; dueOn: string; note: string; closingNote: string };

const draftOf = (followUp: FollowUp): Draft => ({
  assignee: followUp.assignee ?? "",
  dueOn: followUp.dueOn ?? "",
  note: followUp.note,
  closingNote: followUp.closingNote ?? "",
});

/** What the form changes against `base`: only the fields the person touched. */
function changesOf(draft: Draft, base: FollowUp): Change {
  const change: Change = {};
  if ((draft.assignee || null) !== base.assignee) change.assignee = draft.assignee || null;
  if ((draft.dueOn || null) !== base.dueOn) change.dueOn = draft.dueOn || null;
  if (draft.note !== base.note) change.note = draft.note;
  return change;
}

function valueText(followUp: FollowUp, field: string): string {
  if (field === "assignee") return followUp.assigneeName ?? "Unassigned";
  if (field === "dueOn") return dueLabel(followUp.dueOn);
  if (field === "state") return stateLabels[followUp.state];
  if (field === "closingNote") return followUp.closingNote || "—";
  return followUp.note || "—";
}

/**
 * Edits one follow-up against the version it was read at (If-Match). When someone else changed it meanwhile, nothing
 * is saved: the form says who, shows the values now, and the person decides to keep theirs or save their own again.
 */
export function FollowUpEditor({
  slug,
  initial,
  people,
  onChanged,
}: {
  slug: string;
  initial: FollowUp;
  people: WorkspacePerson[];
  onChanged?: (followUp: FollowUp) => void;
}) {
  const router = useRouter();
  const id = useId();
  const [base, setBase] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");
  const [problem, setProblem] = useState("");
  const [conflict, setConflict] = useState<{ current: FollowUp; pending: Change; message: string } | undefined>();

  const accepted = (followUp: FollowUp, message: string) => {
    setBase(followUp);
    setDraft(draftOf(followUp));
    setConflict(undefined);
    setProblem("");
    setNotice(message);
    onChanged?.(followUp);
    router.refresh();
  };

  async function save(change: Change, version: number, message: string) {
    setBusy(true);
    setNotice("");
    setProblem("");
    const answer = await patchFollowUp(slug, base.id, version, change);
    setBusy(false);
    if (answer.ok) return accepted(answer.followUp, message);
    if (answer.conflict) {
      setConflict({ current: answer.conflict, pending: change, message: answer.message });
      return;
    }
    setProblem(answer.message);
  }

  const edits = changesOf(draft, base);
  const edited = Object.keys(edits).length > 0;
  const done = base.state === "done";
  const assignees =
    people.some((person) => person.id === base.assignee) || base.assignee === null
      ? people
      : [...people, { id: base.assignee, name: base.assigneeName ?? base.assignee, email: null }];

  return (
    <div className="space-y-4">
      {conflict ? (
        <div
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-medium">{conflict.message}</p>
          <p className="mt-2">Now ({conflict.current.updatedByName}&apos;s version):</p>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            {["assignee", "dueOn", "state", "note", "closingNote"].map((field) => (
              <div key={field} className="contents">
                <dt className="font-medium">{fieldLabels[field]}</dt>
                <dd className="break-words whitespace-pre-wrap">{valueText(conflict.current, field)}</dd>
              </div>
            ))}
          </dl>
          <div className="mt-3 flex flex-wrap gap-2">
            <button
              type="button"
              className={secondaryButton}
              onClick={() => accepted(conflict.current, `Showing ${conflict.current.updatedByName}'s version.`)}
            >
              Keep their version
            </button>
            <button
              type="button"
              className={primaryButton}
              disabled={busy}
              onClick={() => save(conflict.pending, conflict.current.version, "Your changes were saved over theirs.")}
            >
              Save mine over theirs
            </button>
          </div>
        </div>
      ) : null}
      <form
        aria-label="Follow-up"
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (edited) void save(edits, base.version, "Saved.");
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <label className={labelClass}>
            Assignee
            <select
              className={inputClass}
              value={draft.assignee}
              onChange={(event) => setDraft({ ...draft, assignee: event.target.value })}
            >
              <AssigneeOptions people={assignees} />
            </select>
          </label>
          <label className={labelClass}>
            Due date
            <input
              type="date"
              className={inputClass}
              value={draft.dueOn}
              onChange={(event) => setDraft({ ...draft, dueOn: event.target.value })}
            />
          </label>
        </div>
        <label className={labelClass}>
          Note
          <textarea
            className={`${inputClass} min-h-20`}
            maxLength={maxNoteLength}
            value={draft.note}
            onChange={(event) => setDraft({ ...draft, note: event.target.value })}
          />
        </label>
        <button type="submit" className={primaryButton} disabled={busy || !edited}>
          Save changes
        </button>
      </form>
      <div className="border-t border-zinc-200 pt-3 dark:border-zinc-800">
        {done ? (
          <div className="space-y-2">
            <p className="text-sm">
              Done{base.closingNote ? ":" : "."}{" "}
              {base.closingNote ? <span className="whitespace-pre-wrap">{base.closingNote}</span> : null}
            </p>
            <button
              type="button"
              className={secondaryButton}
              disabled={busy}
              onClick={() => save({ state: "reopened" }, base.version, "Reopened.")}
            >
              Reopen
            </button>
          </div>
        ) : (
          <div className="space-y-2">
            <label className={labelClass} htmlFor={`${id}-closing`}>
              Closing note (optional)
            </label>
            <textarea
              id={`${id}-closing`}
              className={`${inputClass} min-h-16`}
              maxLength={maxNoteLength}
              value={draft.closingNote}
              onChange={(event) => setDraft({ ...draft, closingNote: event.target.value })}
            />
            <button
              type="button"
              className={primaryButton}
              disabled={busy}
              onClick={() =>
                save(
                  { ...edits, state: "done", ...(draft.closingNote ? { closingNote: draft.closingNote } : {}) },
                  base.version,
                  "Marked done.",
                )
              }
            >
              Mark done
            </button>
          </div>
        )}
      </div>
      <p role="status" className="min-h-5 text-sm text-zinc-700 dark:text-zinc-300">
        {notice}
      </p>
      {problem ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
