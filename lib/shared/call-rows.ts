import type { FailureReasons } from "@/lib/batch/failure-reasons";
import type { BatchCalls, Call } from "@/lib/trillet/schemas";

/**
 * What the browser gets: Trillet's fields plus the phone number as shown, formatted on the server
 * so the browser never loads libphonenumber. `phoneDisplay` is `phone_number` itself when that
 * is not a valid number. Metadata values arrive as text (metadataText in ./metadata-cell.ts, on
 * the server), whatever JSON type Trillet sent. A row with `unreadable` set is a call Trillet sent
 * that could not be read: only its jobId and status (when they were text) and the reason.
 */
export type CallRow = Omit<Call, "metadata"> & { metadata: Record<string, string>; phoneDisplay: string };
export type BatchCallRows = Omit<BatchCalls, "calls"> & { calls: CallRow[] };

type FailureReason = FailureReasons["reasons"][number];
export type FailedCallRow = FailureReason["calls"][number] & { phoneDisplay: string };
export type FailureReasonRows = Omit<FailureReasons, "reasons"> & {
  reasons: (Omit<FailureReason, "calls"> & { calls: FailedCallRow[] })[];
};
