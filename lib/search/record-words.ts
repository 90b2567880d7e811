import "server-only";
import type { CallRecord } from "@/lib/call-records/parse";
import { normaliseText } from "./normalise";

/**
 * What the index keeps of a call record: the normalised words of its transcript and of its
 * summary (lower case, accents and punctuation as search compares them), each capped. Nothing else
 * of the record (speakers, times, recording, cost, analysis) is kept.
 */
export type SaidWords = { transcript?: string; summary?: string };

/** Characters kept per call: the first part of a long call's transcript, and its summary. */
export const maxTranscriptChars = 2_000;
export const maxSummaryChars = 500;

/** Cut at the last space before `max`, so a kept text never ends in half a word. */
function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(" ", max);
  return text.slice(0, cut > max / 2 ? cut : max);
}

export function saidWords(record: CallRecord): SaidWords | undefined {
  const transcript = capped(normaliseText(record.transcript.map((turn) => turn.text).join(" ")), maxTranscriptChars);
  const summary = capped(normaliseText(record.summary ?? ""), maxSummaryChars);
  if (!transcript && !summary) return undefined;
  return { ...(transcript ? { transcript } : {}), ...(summary ? { summary } : {}) };
}

const before = 50;
const after = 90;

/**
 * A short piece of `text` around the first of `words` found in it, cut at spaces, with "…" where
 * it was cut. Plain text: the page renders it as text, never as HTML.
 */
export function excerptOf(text: string, words: readonly string[]): string {
  const at = Math.min(...words.map((word) => text.indexOf(word)).filter((index) => index >= 0));
  if (!Number.isFinite(at)) return text.slice(0, before + after);
  let from = Math.max(0, at - before);
  let to = Math.min(text.length, at + after);
  const space = text.indexOf(" ", from);
  if (from > 0 && space >= 0 && space < at) from = space + 1;
  if (to < text.length) to = text.lastIndexOf(" ", to) > at ? text.lastIndexOf(" ", to) : to;
  return `${from > 0 ? "…" : ""}${text.slice(from, to)}${to < text.length ? "…" : ""}`;
}
