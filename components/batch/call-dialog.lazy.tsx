"use client";

import { Dialog } from "radix-ui";
import { useEffect, useRef } from "react";
import useSWR from "swr";
import { CallFollowUp } from "@/components/follow-ups/call-follow-up";
import { CallDoNotCall } from "@/components/guardrails/call-do-not-call";
import { CopyButton } from "@/components/ui/copy-button";
import { LocalTime } from "@/components/ui/local-time";
import { RetryButton } from "@/components/ui/retry-button";
import { StatusBadge } from "@/components/ui/status-badge";
import type { ApiClientError } from "@/lib/shared/api-client";
import type { CallDetail } from "@/lib/shared/call-detail";
import type { CallRow } from "@/lib/shared/call-rows";
import { formatDuration } from "@/lib/shared/format";
import { callDetailApiUrl } from "@/lib/shared/paths";
import { fetchCallDetail } from "@/lib/shared/record-client";
import { DialogField as Field } from "./call-dialog-field";
import { CallRecordSection } from "./call-record";
import { shownCallElement } from "./shown-call-element";

export type CallDialogProps = {
  slug: string;
  batchId: string;
  jobId: string | undefined;
  call: CallRow | undefined;
  onClose: () => void;
};

const unfinished = new Set(["waiting", "active"]);
const muted = "text-sm text-zinc-600 dark:text-zinc-400";
/** While the batch's index is still being read for a call's CSV row, the detail is asked again this often. */
const fieldsPollMs = 2_000;

/** The call's row as the table has it: from the page when it is there, else from the one-call detail. */
function rowFromDetail(detail: CallDetail): CallRow {
  return { ...detail.job, metadata: detail.fields.state === "found" ? detail.fields.metadata : {} };
}

/** The call's own facts: the same fields and copy buttons wherever the dialog was opened from. */
function CallFacts({ call }: { call: CallRow }) {
  return (
    <dl className="mt-4 divide-y divide-zinc-100 dark:divide-zinc-900">
      <Field label="Job id">
        <span className="mr-2 font-mono break-all">{call.jobId}</span>
        <CopyButton value={call.jobId} label="Job id" />
      </Field>
      <Field label="Status">
        <StatusBadge status={call.status} />
      </Field>
      <Field label="Phone">
        {/* A number never breaks inside itself: it moves to the next line whole. */}
        <span className="mr-2 whitespace-nowrap">{call.phone_number ? call.phoneDisplay : "—"}</span>
        {call.phone_number && call.phoneDisplay !== call.phone_number && (
          <span className="mr-2 font-mono text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">
            {call.phone_number}
          </span>
        )}
        {call.phone_number && <CopyButton value={call.phone_number} label="Phone number" />}
      </Field>
      <Field label="Started">{call.startTime === undefined ? "—" : <LocalTime ms={call.startTime} />}</Field>
      <Field label="Ended">{call.endTime === undefined ? "—" : <LocalTime ms={call.endTime} />}</Field>
      <Field label="Duration">{formatDuration(call.duration)}</Field>
      <Field label="Error">
        {call.error ? <span className="text-red-700 dark:text-red-400">{call.error}</span> : "—"}
      </Field>
    </dl>
  );
}

/** The CSV row's columns (name, email, …), or why they are not here yet. */
function ContactFields({
  metadata,
  state,
}: {
  metadata: Record<string, string>;
  state: CallDetail["fields"]["state"];
}) {
  const entries = Object.entries(metadata);
  return (
    <section aria-labelledby="contact-heading" data-testid="call-contact">
      <h3 id="contact-heading" className="mt-6 text-sm font-semibold">
        Contact data from the CSV
      </h3>
      {state === "pending" ? (
        <p role="status" className={`mt-1 ${muted}`}>
          Reading this call&apos;s row from the batch…
        </p>
      ) : state === "missing" ? (
        <p className={`mt-1 ${muted}`}>This call&apos;s row was not found among the batch&apos;s calls.</p>
      ) : entries.length === 0 ? (
        <p className={`mt-1 ${muted}`}>No extra columns.</p>
      ) : (
        <dl className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-900">
          {entries.map(([key, value]) => (
            <Field key={key} label={key}>
              {value || "—"}
            </Field>
          ))}
        </dl>
      )}
    </section>
  );
}

