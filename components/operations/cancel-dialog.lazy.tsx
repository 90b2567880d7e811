"use client";

import { Dialog } from "radix-ui";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formatCount } from "@/lib/shared/format";
import { cancelBatch, cancelBatchApiUrl, typedCancelAbove } from "@/lib/shared/operations";
import { dangerButton, errorBox, muted, secondaryButton, textInput } from "./styles";

export type CancelDialogProps = {
  slug: string;
  batchId: string;
  label: string | null;
  waiting: number;
  active: number;
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

/** "Cancel batch…": what happens, a typed confirmation for a big batch, then Trillet's counts on the page. */
export function CancelDialog({ slug, batchId, label, waiting, active, open, onOpenChange }: CancelDialogProps) {
  const router = useRouter();
  const inputId = useId();
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const mustType = waiting > typedCancelAbove;
  const expected = label?.trim() || batchId;
  const matches = !mustType || typed.trim() === batchId || (label !== null && typed.trim() === label.trim());

  async function cancel() {
    if (busy || !matches) return;
    setBusy(true);
    setError(undefined);
    try {
      await cancelBatch(cancelBatchApiUrl(slug, batchId));
      onOpenChange(false);
      router.refresh();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "The batch could not be cancelled.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && onOpenChange(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg border border-zinc-200 bg-white p-5 shadow-xl focus:outline-none dark:border-zinc-800 dark:bg-zinc-950">
          <Dialog.Title className="text-lg font-semibold">Cancel this batch?</Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-2 space-y-2 text-sm text-zinc-700 dark:text-zinc-300">
              <p className="font-mono text-xs break-all">{label ? `${label} (${batchId})` : batchId}</p>
              <ul className="list-disc space-y-1 pl-5">
                <li>
                  {formatCount(waiting)} waiting {waiting === 1 ? "call is" : "calls are"} cancelled and will not be
                  placed.
                </li>
                <li>
                  {formatCount(active)} active {active === 1 ? "call finishes" : "calls finish"} as usual; finished
                  calls stay billed.
                </li>
                <li>It cannot be undone: calling these people again takes a new batch.</li>
              </ul>
            </div>
          </Dialog.Description>
          <form
            className="mt-4"
            onSubmit={(event) => {
              event.preventDefault();
              void cancel();
            }}
          >
            {mustType && (
              <div className="flex flex-col gap-1">
                <label htmlFor={inputId} className="text-sm font-medium">
                  Type {label ? "the batch's label or id" : "the batch's id"} to confirm:{" "}
                  <span className="font-mono">{expected}</span>
                </label>
                <input
                  id={inputId}
                  value={typed}
                  onChange={(event) => setTyped(event.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  className={`${textInput} font-mono`}
                />
              </div>
            )}
            {error && (
              <p role="alert" className={`mt-3 ${errorBox}`}>
                {error}
              </p>
            )}
            <div className="mt-4 flex flex-wrap justify-end gap-2">
              <Dialog.Close className={secondaryButton} disabled={busy}>
                Keep it running
              </Dialog.Close>
              <button type="submit" className={dangerButton} disabled={busy || !matches}>
                {busy ? "Cancelling…" : "Cancel the batch"}
              </button>
            </div>
            {busy && <p className={`mt-2 ${muted}`}>Asking Trillet to cancel…</p>}
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
