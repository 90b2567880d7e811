"use client";

import { createContext, useContext } from "react";

const BatchStart = createContext<number | undefined>(undefined);

/** When the batch started (Trillet's progress.startTime), for the calls list: times on later days show their date. */
export function BatchStartProvider({ startMs, children }: { startMs: number | undefined; children: React.ReactNode }) {
  return <BatchStart.Provider value={startMs}>{children}</BatchStart.Provider>;
}

export const useBatchStart = () => useContext(BatchStart);
