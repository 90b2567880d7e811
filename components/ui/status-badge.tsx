import { isDocumentedStatus, statusLabel, statusTone, unknownTone } from "@/lib/shared/call-status";

/** A call status; one the docs do not list is shown as it comes, on a neutral dashed badge. */
export function StatusBadge({ status }: { status: string }) {
  const documented = isDocumentedStatus(status);
  const tone = documented ? statusTone[status]! : unknownTone;
  return (
    <span
      data-status={documented ? status : "other"}
      title={documented ? undefined : "A status Trillet's documentation does not list, shown as Trillet sent it"}
      className={`inline-flex max-w-40 items-center truncate rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone.badge}`}
    >
      {statusLabel(status)}
    </span>
  );
}
