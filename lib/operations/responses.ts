import "server-only";
import { NextResponse } from "next/server";
import type { CancelResult } from "./cancel";
import type { StartResult } from "./start";

const noStore = { "Cache-Control": "private, no-store" };

/**
 * A start's answer: 201 `{start, counts}` with Location for a new batch, 200 `{start}` with `Idempotent-Replayed`
 * for a repeat, else the API's error shape `{error: {code, message}}` plus the recorded `start` when there is one
 * (in progress, outcome unknown, refused by Trillet) and the phone column `candidates` when the file needs one.
 */
export function startResponse(slug: string, result: StartResult): NextResponse {
  if (result.kind === "error") {
    const { status, code, message, start, candidates, headers } = result;
    return NextResponse.json(
      { error: { code, message }, ...(start ? { start } : {}), ...(candidates ? { candidates } : {}) },
      { status, headers: { ...noStore, ...headers } },
    );
  }
  const location: Record<string, string> = result.start.batchId
    ? { Location: `/w/${encodeURIComponent(slug)}/batches/${encodeURIComponent(result.start.batchId)}` }
    : {};
  if (result.kind === "replayed") {
    return NextResponse.json(
      { start: result.start },
      { status: 200, headers: { ...noStore, ...location, "Idempotent-Replayed": "true" } },
    );
  }
  return NextResponse.json(
    { start: result.start, counts: result.counts },
    { status: 201, headers: { ...noStore, ...location } },
  );
}

export function cancelResponse(result: CancelResult): NextResponse {
  if (!result.ok) {
    return NextResponse.json(
      { error: { code: result.code, message: result.message } },
      { status: result.status, headers: { ...noStore, ...result.headers } },
    );
  }
  return NextResponse.json({ cancel: result.cancel }, { status: 200, headers: noStore });
}
