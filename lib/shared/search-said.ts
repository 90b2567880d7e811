import type { CallSearchResult } from "./call-detail";

/**
 * What a search adds from the batch's call records: for each call on the page that was found in
 * what was said, where (its transcript or its summary) and a short excerpt of normalised words
 * (lower case, accents stripped). Untrusted text: rendered as text, never as HTML.
 */
export type SaidExcerpt = { where: "transcript" | "summary"; excerpt: string };

/**
 * How far the call records' words are read. `none`: no call of the batch can have a record yet;
 * `reading`: the pass is under way (or waits for the calls); `paused`: Trillet refused or failed,
 * resuming later; `complete`: every record Trillet holds for the batch was read.
 */
export type TranscriptsProgress = { state: "none" | "reading" | "paused" | "complete"; linked: number };

export type CallSearchAnswer = CallSearchResult & {
  said?: Record<string, SaidExcerpt>;
  transcripts?: TranscriptsProgress;
};

/** The excerpts of an answer, each checked: anything else in that field is ignored. */
export function excerptsOf(answer: CallSearchResult | undefined): Map<string, SaidExcerpt> {
  const said = (answer as CallSearchAnswer | undefined)?.said;
  const found = new Map<string, SaidExcerpt>();
  if (typeof said !== "object" || said === null) return found;
  for (const [jobId, hit] of Object.entries(said)) {
    if (
      typeof hit === "object" &&
      hit !== null &&
      (hit.where === "transcript" || hit.where === "summary") &&
      typeof hit.excerpt === "string"
    )
      found.set(jobId, { where: hit.where, excerpt: hit.excerpt });
  }
  return found;
}

export function transcriptsOf(answer: CallSearchResult | undefined): TranscriptsProgress | undefined {
  const progress = (answer as CallSearchAnswer | undefined)?.transcripts;
  if (typeof progress !== "object" || progress === null || typeof progress.linked !== "number") return undefined;
  return ["none", "reading", "paused", "complete"].includes(progress.state) ? progress : undefined;
}
