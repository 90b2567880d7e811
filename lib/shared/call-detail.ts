import type { AnalysedField, TranscriptTurn } from "@/lib/call-records/parse";
import type { Pagination, Summary } from "@/lib/trillet/schemas";
import type { CallRow } from "./call-rows";

export type { AnalysedField, TranscriptTurn } from "@/lib/call-records/parse";

/**
 * What happened on one call, as the dialog gets it (GET …/calls/{jobId}). `record` says whether
 * Trillet's call record was found: "none" when no record matches the job (nothing is guessed),
 * "unavailable" when the call history did not answer (`recordMessage` says so in plain words),
 * "not_finished" for a call still waiting or active. All text is untrusted and shown as text.
 */
export type CallDetail = {
  job: Pick<
    CallRow,
    "jobId" | "status" | "phone_number" | "phoneDisplay" | "startTime" | "endTime" | "duration" | "error"
  >;
  /**
   * The call's CSV row, as the table shows it: from the job (Trillet sends it for completed calls),
   * else from the batch's search index. "pending" while that index is still being read: ask again.
   */
  fields: { state: "found"; metadata: Record<string, string> } | { state: "pending" | "missing" };
  /** The workspace's currency (ISO 4217) for `cost`. */
  currency: string;
  record: "found" | "none" | "unavailable" | "not_finished";
  recordMessage?: string;
  outcome?: string;
  summary?: string;
  analysed: AnalysedField[];
  /** What Trillet charged, in its currency unit (the docs do not name it). */
  cost?: number;
  durationSeconds?: number;
  transcript?: { turns: TranscriptTurn[]; source: "record" | "job" };
  /** Whether the recording route has audio for this call. */
  recording: boolean;
};

/** How far a search has got through the batch's calls: results come as the index is built. */
export type SearchProgress = {
  /** Calls indexed so far, and in the batch (unknown before its first page is read). */
  searched: number;
  total?: number;
  /** Every call of the batch has been searched at least once. */
  complete: boolean;
  /** The batch still has waiting or active calls: its index is re-read every few seconds while searched. */
  live: boolean;
  /** Trillet refused (its request budget) or failed; the walk resumes at `resumeAt` (epoch ms). */
  stopped?: { reason: "budget" | "upstream"; resumeAt: number };
  /** What the rest should take at the share of the request budget that searches may use, in seconds. */
  restSeconds?: number;
};

/**
 * A search of a batch's own calls (number, CSV fields), combined with the status tab and paged
 * like the table: `calls` is one page of the matches found so far, `matches` counts them per status.
 */
export type CallSearchResult = {
  query: string;
  kind: "phone" | "text";
  calls: CallRow[];
  pagination: Pagination;
  matches: Summary;
  progress: SearchProgress;
};

export type OutcomeCall = { jobId: string; phone_number: string; phoneDisplay: string; startedAt?: number };

/** The outcomes panel: each distinct outcome in the batch's call records, with the calls behind it. */
export type OutcomeCounts = {
  /** Call records read. */
  counted: number;
  /** What the records read say Trillet charged, in `currency`, and how many of them carry a charge. */
  cost: { total: number; records: number };
  /** The calls' length in seconds, summed over the records that carry one. */
  seconds: { total: number; records: number };
  currency: string;
  /** Records Trillet says it holds for the batch, when it says. */
  total?: number;
  complete: boolean;
  outcomes: { outcome: string; count: number; calls: OutcomeCall[] }[];
};
