"use client";

import { useRef, useState } from "react";
import useSWR from "swr";
import { Money } from "@/components/ui/money";
import { RetryButton } from "@/components/ui/retry-button";
import { fetchCallDetail } from "@/lib/shared/record-client";
import type { CallDetail } from "@/lib/shared/call-detail";
import { outcomeLabel } from "@/lib/shared/format";
import { callDetailApiUrl, callRecordingApiUrl } from "@/lib/shared/paths";
import { DialogField as Field } from "./call-dialog-field";
import { Transcript } from "./transcript";

const muted = "text-sm text-zinc-600 dark:text-zinc-400";

/** The recording, streamed by our server; the browser never sees Trillet's URL. */
function Recording({ src, audio }: { src: string; audio: React.RefObject<HTMLAudioElement | null> }) {
  const [failed, setFailed] = useState(false);
  return (
    <section aria-labelledby="recording-heading" className="mt-6">
      <h3 id="recording-heading" className="text-sm font-semibold">
        Recording
      </h3>
      {failed ? (
        <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          The recording could not be loaded. Close and reopen the call to try again.
        </p>
      ) : (
        <audio
          ref={audio}
          src={src}
          controls
          preload="metadata"
          aria-label="Call recording"
          onError={() => setFailed(true)}
          className="mt-2 w-full"
          data-testid="call-audio"
        />
      )}
    </section>
  );
}

const recordWords: Record<Exclude<CallDetail["record"], "found">, string> = {
  none: "No recording or transcript found for this call.",
  unavailable: "",
  not_finished: "The transcript and recording appear once the call has finished.",
};

/**
 * What happened on a call: outcome, summary, analysed fields, cost, duration, the recording and the
 * transcript. Loaded when the dialog opens (at most two Trillet requests, cached); its loading and
 * its failure are its own: the call's row above stays as it is.
 */
export function CallRecordSection({ slug, batchId, jobId }: { slug: string; batchId: string; jobId: string }) {
  const { data, error, isLoading, mutate } = useSWR(callDetailApiUrl(slug, batchId, jobId), fetchCallDetail, {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  const audio = useRef<HTMLAudioElement>(null);

  if (error && !data) {
    return (
      <div role="alert" className="mt-6 flex flex-wrap items-center gap-3 text-sm">
        <span>What happened on this call could not be loaded: {error.message}</span>
        <RetryButton onRetry={() => mutate()} className="border border-zinc-300 dark:border-zinc-700" />
      </div>
    );
  }
  if (!data) {
    return (
      <p role="status" className={`mt-6 ${muted}`}>
        {isLoading ? "Loading what happened on this call…" : ""}
      </p>
    );
  }

  const seek = (seconds: number) => {
    const player = audio.current;
    if (!player) return;
    player.currentTime = seconds;
    void player.play().catch(() => undefined);
  };
  return (
    <div data-testid="call-record">
      <h3 className="mt-6 text-sm font-semibold">What happened</h3>
      {data.record === "unavailable" ? (
        <div role="alert" className="mt-1 flex flex-wrap items-center gap-3 text-sm">
          <span>{data.recordMessage}</span>
          <RetryButton onRetry={() => mutate()} className="border border-zinc-300 dark:border-zinc-700" />
        </div>
      ) : data.record !== "found" ? (
        <p className={`mt-1 ${muted}`} data-testid="no-record">
          {recordWords[data.record]}
        </p>
      ) : null}
      <dl className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-900">
        <Field label="Outcome">{data.outcome ? outcomeLabel(data.outcome) : "—"}</Field>
        <Field label="Summary">{data.summary ?? "—"}</Field>
        <Field label="Cost">
          {data.cost === undefined ? "—" : <Money amount={data.cost} currency={data.currency} />}
        </Field>
        {data.analysed.map((field, index) => (
          <Field key={index} label={field.label}>
            {field.value || "—"}
          </Field>
        ))}
      </dl>
      {data.recording && <Recording src={callRecordingApiUrl(slug, batchId, jobId)} audio={audio} />}
      {data.transcript && (
        <section aria-labelledby="transcript-heading" className="mt-6">
          <h3 id="transcript-heading" className="text-sm font-semibold">
            Transcript
            {data.transcript.source === "job" && (
              <span className="ml-2 font-normal text-zinc-600 dark:text-zinc-400">
                (from the call&apos;s result, no times)
              </span>
            )}
          </h3>
          <div className="mt-2">
            <Transcript turns={data.transcript.turns} onSeek={data.recording ? seek : undefined} />
          </div>
        </section>
      )}
    </div>
  );
}
