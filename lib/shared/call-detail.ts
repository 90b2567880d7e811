import type { AnalysedField, TranscriptTurn } from "@/lib/call-records/parse";
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

/** One row of search results: a call of the batch as the table shows it, found through its call record. */
export type CallSearchResult = {
  query: string;
  kind: "phone" | "text";
  calls: CallRow[];
  /** Matching records that name no job of this batch (assumption 5 in lib/call-records/parse.ts): counted, not listed. */
  unlinked: number;
  /** True when Trillet has more matches than one page (100) shows. */
  more: boolean;
};

export type OutcomeCall = { jobId: string; phone_number: string; phoneDisplay: string; startedAt?: number };

/** The outcomes panel: each distinct outcome in the batch's call records, with the calls behind it. */
export type OutcomeCounts = {
  /** Call records read. */
  counted: number;
  /** Records Trillet says it holds for the batch, when it says. */
  total?: number;
  complete: boolean;
  outcomes: { outcome: string; count: number; calls: OutcomeCall[] }[];
};
