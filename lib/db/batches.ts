import "server-only";
import { and, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { WorkspaceConfig } from "@/lib/config";
import { records } from "./client";
import type { Person } from "./person";
import { batches, batchOpens, type BatchOrigin, type BatchProgress, type CancelCounts } from "./schema";

// Every function takes the workspace from the route guard first: no query here can forget its filter.

export type BatchSighting = { status?: string; progress: BatchProgress; finished: boolean };

export type ListedBatch = {
  batchId: string;
  label: string | null;
  hidden: boolean;
  status: string | null;
  progress: BatchProgress | null;
  finished: boolean;
  statusSeenAt: string | null;
  addedBy: string;
  addedAt: string;
  lastOpenedAt: string;
  /** A part of a run split by calling hours: the run, the part's number, how many, its zone group. */
  run: { id: string; part: number; of: number; zoneGroup: string } | null;
};

export type BatchListQuery = {
  q?: string;
  /** A Trillet batch status, or `unfinished`. */
  status?: string;
  page: number;
  limit: number;
  hidden?: boolean;
  run?: string;
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function listed(row: typeof batches.$inferSelect): ListedBatch {
  return {
    batchId: row.batchId,
    label: row.label,
    hidden: row.hidden,
    status: row.status,
    progress: row.progress ?? null,
    finished: row.finished,
    statusSeenAt: iso(row.statusSeenAt),
    addedBy: row.addedByName,
    addedAt: row.addedAt.toISOString(),
    lastOpenedAt: row.lastOpenedAt.toISOString(),
    run:
      row.runId && row.origin?.part
        ? {
            id: row.runId,
            part: row.origin.part.number,
            of: row.origin.part.of,
            zoneGroup: row.origin.part.zoneGroup,
          }
        : null,
  };
}

/** `%`, `_` and `\` match themselves in a text filter. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** A batch opened successfully: added to the workspace's list the first time, its last sighting kept every time. */
export async function recordBatchOpen(
  workspace: WorkspaceConfig,
  batchId: string,
  person: Person,
  seen: BatchSighting,
  now = new Date(),
): Promise<void> {
  return records("recordBatchOpen", async (db) => {
    const sighting = {
      status: seen.status ?? null,
      progress: seen.progress,
      finished: seen.finished,
      statusSeenAt: now,
    };
    await db.transaction(async (tx) => {
      await tx
        .insert(batches)
        .values({
          workspace: workspace.slug,
          batchId,
          addedBy: person.id,
          addedByName: person.name,
          addedAt: now,
          lastOpenedAt: now,
          lastActivityAt: now,
          ...sighting,
        })
        .onConflictDoUpdate({
          target: [batches.workspace, batches.batchId],
          set: { lastOpenedAt: now, lastActivityAt: now, ...sighting },
        });
      await tx
        .insert(batchOpens)
        .values({ workspace: workspace.slug, batchId, person: person.id, openedAt: now })
        .onConflictDoUpdate({
          target: [batchOpens.workspace, batchOpens.person, batchOpens.batchId],
          set: { openedAt: now },
        });
    });
  });
}

/** A fresher status for a listed batch (the list's background refresh); nothing for a batch not listed. */
export async function recordBatchStatus(
  workspace: WorkspaceConfig,
  batchId: string,
  seen: BatchSighting,
  now = new Date(),
): Promise<void> {
  return records("recordBatchStatus", async (db) => {
    await db
      .update(batches)
      .set({ status: seen.status ?? null, progress: seen.progress, finished: seen.finished, statusSeenAt: now })
      .where(and(eq(batches.workspace, workspace.slug), eq(batches.batchId, batchId)));
  });
}

export async function listBatches(
  workspace: WorkspaceConfig,
  query: BatchListQuery,
): Promise<{ batches: ListedBatch[]; total: number }> {
  return records("listBatches", async (db) => {
    const conditions: SQL[] = [eq(batches.workspace, workspace.slug), eq(batches.hidden, query.hidden ?? false)];
    const text = query.q?.trim();
    if (text) conditions.push(or(ilike(batches.label, likePattern(text)), ilike(batches.batchId, likePattern(text)))!);
    if (query.status === "unfinished") conditions.push(eq(batches.finished, false));
    else if (query.status) conditions.push(eq(batches.status, query.status));
    if (query.run) conditions.push(eq(batches.runId, query.run));
    const where = and(...conditions);
    const [rows, counted] = await Promise.all([
      db
        .select()
        .from(batches)
        .where(where)
        // A run's parts in their order; otherwise the most recent activity first.
        .orderBy(
          ...(query.run
            ? [sql`(${batches.origin}->'part'->>'number')::int`, batches.batchId]
            : [desc(batches.lastActivityAt), batches.batchId]),
        )
        .limit(query.limit)
        .offset((query.page - 1) * query.limit),
      db
        .select({ count: sql<number>`count(*)::int` })
        .from(batches)
        .where(where),
    ]);
    return { batches: rows.map(listed), total: Number(counted[0]?.count ?? 0) };
  });
}

/** One batch of the workspace's list, or undefined when the list does not hold it. */
export async function findBatch(workspace: WorkspaceConfig, batchId: string): Promise<ListedBatch | undefined> {
  return records("findBatch", async (db) => {
    const [row] = await db
      .select()
      .from(batches)
      .where(and(eq(batches.workspace, workspace.slug), eq(batches.batchId, batchId)));
    return row ? listed(row) : undefined;
  });
}

export type BatchChange = { label: string | null } | { hidden: boolean };

/** Sets a label or hides/shows a batch; undefined when the workspace has no such batch listed. */
export async function updateBatch(
  workspace: WorkspaceConfig,
  batchId: string,
  change: BatchChange,
  now = new Date(),
): Promise<ListedBatch | undefined> {
  return records("updateBatch", async (db) => {
    const [row] = await db
      .update(batches)
      .set({ ...change, lastActivityAt: now })
      .where(and(eq(batches.workspace, workspace.slug), eq(batches.batchId, batchId)))
      .returning();
    return row ? listed(row) : undefined;
  });
}

/** The batches this person opened in the workspace, most recent first: "opened by me", on any device. */
export async function openedBy(
  workspace: WorkspaceConfig,
  person: Person,
  limit: number,
): Promise<(ListedBatch & { openedAt: string })[]> {
  return records("openedBy", async (db) => {
    const rows = await db
      .select({ batch: batches, openedAt: batchOpens.openedAt })
      .from(batchOpens)
      .innerJoin(batches, and(eq(batches.workspace, batchOpens.workspace), eq(batches.batchId, batchOpens.batchId)))
      .where(and(eq(batchOpens.workspace, workspace.slug), eq(batchOpens.person, person.id)))
      .orderBy(desc(batchOpens.openedAt))
      .limit(limit);
    return rows.map((row) => ({ ...listed(row.batch), openedAt: row.openedAt.toISOString() }));
  });
}

/** A batch started (or re-run) from the console: listed at once with its origin, parent and label. */
export async function recordStartedBatch(
  workspace: WorkspaceConfig,
  batchId: string,
  person: Person,
  started: { origin: BatchOrigin; parentBatchId?: string; runId?: string; label?: string; status?: string },
  now = new Date(),
): Promise<void> {
  return records("recordStartedBatch", async (db) => {
    await db
      .insert(batches)
      .values({
        workspace: workspace.slug,
        batchId,
        label: started.label ?? null,
        status: started.status ?? null,
        origin: started.origin,
        parentBatchId: started.parentBatchId ?? null,
        runId: started.runId ?? null,
        addedBy: person.id,
        addedByName: person.name,
        addedAt: now,
        lastOpenedAt: now,
        lastActivityAt: now,
      })
      .onConflictDoUpdate({
        target: [batches.workspace, batches.batchId],
        set: {
          origin: started.origin,
          parentBatchId: started.parentBatchId ?? null,
          runId: started.runId ?? null,
          lastActivityAt: now,
        },
      });
  });
}

export type BatchActions = {
  origin: BatchOrigin | null;
  parentBatchId: string | null;
  /** Batches re-run from this one, oldest first. */
  reruns: string[];
  cancelled: { by: string; at: string; counts: CancelCounts | null } | null;
};

/** What the console did with a listed batch (started it, re-ran it, cancelled it); undefined when not listed. */
export async function batchActions(workspace: WorkspaceConfig, batchId: string): Promise<BatchActions | undefined> {
  return records("batchActions", async (db) => {
    const [row] = await db
      .select()
      .from(batches)
      .where(and(eq(batches.workspace, workspace.slug), eq(batches.batchId, batchId)));
    if (!row) return undefined;
    const children = await db
      .select({ batchId: batches.batchId })
      .from(batches)
      .where(and(eq(batches.workspace, workspace.slug), eq(batches.parentBatchId, batchId)))
      .orderBy(batches.addedAt);
    return {
      origin: row.origin ?? null,
      parentBatchId: row.parentBatchId,
      reruns: children.map((child) => child.batchId),
      cancelled:
        row.cancelledAt && row.cancelledByName
          ? { by: row.cancelledByName, at: row.cancelledAt.toISOString(), counts: row.cancelCounts ?? null }
          : null,
    };
  });
}

/** A listed batch was cancelled: who, when, and Trillet's counts; its status becomes `cancelled`. */
export async function recordBatchCancel(
  workspace: WorkspaceConfig,
  batchId: string,
  person: Person,
  counts: CancelCounts,
  now = new Date(),
): Promise<void> {
  return records("recordBatchCancel", async (db) => {
    await db
      .update(batches)
      .set({
        cancelledBy: person.id,
        cancelledByName: person.name,
        cancelledAt: now,
        cancelCounts: counts,
        status: "cancelled",
        finished: true,
        statusSeenAt: now,
        lastActivityAt: now,
      })
      .where(and(eq(batches.workspace, workspace.slug), eq(batches.batchId, batchId)));
  });
}
