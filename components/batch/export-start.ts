"use client";

import { useSyncExternalStore } from "react";
import { mutate } from "swr";
import { startExportJob, type ExportJobRequest } from "@/lib/shared/api-client";
import { exportJobsApiUrl } from "@/lib/shared/paths";

// Why the last "start an export" failed. The menu that starts jobs closes on select, so the
// exports panel (which lives on) shows the problem.
let problem: string | undefined;
// The job this page just started: the exports panel, below the calls, brings itself into view for it.
let startedHere: string | undefined;
const listeners = new Set<() => void>();

function setProblem(next: string | undefined): void {
  problem = next;
  listeners.forEach((notify) => notify());
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

export function useExportStartProblem(): [string | undefined, () => void] {
  const current = useSyncExternalStore(
    subscribe,
    () => problem,
    () => undefined,
  );
  return [current, () => setProblem(undefined)];
}

/** Starts (or joins) a background export, then refreshes the exports list that shows its progress. */
export async function startBackgroundExport(slug: string, batchId: string, request: ExportJobRequest): Promise<void> {
  const listUrl = exportJobsApiUrl(slug, batchId);
  try {
    startedHere = (await startExportJob(listUrl, request)).job.id;
    setProblem(undefined);
  } catch (error) {
    setProblem(error instanceof Error ? error.message : "The export could not be started.");
  }
  await mutate(listUrl);
}

/** The id of the job this page started last, once: the panel scrolls to it the first time it lists it. */
export function takeStartedHere(listed: string[]): string | undefined {
  if (startedHere === undefined || !listed.includes(startedHere)) return undefined;
  const id = startedHere;
  startedHere = undefined;
  return id;
}
