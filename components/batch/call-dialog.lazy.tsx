"use client";

import { Dialog } from "radix-ui";
import { useEffect, useRef } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { LocalTime } from "@/components/ui/local-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { shownCallElement } from "./shown-call-element";
import type { CallRow } from "@/lib/shared/call-rows";
import { formatDuration } from "@/lib/shared/format";
import { CallRecordSection } from "./call-record";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[6rem_1fr] gap-2 py-1.5 sm:grid-cols-[9rem_1fr]">
      <dt className="text-sm text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-sm break-words">{children}</dd>
    </div>
  );
}

export type CallDialogProps = {
  slug: string;
  batchId: string;
  jobId: string | undefined;
  call: CallRow | undefined;
  onClose: () => void;
};

/** One call, every field. Deep-linked by ?call=<jobId>; Esc closes and focus returns to the row. */
const unfinished = new Set(["waiting", "active"]);

export function CallDetailsDialog({ slug, batchId, jobId, call, onClose }: CallDialogProps) {
  const metadata = call ? Object.entries(call.metadata) : [];
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
  return (
    <Dialog.Root open={jobId !== undefined} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content
          onCloseAutoFocus={focusRow}
          className="fixed inset-y-0 right-0 z-50 flex w-full max-w-lg flex-col overflow-y-auto border-l border-zinc-200 bg-white p-5 shadow-xl focus:outline-none dark:border-zinc-800 dark:bg-zinc-950"
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
          {call?.unreadable !== undefined ? (
            <Dialog.Description className="mt-4 text-sm text-zinc-700 dark:text-zinc-300">
              Call <span className="font-mono">{jobId}</span> came from Trillet in a form Batch Console cannot read (
              {call.unreadable}), so there are no details to show. It has been logged.
            </Dialog.Description>
          ) : call ? (
            <>
              <Dialog.Description className="mt-1 font-mono text-xs text-zinc-600 dark:text-zinc-400">
                {call.jobId}
              </Dialog.Description>
              <dl className="mt-4 divide-y divide-zinc-100 dark:divide-zinc-900">
                <Field label="Job id">
                  <span className="mr-2 font-mono">{call.jobId}</span>
                  <CopyButton value={call.jobId} label="Job id" />
                </Field>
                <Field label="Status">
                  <StatusBadge status={call.status} />
                </Field>
                <Field label="Phone">
                  <span className="mr-2">{call.phone_number ? call.phoneDisplay : "—"}</span>
                  {call.phone_number && call.phoneDisplay !== call.phone_number && (
                    <span className="mr-2 font-mono text-xs text-zinc-600 dark:text-zinc-400">{call.phone_number}</span>
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
              <h3 className="mt-6 text-sm font-semibold">Contact data from the CSV</h3>
              {metadata.length === 0 ? (
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">No extra columns.</p>
              ) : (
                <dl className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-900">
                  {metadata.map(([key, value]) => (
                    <Field key={key} label={key}>
                      <span className="whitespace-pre-wrap">{value || "—"}</span>
                    </Field>
                  ))}
                </dl>
              )}
              {unfinished.has(call.status) ? (
                <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
                  The transcript and recording appear once the call has finished.
                </p>
              ) : (
                <CallRecordSection slug={slug} batchId={batchId} jobId={call.jobId} showJob={false} />
              )}
            </>
          ) : jobId !== undefined ? (
            <>
              <Dialog.Description className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                Call <span className="font-mono">{jobId}</span> is not among the rows shown; its details come from
                Trillet.
              </Dialog.Description>
              <CallRecordSection slug={slug} batchId={batchId} jobId={jobId} showJob />
            </>
          ) : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
