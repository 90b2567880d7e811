export const CALL_STATUSES = ["waiting", "active", "completed", "failed"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export type StatusFilter = CallStatus | "all";
export type BatchStatus = "queued" | "processing" | "completed" | "cancelled" | "failed";

export interface Call {
  jobId: string;
  status: CallStatus;
  phone_number: string;
  startTime?: number;
  endTime?: number;
  duration?: number;
  error?: string;
  metadata: Record<string, string>;
}

// The vendor's progress example lists recent results with completedAt/failedAt, not the list endpoint's call shape.
export interface RecentCall {
  jobId: string;
  status: CallStatus;
  phone_number: string;
  completedAt?: number;
  failedAt?: number;
  duration?: number;
  error?: string;
}

export interface Summary {
  total: number;
  waiting: number;
  active: number;
  completed: number;
  failed: number;
}

export interface ProgressTimes {
  startTime: number | null;
  lastCompletedTime: number | null;
  completedTime: number | null;
  averageCallDuration: number | null;
}

export interface BatchView {
  status: BatchStatus;
  isComplete: boolean;
  summary: Summary;
  times: ProgressTimes;
  recentCalls: RecentCall[];
  // Row indices (CSV order) of the calls in each status.
  indicesOf(status: CallStatus): Int32Array;
  callAt(index: number): Call;
}

export interface Batch {
  id: string;
  workspaceId: string;
  view(nowMs: number): BatchView;
  /** Replaces the list body built from `view` (batch_additive: calls and fields beyond the docs). */
  listCalls?(query: { page: number; limit: number; status: StatusFilter }): unknown;
  /** Replaces the job lookup in `view` (batch_additive: its calls beyond the docs are jobs too). */
  findCall?(jobId: string): Call | undefined;
  /** Fields beyond the docs added to the batch and status bodies. */
  extraFields?: Record<string, unknown>;
}

export interface CallSource {
  total: number;
  statusAt(index: number): CallStatus;
  callAt(index: number): Call;
}
