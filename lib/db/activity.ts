import "server-only";
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import { errorText } from "@/lib/runtime/scrub-secrets";
import { database, records } from "./client";
import type { Person } from "./person";
import { activity } from "./schema";

export type ActivityEntry = {
  workspace: WorkspaceConfig;
  person: Person;
  action: string;
  batchId?: string;
  status?: number;
  /** Ids, counts and choices only: never a phone number, a transcript's text or a search term. */
  details?: Record<string, string | number | boolean>;
  at?: Date;
};

export type ActivityRow = {
  id: number;
  at: string;
  person: string;
  personName: string;
  action: string;
  batchId: string | null;
  status: number | null;
  details: Record<string, string | number | boolean>;
};

export type ActivityQuery = { batchId?: string; person?: string; action?: string; page: number; limit: number };

/** Entries waiting for the database: bounded, so an outage costs memory we chose, and what falls off is counted. */
const maxQueued = 2_000;
const retryMs = 5_000;
/** Old rows go on the write path, at most this often per instance: no scheduler needed on any host. */
const pruneEveryMs = 60 * 60_000;

type Queue = {
  entries: ActivityEntry[];
  writing?: Promise<void>;
  lost: number;
  lastPrunedAt: number;
  retry?: NodeJS.Timeout;
};

// On globalThis: every bundle of this process writes through one queue.
const slot = globalThis as typeof globalThis & { __batchConsoleActivity?: Queue };
const queue = (): Queue => (slot.__batchConsoleActivity ??= { entries: [], lost: 0, lastPrunedAt: 0 });

/** Writes an entry soon, never delaying or failing the request that caused it; retried while the database is away. */
export function recordActivity(entry: ActivityEntry): void {
  const state = queue();
  state.entries.push({ ...entry, at: entry.at ?? new Date() });
  if (state.entries.length > maxQueued) {
    state.entries.shift();
    state.lost += 1;
  }
  void drain();
}

/** Writes what is queued (entries added meanwhile too); settles when the queue is empty or the database failed. */
export function drain(): Promise<void> {
  const state = queue();
  state.writing ??= writeQueued(state).finally(() => {
    state.writing = undefined;
  });
  return state.writing;
}

async function writeQueued(state: Queue): Promise<void> {
  try {
    if (state.lost > 0) {
      console.error(
        JSON.stringify({ type: "activity", lost: state.lost, message: "activity entries lost: queue full" }),
      );
      state.lost = 0;
    }
    while (state.entries.length > 0) {
      const batch = state.entries.slice(0, 200);
      const db = await database();
      try {
        await db.insert(activity).values(batch.map(row));
      } catch (error) {
        if (!isRowRefused(error)) throw error;
        // One row the database refuses must not hold back every row after it: write them one by one.
        for (const entry of batch) await db.insert(activity).values(row(entry)).catch(dropRefused);
      }
      state.entries.splice(0, batch.length);
    }
    if (Date.now() - state.lastPrunedAt > pruneEveryMs) {
      state.lastPrunedAt = Date.now();
      await pruneActivity();
    }
  } catch (error) {
    console.error(
      JSON.stringify({
        type: "activity",
        queued: state.entries.length,
        message: `activity not written yet, retrying in ${retryMs / 1000} s: ${errorText(error)}`,
      }),
    );
    state.retry ??= setTimeout(() => {
      state.retry = undefined;
      void drain();
    }, retryMs);
    state.retry.unref?.();
  }
}

/** PostgreSQL stores no NUL character in text or JSON, and request paths can carry one (`%00`). */
const text = (value: string) => value.replaceAll("\u0000", "");

function row(entry: ActivityEntry): typeof activity.$inferInsert {
  const details = Object.fromEntries(
    Object.entries(entry.details ?? {}).map(([name, value]) => [
      text(name),
      typeof value === "string" ? text(value) : value,
    ]),
  );
  return {
    workspace: text(entry.workspace.slug),
    at: entry.at,
    person: text(entry.person.id),
    personName: text(entry.person.name),
    action: text(entry.action),
    batchId: entry.batchId === undefined ? null : text(entry.batchId),
    status: entry.status ?? null,
    details,
  };
}

/** The database refused the data itself (SQLSTATE classes 22 and 23), not the connection: retrying cannot help. */
function isRowRefused(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === "string" && (code.startsWith("22") || code.startsWith("23"));
}

/** A row refused on its own is dropped and said so; anything else stops the write until the next retry. */
function dropRefused(error: unknown): void {
  if (!isRowRefused(error)) throw error;
  console.error(JSON.stringify({ type: "activity", lost: 1, message: `activity entry refused: ${errorText(error)}` }));
}

/**
 * A page of activity, newest first, and whether an older page exists. No total: counting a busy workspace's
 * 200,000 rows cost ten times the page itself (`npm run bench:db`).
 */
export async function listActivity(
  workspace: WorkspaceConfig,
  query: ActivityQuery,
): Promise<{ entries: ActivityRow[]; hasMore: boolean }> {
  return records("listActivity", async (db) => {
    const conditions: SQL[] = [eq(activity.workspace, workspace.slug)];
    if (query.batchId) conditions.push(eq(activity.batchId, query.batchId));
    if (query.person) conditions.push(eq(activity.person, query.person));
    if (query.action) conditions.push(eq(activity.action, query.action));
    const rows = await db
      .select()
      .from(activity)
      .where(and(...conditions))
      .orderBy(desc(activity.at), desc(activity.id))
      .limit(query.limit + 1)
      .offset((query.page - 1) * query.limit);
    return {
      entries: rows.slice(0, query.limit).map((entry) => ({ ...entry, at: entry.at.toISOString() })),
      hasMore: rows.length > query.limit,
    };
  });
}

/** The people who appear in a workspace's activity, for the person filter. */
export async function activityPeople(workspace: WorkspaceConfig): Promise<{ id: string; name: string }[]> {
  return records("activityPeople", async (db) => {
    const rows = await db
      .selectDistinctOn([activity.person], { id: activity.person, name: activity.personName })
      .from(activity)
      .where(eq(activity.workspace, workspace.slug))
      .orderBy(activity.person, desc(activity.at))
      .limit(500);
    return rows.sort((a, b) => a.name.localeCompare(b.name));
  });
}

/** Deletes activity older than ACTIVITY_RETENTION_DAYS, in every workspace. */
export async function pruneActivity(now = Date.now()): Promise<number> {
  const cutoff = new Date(now - getConfig().database.activityRetentionDays * 86_400_000);
  const db = await database();
  const result = (await db.delete(activity).where(lt(activity.at, cutoff))) as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return Number(result.rowCount ?? result.affectedRows ?? 0);
}
