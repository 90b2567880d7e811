import "server-only";
import { NextResponse } from "next/server";
import { apiError, trilletErrorCodes } from "@/lib/api/errors";
import { batchIdSchema } from "@/lib/batch/query";
import type { WorkspaceConfig } from "@/lib/config";
import { findBatch } from "@/lib/db/batches";
import type { Person } from "@/lib/db/person";
import { RerunTooLarge } from "@/lib/export/stream";
import { isTrilletError } from "@/lib/trillet";
import { recordOperation } from "./audit";
import { buildRerunRows } from "./rerun";

const maxExcluded = 50;

/**
 * The re-run's rows for the review: `{batchId, fileName, failed, rows, kinds, excluded, csv}`. JSON rather than a
 * CSV download: the cells are exact (a formula-looking cell is a value sent to Trillet), so this must never be a
 * file a spreadsheet opens. A batch this workspace's list does not hold is 404 before anything reaches Trillet.
 */
export async function rerunAnswer(
  request: Request,
  workspace: WorkspaceConfig,
  person: Person,
  rawBatchId: string,
): Promise<Response> {
  const parsed = batchIdSchema.safeParse(rawBatchId);
  if (!parsed.success) return apiError("bad_request", `batchId ${parsed.error.issues[0]!.message}.`);
  const batchId = parsed.data;
  const excluded = new URL(request.url).searchParams.getAll("exclude").map((kind) => kind.trim());
  if (excluded.length > maxExcluded || excluded.some((kind) => kind.length === 0 || kind.length > 500)) {
    return apiError("bad_request", `exclude names an error kind (1–500 characters), at most ${maxExcluded} times.`);
  }
  if (!(await findBatch(workspace, batchId))) {
    recordOperation({
      workspace,
      person,
      action: "batch.rerun.read",
      outcome: "refused",
      status: 404,
      batchId,
      details: { code: "not_found" },
    });
    return apiError("not_found", "This workspace's list has no batch with this id.");
  }
  try {
    const rows = await buildRerunRows(workspace, batchId, new Set(excluded), request.signal);
    return NextResponse.json(
      {
        batchId,
        fileName: `${batchId}-rerun.csv`,
        failed: rows.failed,
        rows: rows.rows,
        kinds: rows.kinds,
        excluded,
        csv: rows.csv,
      },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  } catch (error) {
    if (error instanceof RerunTooLarge) return apiError("unprocessable", error.message);
    if (!isTrilletError(error)) throw error;
    const retry = error.detail.retryAfterSeconds;
    return apiError(
      trilletErrorCodes[error.kind],
      error.kind === "not_found" ? "Trillet has no batch with this id in this workspace." : error.message,
      retry !== undefined ? { "Retry-After": String(Math.max(1, retry)) } : undefined,
    );
  }
}
