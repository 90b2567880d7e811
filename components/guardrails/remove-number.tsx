"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { doNotCallNumberApiUrl, sendDoNotCall } from "@/lib/shared/do-not-call";
import { errorText, field, labelClass, primaryButton, secondaryButton } from "./styles";

/** "Remove…" on a row: the operator says why the number may be called again (recorded), then confirms. */
export function RemoveNumber({ slug, number }: { slug: string; number: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!open) {
    return (
      <button type="button" className={secondaryButton} onClick={() => setOpen(true)}>
        Remove<span className="sr-only"> {number}</span>…
      </button>
    );
  }
  return (
    <form
      aria-label={`Remove ${number}`}
      className="flex flex-wrap items-end gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        const reason = String(new FormData(event.currentTarget).get("reason") ?? "");
        setBusy(true);
        const answer = await sendDoNotCall(doNotCallNumberApiUrl(slug, number), {
          method: "DELETE",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ reason }),
        });
        setBusy(false);
        if (!answer.ok) return setError(answer.message);
        setOpen(false);
        router.refresh();
      }}
    >
      <label className={labelClass}>
        Why may {number} be called again?
        <input name="reason" required maxLength={200} autoFocus autoComplete="off" className={field} />
      </label>
      <button type="submit" className={primaryButton} disabled={busy}>
        Remove
      </button>
      <button type="button" className={secondaryButton} onClick={() => setOpen(false)}>
        Keep
      </button>
      {error ? <p className={`${errorText} basis-full`}>{error}</p> : null}
    </form>
  );
}
