"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { addNumbersRequest, doNotCallApiUrl, sendDoNotCall } from "@/lib/shared/do-not-call";
import { doneText, errorText, field, labelClass, primaryButton, secondaryButton } from "./styles";

type Status = { kind: "idle" } | { kind: "busy" } | { kind: "done"; text: string } | { kind: "error"; text: string };

function StatusLine({ status }: { status: Status }) {
  if (status.kind === "done") return <p className={doneText}>{status.text}</p>;
  if (status.kind === "error") return <p className={errorText}>{status.text}</p>;
  return null;
}

/** An operator adds one number by hand; the list below refreshes. */
export function AddNumberForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  return (
    <form
      aria-label="Add a number"
      className="flex flex-wrap items-end gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        setStatus({ kind: "busy" });
        const answer = await sendDoNotCall(
          doNotCallApiUrl(slug),
          addNumbersRequest([String(data.get("number") ?? "")], "manual", String(data.get("note") ?? "")),
        );
        if (!answer.ok) return setStatus({ kind: "error", text: answer.message });
        const [number] = answer.body.numbers as string[];
        setStatus({
          kind: "done",
          text: answer.body.added === 1 ? `${number} added.` : `${number} was on the list already.`,
        });
        form.reset();
        router.refresh();
      }}
    >
      <label className={labelClass}>
        Phone number
        <input name="number" required maxLength={40} inputMode="tel" autoComplete="off" className={field} />
      </label>
      <label className={`${labelClass} min-w-48 flex-1`}>
        Note (optional)
        <input name="note" maxLength={200} autoComplete="off" className={field} />
      </label>
      <button type="submit" className={primaryButton} disabled={status.kind === "busy"}>
        Add
      </button>
      <div className="basis-full" aria-live="polite">
        <StatusLine status={status} />
      </div>
    </form>
  );
}

type ImportAnswer = {
  added: number;
  alreadyListed: number;
  rows: number;
  valid: number;
  invalidCount: number;
  duplicates: number;
};

/** An operator imports a CSV, read by the same intake as a new batch (a Phone column is offered, then used). */
export function ImportForm({ slug }: { slug: string }) {
  const router = useRouter();
  const id = useId();
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [candidates, setCandidates] = useState<string[]>([]);
  return (
    <form
      aria-label="Import a CSV"
      className="flex flex-wrap items-end gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        if (!(data.get("file") instanceof File) || (data.get("file") as File).size === 0) {
          return setStatus({ kind: "error", text: "Choose a CSV file first." });
        }
        setStatus({ kind: "busy" });
        let response: Response;
        try {
          response = await fetch(doNotCallApiUrl(slug), { method: "POST", body: data });
        } catch {
          return setStatus({ kind: "error", text: "The file did not reach the server. Try again." });
        }
        const body = (await response.json().catch(() => ({}))) as Partial<ImportAnswer> & {
          error?: { message?: string; candidates?: string[] };
        };
        if (!response.ok) {
          setCandidates(body.error?.candidates ?? []);
          return setStatus({ kind: "error", text: body.error?.message ?? `The server answered ${response.status}.` });
        }
        setCandidates([]);
        setStatus({
          kind: "done",
          text:
            `${body.rows} rows read: ${body.added} added, ${body.alreadyListed} already listed, ` +
            `${body.invalidCount} invalid, ${body.duplicates} duplicates.`,
        });
        form.reset();
        router.refresh();
      }}
    >
      <label className={labelClass} htmlFor={`${id}-file`}>
        CSV file (a phone_number column)
        <input id={`${id}-file`} name="file" type="file" accept=".csv,text/csv,text/plain" className={field} />
      </label>
      {candidates.length > 0 ? (
        <label className={labelClass}>
          Use as phone_number
          <select name="phoneColumn" className={field} defaultValue={candidates[0]}>
            {candidates.map((candidate) => (
              <option key={candidate} value={candidate}>
                {candidate}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="submit" className={secondaryButton} disabled={status.kind === "busy"}>
        {status.kind === "busy" ? "Importing…" : "Import"}
      </button>
      <div className="basis-full" aria-live="polite">
        <StatusLine status={status} />
      </div>
    </form>
  );
}
