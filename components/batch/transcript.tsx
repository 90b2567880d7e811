"use client";

import { useId, useState } from "react";
import type { TranscriptTurn } from "@/lib/shared/call-detail";
import { formatOffset } from "@/lib/shared/format";

const speakerStyle: Record<TranscriptTurn["speaker"], string> = {
  agent: "border-blue-300 bg-blue-50/60 dark:border-blue-800 dark:bg-blue-950/40",
  customer: "border-emerald-300 bg-emerald-50/60 dark:border-emerald-800 dark:bg-emerald-950/40",
  other: "border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900",
};

/** Text with each case-insensitive occurrence of `needle` in <mark>: React renders both as text, never HTML. */
function Highlighted({ text, needle }: { text: string; needle: string }) {
  if (!needle) return <>{text}</>;
  const lower = text.toLowerCase();
  const parts: React.ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
    parts.push(text.slice(from, at));
    parts.push(
      <mark key={at} className="rounded-sm bg-yellow-200 text-zinc-950 dark:bg-yellow-300">
        {text.slice(at, at + needle.length)}
      </mark>,
    );
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return <>{parts}</>;
}

function countOf(text: string, needle: string): number {
  if (!needle) return 0;
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

/**
 * The conversation in speaker turns, with a find box that highlights matches. A turn whose time is
 * known is a button that seeks the recording there (`onSeek`, when there is a recording).
 */
export function Transcript({ turns, onSeek }: { turns: TranscriptTurn[]; onSeek?: (seconds: number) => void }) {
  const [find, setFind] = useState("");
  const findId = useId();
  const needle = find.trim().toLowerCase();
  const matches = turns.reduce((sum, turn) => sum + countOf(turn.text.toLowerCase(), needle), 0);
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={findId} className="text-sm text-zinc-700 dark:text-zinc-300">
          Find in transcript
        </label>
        <input
          id={findId}
          type="search"
          value={find}
          onChange={(event) => setFind(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape") setFind("");
          }}
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <span role="status" className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="transcript-matches">
          {needle ? `${matches} ${matches === 1 ? "match" : "matches"}` : ""}
        </span>
      </div>
      <ol className="mt-3 space-y-2" aria-label="Transcript">
        {turns.map((turn, index) => {
          const time = turn.startSeconds;
          const head = (
            <span className="flex items-baseline gap-2 text-xs font-semibold text-zinc-700 dark:text-zinc-300">
              <span>{turn.label || "Speaker"}</span>
              {time !== undefined && <span className="font-normal tabular-nums">{formatOffset(time)}</span>}
            </span>
          );
          const body = (
            <span className="mt-0.5 block text-sm whitespace-pre-wrap">
              <Highlighted text={turn.text} needle={needle} />
            </span>
          );
          return (
            <li
              key={index}
              data-speaker={turn.speaker}
              className={`rounded-md border-l-4 ${speakerStyle[turn.speaker]}`}
            >
              {time !== undefined && onSeek ? (
                <button
                  type="button"
                  onClick={() => onSeek(time)}
                  className="block w-full px-3 py-1.5 text-left hover:bg-black/5 dark:hover:bg-white/5"
                >
                  <span className="sr-only">Play from here: </span>
                  {head}
                  {body}
                </button>
              ) : (
                <div className="px-3 py-1.5">
                  {head}
                  {body}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
