import { statusLabel, statusTone, unknownTone } from "@/lib/shared/call-status";

export function StatusBadge({ status }: { status: string }) {
  const tone = statusTone[status] ?? unknownTone;
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone.badge}`}
    >
      {statusLabel(status)}
    </span>
  );
}
