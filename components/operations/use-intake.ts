"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { IntakeOutcome, IntakeReply, IntakeRequest } from "./intake-messages";

export type IntakeState =
  { phase: "idle" } | { phase: "reading"; rows: number } | { phase: "done"; outcome: IntakeOutcome };

/**
 * Reads a file in a Web Worker and reports progress. A browser that cannot start the worker reads
 * it on the page instead (correct, only slower to stay responsive). A newer file replaces an older
 * one still being read.
 */
export function useIntake() {
  const [state, setState] = useState<IntakeState>({ phase: "idle" });
  const worker = useRef<Worker | undefined>(undefined);
  const turn = useRef(0);

  useEffect(() => () => worker.current?.terminate(), []);

  const read = useCallback((request: IntakeRequest) => {
    const mine = ++turn.current;
    worker.current?.terminate();
    worker.current = undefined;
    setState({ phase: "reading", rows: 0 });
    const onReply = (reply: IntakeReply) => {
      if (turn.current !== mine) return;
      if (reply.type === "progress") setState({ phase: "reading", rows: reply.rows });
      else setState({ phase: "done", outcome: reply.outcome });
    };
    const inPage = () =>
      void import("./intake-run").then(({ runIntake }) =>
        runIntake(request, (rows) => onReply({ type: "progress", rows })).then((outcome) =>
          onReply({ type: "done", outcome }),
        ),
      );
    let started: Worker;
    try {
      started = new Worker(new URL("./intake.worker.ts", import.meta.url), { type: "module" });
    } catch {
      inPage();
      return;
    }
    worker.current = started;
    started.onmessage = (event: MessageEvent<IntakeReply>) => onReply(event.data);
    started.onerror = () => {
      if (turn.current !== mine) return;
      started.terminate();
      inPage();
    };
    started.postMessage(request);
  }, []);

  const reset = useCallback(() => {
    turn.current++;
    worker.current?.terminate();
    worker.current = undefined;
    setState({ phase: "idle" });
  }, []);

  return { state, read, reset };
}
