"use client";

import { useState } from "react";
import { addNumbersRequest, doNotCallApiUrl, outcomeAsksNotToCall, sendDoNotCall } from "@/lib/shared/do-not-call";
import { mayEdit } from "./call-do-not-call";
import { doneText, errorText, primaryButton, secondaryButton } from "./styles";

type State =
  | { kind: "closed" }
  | { kind: "checking" }
  | { kind: "member" }
  | { kind: "confirm" }
  | { kind: "busy" }
  | { kind: "done"; text: string }
  | { kind: "error"; text: string };

/** The Outcomes panel's "Add these N numbers to do-not-call…": every call of one outcome, after a confirmation. */
export function OutcomeDoNotCall({
  slug,
  outcome,
  calls,
}: {
  slug: string;
  outcome: string;
  calls: readonly { phone_number: string }[];
}) {
  const [state, setState] = useState<State>({ kind: "closed" });
  const numbers = [...new Set(calls.map((call) => call.phone_number).filter(Boolean))];
  if (numbers.length === 0) return null;
  const count = `${numbers.length.toLocaleString("en-US")} number${numbers.length === 1 ? "" : "s"}`;

  // A member is told who can do it instead of being refused after confirming.
  const ask = async () => {
    setState({ kind: "checking" });
    try {
      setState({ kind: (await mayEdit(slug)) ? "confirm" : "member" });
    } catch (error) {
      setState({ kind: "error", text: error instanceof Error ? error.message : "Try again." });
    }
  };

  const add = async () => {
    setState({ kind: "busy" });
    const reason = outcomeAsksNotToCall(outcome) ? "asked" : "manual";
    const added: number[] = [0, 0];
    // The route takes 2,000 numbers a request (the panel's own cap).
    for (let start = 0; start < numbers.length; start += 2_000) {
      const answer = await sendDoNotCall(
        doNotCallApiUrl(slug),
        addNumbersRequest(numbers.slice(start, start + 2_000), reason, `Call outcome: ${outcome}`.slice(0, 200)),
      );
      if (!answer.ok) return setState({ kind: "error", text: answer.message });
      added[0]! += Number(answer.body.added ?? 0);
      added[1]! += Number(answer.body.alreadyListed ?? 0);
    }
    setState({ kind: "done", text: `${added[0]} added to the do-not-call list, ${added[1]} were on it already.` });
  };

  return (
    <div className="mt-3 text-sm">
      {state.kind === "closed" || state.kind === "checking" || state.kind === "error" ? (
        <button type="button" className={secondaryButton} onClick={ask} disabled={state.kind === "checking"}>
          Add these {count} to do-not-call…
        </button>
      ) : null}
      {state.kind === "member" ? (
        <p className="text-zinc-600 dark:text-zinc-400">
          Only the workspace&apos;s operators can add numbers to the do-not-call list; ask one of them.
        </p>
      ) : null}
      {state.kind === "confirm" || state.kind === "busy" ? (
        <div
          role="group"
          aria-label="Confirm adding to the do-not-call list"
          className="flex flex-wrap items-center gap-2"
        >
          <p>
            Add {count} with outcome “{outcome}” to the do-not-call list? No batch started from the console will call
            them again.
          </p>
          <button type="button" className={primaryButton} onClick={add} disabled={state.kind === "busy"}>
            Add {count}
          </button>
          <button type="button" className={secondaryButton} onClick={() => setState({ kind: "closed" })}>
            Cancel
          </button>
        </div>
      ) : null}
      {state.kind === "done" ? (
        <p role="status" className={doneText}>
          {state.text}
        </p>
      ) : null}
      {state.kind === "error" ? <p className={`mt-2 ${errorText}`}>{state.text}</p> : null}
    </div>
  );
}
