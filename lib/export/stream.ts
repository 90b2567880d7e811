import "server-only";
import type { WorkspaceConfig } from "@/lib/config";
import type { CallStatusFilter } from "@/lib/shared/batch-view";
import type { Call } from "@/lib/trillet";
import type { ExtraColumns } from "./call-record-columns";
import { CallCsvWriter, metadataKeyUnion, type ExportFormat } from "./csv";
import { firstWalkPage, walkBatchCalls } from "./walk";
import { errorText } from "@/lib/runtime/scrub-secrets";

export type ExportOutcome = { ok: true; rows: number } | { ok: false; rows: number; reason: string };

export type ExportRequest = {
  workspace: WorkspaceConfig;
  batchId: string;
  status: CallStatusFilter;
  format: ExportFormat;
  bom: boolean;
  concurrency: number;
  /** The client's request: when it goes away, upstream work stops. */
  signal?: AbortSignal;
  /** The most failed calls a re-run file may hold (default `maxRerunCalls`). */
  rerunCap?: number;
  onDone: (outcome: ExportOutcome) => void;
  /** Extra columns loaded once before the header is written (outcome, summary, recording), full export only. */
  extraColumns?: (signal: AbortSignal) => Promise<ExtraColumns>;
  /**
   * Only these calls (csv format): the rows selected on the batch page. The filter's pages are read
   * in order until every one of them was seen, and only their rows are written.
   */
  onlyJobIds?: readonly string[];
};

/** The re-run file would pass `maxRerunCalls`: refused from the first page, before fetching the rest. */
export class RerunTooLarge extends Error {
  constructor(
    readonly failed: number,
    cap: number,
  ) {
    super(`This batch has ${failed} failed calls; a re-run file holds at most ${cap}.`);
  }
}

// The re-run file needs every failed call's columns before its header: it is buffered, up to this many.
export const maxRerunCalls = 50_000;

const encoder = new TextEncoder();

/**
 * Starts an export: the first page is read before answering (so a bad batch is a clean JSON
 * error), then the rest streams as it is fetched. A failure mid-way errors the stream, so the
 * browser marks the download failed instead of saving a short file that looks complete.
 */
export async function startExport(
  request: ExportRequest,
): Promise<{ stream: ReadableStream<Uint8Array>; total: number }> {
  const status: CallStatusFilter = request.format === "rerun" ? "failed" : request.status;
  const abort = new AbortController();
  // Set once the walk exists: a client that leaves before the first page only aborts the fetch.
  let onDisconnect = () => abort.abort(new Error("the client went away"));
  const stopOnDisconnect = () => onDisconnect();
  if (request.signal?.aborted) stopOnDisconnect();
  request.signal?.addEventListener("abort", stopOnDisconnect, { once: true });
  const first = await firstWalkPage(request.workspace, request.batchId, status, abort.signal);
  const rerunCap = request.rerunCap ?? maxRerunCalls;
  if (request.format === "rerun" && first.pagination.total > rerunCap) {
    throw new RerunTooLarge(first.pagination.total, rerunCap);
  }
  const pages = walkBatchCalls(request.workspace, request.batchId, status, first, {
    concurrency: request.concurrency,
    signal: abort.signal,
  });
  let rows = 0;
  let writer: CallCsvWriter | undefined;
  // The selected calls not written yet (each written once, even if a page repeats it).
  const wanted = request.onlyJobIds ? new Set(request.onlyJobIds) : undefined;
  let finished = false;
  const finish = (outcome: ExportOutcome) => {
    if (finished) return;
    finished = true;
    request.signal?.removeEventListener("abort", stopOnDisconnect);
    request.onDone(outcome);
  };
  onDisconnect = () => {
    abort.abort(new Error("the client went away"));
    void pages.return(undefined);
    finish({ ok: false, rows, reason: "the client went away" });
  };

  async function bufferedRerun(): Promise<string> {
    const failed: Call[] = [];
    for await (const page of pages) {
      failed.push(...page.calls);
      // Calls can fail while the export runs: the cap holds for them too.
      if (failed.length > rerunCap) throw new Error(`more than ${rerunCap} failed calls`);
    }
    writer = new CallCsvWriter("rerun", metadataKeyUnion(failed));
    rows = failed.length;
    return writer.headerText(request.bom) + writer.rowsText(failed);
  }

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (request.format === "rerun") {
          controller.enqueue(encoder.encode(await bufferedRerun()));
          controller.close();
          finish({ ok: true, rows });
          return;
        }
        if (!writer) {
          const extra = await request.extraColumns?.(abort.signal);
          writer = new CallCsvWriter("csv", metadataKeyUnion(first.calls), extra);
          controller.enqueue(encoder.encode(writer.headerText(request.bom)));
        }
        // Every selected call written: the pages still read ahead are not needed.
        const next = wanted?.size === 0 ? undefined : await pages.next();
        if (!next || next.done) {
          if (!next) {
            abort.abort();
            void pages.return(undefined);
          }
          controller.close();
          finish({ ok: true, rows });
          return;
        }
        const calls = wanted ? next.value.calls.filter((call) => wanted.delete(call.jobId)) : next.value.calls;
        rows += calls.length;
        controller.enqueue(encoder.encode(writer.rowsText(calls)));
      } catch (error) {
        abort.abort();
        const reason = errorText(error);
        finish({ ok: false, rows, reason });
        controller.error(new Error(`Export stopped after ${rows} rows: ${reason}`));
      }
    },
    cancel() {
      abort.abort();
      void pages.return(undefined);
      finish({ ok: false, rows, reason: "the download was cancelled" });
    },
  });
  return { stream, total: first.pagination.total };
}
