import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import type { WorkspaceConfig } from "@/lib/config";
import { records } from "@/lib/db/client";
import type { Person } from "@/lib/db/person";
import { batchStarts } from "@/lib/db/schema";

// The idempotency records of starts (table batch_starts): written before Trillet is called, completed with its
// answer. The primary key (workspace, idempotency key) is what makes two requests with one key one start: only the
// request whose INSERT succeeds may send.

export type StartState = "sending" | "started" | "refused" | "unknown";

export type StartRecord = {
  idempotencyKey: string;
  fileSha256: string;
  fileName: string;
  kind: "start" | "rerun";
  parentBatchId: string | null;
  /** A part of a split run: the run's id and the part's number. */
  runId: string | null;
  runPart: number | null;
  agentId: string;
  agentName: string;
  scheduledAt: string | null;
  rowsSent: number;
  state: StartState;
  batchId: string | null;
  answer: Record<string, unknown> | null;
  person: string;
  personName: string;
  createdAt: string;
  settledAt: string | null;
};

export type NewStart = {
  idempotencyKey: string;
  fileSha256: string;
  fileName: string;
  kind: "start" | "rerun";
  parentBatchId?: string;
  runId?: string;
  runPart?: number;
  agentId: string;
  agentName: string;
  scheduledAt?: Date;
  rowsSent: number;
};

type Row = typeof batchStarts.$inferSelect;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function recordOf(row: Row): StartRecord {
  return {
    idempotencyKey: row.idempotencyKey,
    fileSha256: row.fileSha256,
    fileName: row.fileName,
    kind: row.kind,
    parentBatchId: row.parentBatchId,
    runId: row.runId,
    runPart: row.runPart,
    agentId: row.agentId,
    agentName: row.agentName,
    scheduledAt: iso(row.scheduledAt),
    rowsSent: row.rowsSent,
    state: row.state,
    batchId: row.batchId,
    answer: row.answer ?? null,
    person: row.person,
    personName: row.personName,
    createdAt: row.createdAt.toISOString(),
    settledAt: iso(row.settledAt),
  };
}

const byKey = (workspace: WorkspaceConfig, key: string) =>
  and(eq(batchStarts.workspace, workspace.slug), eq(batchStarts.idempotencyKey, key));

/** The record of a key in this workspace, if any. */
export async function findStart(workspace: WorkspaceConfig, key: string): Promise<StartRecord | undefined> {
  return records("findStart", async (db) => {
    const [row] = await db.select().from(batchStarts).where(byKey(workspace, key));
    return row ? recordOf(row) : undefined;
  });
}

/**
 * Writes the record in state `sending`, once per key: `claimed` is true only for the one request whose row was
 * inserted (that request, and no other, may call Trillet); every other gets the record that is there.
 */
export async function claimStart(
  workspace: WorkspaceConfig,
  person: Person,
  start: NewStart,
  now = new Date(),
): Promise<{ claimed: boolean; record: StartRecord }> {
  return records("claimStart", async (db) => {
    const inserted = await db
      .insert(batchStarts)
      .values({
        workspace: workspace.slug,
        idempotencyKey: start.idempotencyKey,
        fileSha256: start.fileSha256,
        fileName: start.fileName,
        kind: start.kind,
        parentBatchId: start.parentBatchId ?? null,
        runId: start.runId ?? null,
        runPart: start.runPart ?? null,
        agentId: start.agentId,
        agentName: start.agentName,
        scheduledAt: start.scheduledAt ?? null,
        rowsSent: start.rowsSent,
        state: "sending",
        person: person.id,
        personName: person.name,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted[0]) return { claimed: true, record: recordOf(inserted[0]) };
    const [row] = await db.select().from(batchStarts).where(byKey(workspace, start.idempotencyKey));
    if (!row) throw new Error("a start record vanished between its conflict and its read");
    return { claimed: false, record: recordOf(row) };
  });
}

/** Completes a `sending` record with Trillet's answer (or `unknown`); a record already settled is left as it is. */
export async function settleStart(
  workspace: WorkspaceConfig,
  key: string,
  outcome: { state: Exclude<StartState, "sending">; batchId?: string; answer?: Record<string, unknown> },
  now = new Date(),
): Promise<StartRecord | undefined> {
  return records("settleStart", async (db) => {
    const [row] = await db
      .update(batchStarts)
      .set({ state: outcome.state, batchId: outcome.batchId ?? null, answer: outcome.answer ?? null, settledAt: now })
      .where(and(byKey(workspace, key), eq(batchStarts.state, "sending")))
      .returning();
    return row ? recordOf(row) : undefined;
  });
}

/**
 * Forgets a `sending` record whose request never left (the budget or the network refused it before sending):
 * nothing started, so the same key may try again.
 */
export async function releaseStart(workspace: WorkspaceConfig, key: string): Promise<void> {
  return records("releaseStart", async (db) => {
    await db.delete(batchStarts).where(and(byKey(workspace, key), eq(batchStarts.state, "sending")));
  });
}

/**
 * A `sending` record older than `staleAfterMs` can no longer be completed by its request (that request has passed
 * its deadline, or its instance died between sending and recording): it becomes `unknown`. Answers the record as
 * it is after the check.
 */
export async function expireIfStale(
  workspace: WorkspaceConfig,
  record: StartRecord,
  staleAfterMs: number,
  now = new Date(),
): Promise<StartRecord> {
  if (record.state !== "sending" || now.getTime() - Date.parse(record.createdAt) < staleAfterMs) return record;
  return records("expireStart", async (db) => {
    const before = new Date(now.getTime() - staleAfterMs);
    const [row] = await db
      .update(batchStarts)
      .set({
        state: "unknown",
        settledAt: now,
        answer: sql`jsonb_build_object('reason', 'no answer was recorded before the request''s deadline')`,
      })
      .where(
        and(
          byKey(workspace, record.idempotencyKey),
          eq(batchStarts.state, "sending"),
          lt(batchStarts.createdAt, before),
        ),
      )
      .returning();
    if (row) return recordOf(row);
    const [current] = await db.select().from(batchStarts).where(byKey(workspace, record.idempotencyKey));
    return current ? recordOf(current) : record;
  });
}

/** Deletes start records older than `days` (their batches stay in the list; only the idempotency memory goes). */
export async function pruneStarts(workspace: WorkspaceConfig, days: number, now = new Date()): Promise<number> {
  return records("pruneStarts", async (db) => {
    const rows = await db
      .delete(batchStarts)
      .where(
        and(
          eq(batchStarts.workspace, workspace.slug),
          lt(batchStarts.createdAt, new Date(now.getTime() - days * 86_400_000)),
          sql`${batchStarts.state} <> 'sending'`,
        ),
      )
      .returning({ key: batchStarts.idempotencyKey });
    return rows.length;
  });
}
