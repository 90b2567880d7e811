"use client";

import { useState } from "react";
import { fetchCallDetail } from "@/lib/shared/record-client";
import { callDetailApiUrl } from "@/lib/shared/paths";
import { addNumbersRequest, doNotCallApiUrl, outcomeAsksNotToCall, sendDoNotCall } from "@/lib/shared/do-not-call";
import { doneText, errorText, field, labelClass, primaryButton, secondaryButton } from "./styles";

type State =
  | { kind: "closed" }
  | { kind: "loading" }
  | { kind: "member" }
  | { kind: "open"; asked: boolean; note: string }
  | { kind: "busy"; asked: boolean; note: string }
  | { kind: "done"; text: string }
  | { kind: "error"; text: string };

/** Whether this person may change the list (the list's own answer says). */
export async function mayEdit(slug: string): Promise<boolean> {
  const response = await fetch(`${doNotCallApiUrl(slug)}?limit=1`);
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return ((await response.json()) as { canEdit?: boolean }).canEdit === true;
}

/**
 * "Add to do-not-call…" in a call's dialog: the reason is prefilled from the call's outcome when it says the person
 * asked not to be called; a member is told who can do it instead.
 */
export function CallDoNotCall({
  slug,
  batchId,
  jobId,
  phoneNumber,
}: {
  slug: string;
  batchId: string;
  jobId: string;
  phoneNumber: string;
}) {
  const [state, setState] = useState<State>({ kind: "closed" });
  if (!phoneNumber) return null;

  const open = async () => {
    setState({ kind: "loading" });
    try {
      if (!(await mayEdit(slug))) return setState({ kind: "member" });
      const outcome = await fetchCallDetail(callDetailApiUrl(slug, batchId, jobId))
        .then((detail) => detail.outcome)
        .catch(() => undefined);
      const asked = outcomeAsksNotToCall(outcome);
      setState({ kind: "open", asked, note: outcome ? `Call outcome: ${outcome}`.slice(0, 200) : "" });
    } catch (error) {
      setState({ kind: "error", text: error instanceof Error ? error.message : "Try again." });
    }
  };

  return (
    <section aria-label="Do-not-call" className="text-sm">
      {state.kind === "closed" || state.kind === "loading" || state.kind === "error" ? (
        <button type="button" className={secondaryButton} onClick={open} disabled={state.kind === "loading"}>
          Add to do-not-call…
        </button>
      ) : null}
      {state.kind === "error" ? <p className={`mt-2 ${errorText}`}>{state.text}</p> : null}
      {state.kind === "member" ? (
        <p className="text-zinc-600 dark:text-zinc-400">
          Only the workspace&apos;s operators can add numbers to the do-not-call list; ask one of them.
        </p>
      ) : null}
      {state.kind === "done" ? (
        <p role="status" className={doneText}>
          {state.text}
        </p>
      ) : null}
      {state.kind === "open" || state.kind === "busy" ? (
        <form
          aria-label="Add this number to the do-not-call list"
          className="flex flex-col gap-2"
          onSubmit={async (event) => {
            event.preventDefault();
            const data = new FormData(event.currentTarget);
            const asked = data.get("reason") === "asked";
            const note = String(data.get("note") ?? "");
            setState({ kind: "busy", asked, note });
            const answer = await sendDoNotCall(
              doNotCallApiUrl(slug),
              addNumbersRequest([phoneNumber], asked ? "asked" : "manual", note),
            );
            if (!answer.ok) return setState({ kind: "error", text: answer.message });
            setState({
              kind: "done",
              text:
                answer.body.added === 1
                  ? `${phoneNumber} is on the do-not-call list now.`
                  : `${phoneNumber} was on the do-not-call list already.`,
            });
          }}
        >
          <p className="font-medium">Add {phoneNumber} to the do-not-call list?</p>
          <label className={labelClass}>
            Why
            <select name="reason" defaultValue={state.asked ? "asked" : "manual"} className={field}>
              <option value="asked">Asked on a call not to be called</option>
              <option value="manual">Added by hand</option>
            </select>
          </label>
          <label className={labelClass}>
            Note
            <input name="note" defaultValue={state.note} maxLength={200} autoComplete="off" className={field} />
          </label>
          <div className="flex gap-2">
            <button type="submit" className={primaryButton} disabled={state.kind === "busy"}>
              Add to do-not-call
            </button>
            <button type="button" className={secondaryButton} onClick={() => setState({ kind: "closed" })}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