/** Why a call opened by link has no details: an id this batch does not have, or a failure worth retrying. */
function DetailProblem({
  batchId,
  jobId,
  error,
  onRetry,
}: {
  batchId: string;
  jobId: string;
  error: ApiClientError;
  onRetry: () => void;
}) {
  // The batch page is open, so the batch exists for this person: a 404 here can only be the call.
  if (error.status === 404 || error.status === 400) {
    return (
      <p role="alert" className="mt-4 text-sm" data-testid="call-not-found">
        Batch <span className="font-mono break-all">{batchId}</span> has no call{" "}
        <span className="font-mono break-all">“{jobId}”</span>. Check the link, or close this and pick a call from the
        list.
      </p>
    );
  }
  return (
    <div role="alert" className="mt-4 flex flex-wrap items-center gap-3 text-sm">
      <span>This call could not be loaded: {error.message}</span>
      <RetryButton onRetry={onRetry} className="border border-zinc-300 dark:border-zinc-700" />
    </div>
  );
}

/** One call, every field. Deep-linked by ?call=<jobId>; Esc closes and focus returns to the row. */
export function CallDetailsDialog({ slug, batchId, jobId, call, onClose }: CallDialogProps) {
  // The dialog opens from a row, not a Radix trigger: on close, focus goes back to that row.
  const lastJobId = useRef(jobId);
  useEffect(() => {
    if (jobId !== undefined) lastJobId.current = jobId;
  }, [jobId]);
  const focusRow = (event: Event) => {
    const id = lastJobId.current;
    const row = id ? shownCallElement(id) : undefined;
    if (row) {
      event.preventDefault();
      row.focus();
    }
  };

  // A call that is not on the page (another page, the Outcomes list, a shared link): its row comes with its detail.
  const detail = useSWR<CallDetail, ApiClientError>(
    jobId !== undefined && call === undefined ? callDetailApiUrl(slug, batchId, jobId) : null,
    fetchCallDetail,
    {
      revalidateOnFocus: false,
      shouldRetryOnError: false,
      refreshInterval: (latest) => (latest?.fields.state === "pending" ? fieldsPollMs : 0),
    },
  );
  const row = call ?? (detail.data ? rowFromDetail(detail.data) : undefined);
  const fieldsState = call ? "found" : (detail.data?.fields.state ?? "pending");

  return (
    <Dialog.Root open={jobId !== undefined} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          onCloseAutoFocus={focusRow}
          onEscapeKeyDown={keepOpenWhileClearingABox}
          className="fixed inset-y-0 right-0 z-50 flex w-full max-w-lg flex-col overflow-y-auto border-l border-zinc-200 bg-white p-4 shadow-xl focus:outline-none sm:p-5 dark:border-zinc-800 dark:bg-zinc-950"
        >
          <div className="flex items-start justify-between gap-3">
            <Dialog.Title className="text-lg font-semibold">Call details</Dialog.Title>
            <Dialog.Close
              className="rounded-md px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
              aria-label="Close call details"
            >
              ✕
            </Dialog.Close>
          </div>
          <Dialog.Description className="mt-1 font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">
            {jobId}
          </Dialog.Description>
          {call?.unreadable !== undefined ? (
            <p className="mt-4 text-sm text-zinc-700 dark:text-zinc-300">
              Call <span className="font-mono">{jobId}</span> came from Trillet in a form Batch Console cannot read (
              {call.unreadable}), so there are no details to show. It has been logged.
            </p>
          ) : row ? (
            <>
              <CallFacts call={row} />
              <ContactFields metadata={row.metadata} state={fieldsState} />
              {/* Actions on this call (follow-up, do-not-call) go here, one component each, given slug, batchId and row. */}
              <div data-testid="call-actions" className="flex flex-col gap-4 empty:hidden [&>*]:mt-6">
                <CallFollowUp slug={slug} batchId={batchId} row={row} />
                <CallDoNotCall slug={slug} batchId={batchId} jobId={row.jobId} phoneNumber={row.phone_number} />
              </div>
              {unfinished.has(row.status) ? (
                <p className={`mt-6 ${muted}`}>The transcript and recording appear once the call has finished.</p>
              ) : (
                <CallRecordSection slug={slug} batchId={batchId} jobId={row.jobId} />
              )}
            </>
          ) : jobId !== undefined && detail.error ? (
            <DetailProblem batchId={batchId} jobId={jobId} error={detail.error} onRetry={() => detail.mutate()} />
          ) : jobId !== undefined ? (
            <p role="status" className={`mt-4 ${muted}`}>
              Loading this call…
            </p>
          ) : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Esc in a box that holds text (Find in transcript) clears the box first; the next Esc closes the dialog. */
function keepOpenWhileClearingABox(event: KeyboardEvent) {
  const target = event.target;
  if (target instanceof HTMLInputElement && target.value !== "") event.preventDefault();
}
