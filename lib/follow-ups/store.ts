import "server-only";
import { and, asc, count, desc, eq, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { WorkspaceConfig } from "@/lib/config";
import { recordActivity } from "@/lib/db/activity";
import { database, records, type Database } from "@/lib/db/client";
import type { Person } from "@/lib/db/person";
import { followUpHistory, followUps, people } from "@/lib/db/schema";
import { followUpRetentionDays } from "./retention";
import type {
  CreateResult,
  FieldChange,
  FollowUp,
  FollowUpWithHistory,
  OpenFollowUpMark,
  QueueFilter,
  WorkspacePerson,
} from "@/lib/shared/follow-ups";
import type { FollowUpChange } from "./validation";

// The follow-ups' data functions. Each takes the workspace from the route guard first, so no query can forget
// its filter; refusals come back as values (records() turns anything thrown into "the database is away").

/** A call as a follow-up keeps it: taken by the server from the batch's own calls, never from the browser. */
export type FollowUpCall = {
  jobId: string;
  contactName: string | null;
  contactPhone: string | null;
  outcome: string | null;
};

export type NewFollowUps = {
  batchId: string;
  calls: FollowUpCall[];
  assignee: string | null;
  dueOn: string | null;
  note: string;
};

type Row = typeof followUps.$inferSelect;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function toFollowUp(row: Row, assigneeName: string | null): FollowUp {
  return {
    id: row.id,
    batchId: row.batchId,
    jobId: row.jobId,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    outcome: row.outcome,
    assignee: row.assignee,
    assigneeName: row.assignee === null ? null : (assigneeName ?? "(no longer in the workspace)"),
    dueOn: row.dueOn,
    note: row.note,
    state: row.state,
    closingNote: row.closingNote,
    version: row.version,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    updatedBy: row.updatedBy,
    updatedByName: row.updatedByName,
    updatedAt: row.updatedAt.toISOString(),
    doneAt: iso(row.doneAt),
  };
}

// A literal, not a parameter: the planner must see the partial indexes' own predicate to use them.
const notDone = (): SQL => sql`${followUps.state} <> 'done'`;

/** The assignee's name: a left join on the workspace's people. */
const assigneeJoin = () => and(eq(people.workspace, followUps.workspace), eq(people.person, followUps.assignee));

async function isPerson(db: Database, workspace: WorkspaceConfig, person: string): Promise<boolean> {
  const [row] = await db
    .select({ person: people.person })
    .from(people)
    .where(and(eq(people.workspace, workspace.slug), eq(people.person, person)));
  return row !== undefined;
}

/** Whether someone is one of the workspace's people (an assignee one may choose). */
export async function isWorkspacePerson(workspace: WorkspaceConfig, person: string): Promise<boolean> {
  return records("isWorkspacePerson", (db) => isPerson(db, workspace, person));
}

const insertChunk = 1_000;

export type CreateOutcome = ({ ok: true } & CreateResult) | { ok: false; code: "bad_request"; message: string };

/**
 * Follow-ups for calls of one batch, in one transaction. A call that already has an open (or reopened) follow-up
 * is skipped and counted; an assignee who is not one of the workspace's people refuses the whole request.
 */
export async function createFollowUps(
  workspace: WorkspaceConfig,
  person: Person,
  input: NewFollowUps,
  now = new Date(),
): Promise<CreateOutcome> {
  const calls = [...new Map(input.calls.map((call) => [call.jobId, call])).values()];
  const result = await records("createFollowUps", (db) =>
    db.transaction(async (tx): Promise<CreateOutcome> => {
      if (input.assignee !== null && !(await isPerson(tx, workspace, input.assignee))) {
        return { ok: false, code: "bad_request", message: "assignee is not one of this workspace's people." };
      }
      const created: Row[] = [];
      for (let from = 0; from < calls.length; from += insertChunk) {
        const rows = await tx
          .insert(followUps)
          .values(
            calls.slice(from, from + insertChunk).map((call) => ({
              workspace: workspace.slug,
              batchId: input.batchId,
              jobId: call.jobId,
              contactName: call.contactName,
              contactPhone: call.contactPhone,
              outcome: call.outcome,
              assignee: input.assignee,
              dueOn: input.dueOn,
              note: input.note,
              createdBy: person.id,
              createdByName: person.name,
              createdAt: now,
              updatedBy: person.id,
              updatedByName: person.name,
              updatedAt: now,
            })),
          )
          .onConflictDoNothing()
          .returning();
        created.push(...rows);
      }
      for (let from = 0; from < created.length; from += insertChunk) {
        await tx.insert(followUpHistory).values(
          created.slice(from, from + insertChunk).map((row) => ({
            followUpId: row.id,
            workspace: workspace.slug,
            at: now,
            person: person.id,
            personName: person.name,
            changes: creationChanges(row),
          })),
        );
      }
      const name = input.assignee === null ? null : await personName(tx, workspace, input.assignee);
      return {
        ok: true,
        created: created.map((row) => toFollowUp(row, name)),
        createdCount: created.length,
        skipped: calls.length - created.length,
      };
    }),
  );
  if (result.ok && result.createdCount > 0) {
    const details = { count: result.createdCount, skipped: result.skipped };
    recordActivity({ workspace, person, action: "follow_up.created", batchId: input.batchId, details, at: now });
    if (input.assignee !== null) {
      recordActivity({
        workspace,
        person,
        action: "follow_up.assigned",
        batchId: input.batchId,
        details: { count: result.createdCount, assignee: input.assignee.slice(0, 200) },
        at: now,
      });
    }
  }
  void pruneNow();
  return result;
}

function creationChanges(row: Row): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = { state: { from: null, to: row.state } };
  if (row.assignee !== null) changes.assignee = { from: null, to: row.assignee };
  if (row.dueOn !== null) changes.dueOn = { from: null, to: row.dueOn };
  if (row.note !== "") changes.note = { from: null, to: row.note };
  return changes;
}

async function personName(db: Database, workspace: WorkspaceConfig, person: string): Promise<string | null> {
  const [row] = await db
    .select({ name: people.name })
    .from(people)
    .where(and(eq(people.workspace, workspace.slug), eq(people.person, person)));
  return row?.name ?? null;
}

async function readOne(db: Database, workspace: WorkspaceConfig, id: number): Promise<FollowUp | undefined> {
  const [row] = await db
    .select({ followUp: followUps, assigneeName: people.name })
    .from(followUps)
    .leftJoin(people, assigneeJoin())
    .where(and(eq(followUps.workspace, workspace.slug), eq(followUps.id, id)));
  return row ? toFollowUp(row.followUp, row.assigneeName) : undefined;
}

/** One follow-up of the workspace with its history, oldest change first; undefined for another workspace's. */
export async function getFollowUp(workspace: WorkspaceConfig, id: number): Promise<FollowUpWithHistory | undefined> {
  return records("getFollowUp", async (db) => {
    const followUp = await readOne(db, workspace, id);
    if (!followUp) return undefined;
    const history = await db
      .select()
      .from(followUpHistory)
      .where(and(eq(followUpHistory.followUpId, id), eq(followUpHistory.workspace, workspace.slug)))
      .orderBy(asc(followUpHistory.at), asc(followUpHistory.id))
      .limit(500);
    return {
      ...followUp,
      history: history.map((entry) => ({
        at: entry.at.toISOString(),
        person: entry.person,
        personName: entry.personName,
        changes: entry.changes,
      })),
    };
  });
}

export type UpdateOutcome =
  | { ok: true; followUp: FollowUp; changes: Record<string, FieldChange> }
  | { ok: false; code: "not_found" }
  | { ok: false; code: "precondition_failed"; current: FollowUp }
  | { ok: false; code: "bad_request" | "conflict"; message: string };

/**
 * Changes a follow-up made against `version` (the If-Match). Anything else changed it meanwhile: nothing is
 * written and the current follow-up comes back, with who changed it last.
 */
export async function updateFollowUp(
  workspace: WorkspaceConfig,
  person: Person,
  id: number,
  version: number,
  change: FollowUpChange,
  now = new Date(),
): Promise<UpdateOutcome> {
  const result = await records("updateFollowUp", (db) =>
    db.transaction(async (tx): Promise<UpdateOutcome> => {
      const [row] = await tx
        .select()
        .from(followUps)
        .where(and(eq(followUps.workspace, workspace.slug), eq(followUps.id, id)))
        .for("update");
      if (!row) return { ok: false, code: "not_found" };
      if (row.version !== version) {
        return { ok: false, code: "precondition_failed", current: (await readOne(tx, workspace, id))! };
      }
      if (change.assignee !== undefined && change.assignee !== null && change.assignee !== row.assignee) {
        if (!(await isPerson(tx, workspace, change.assignee))) {
          return { ok: false, code: "bad_request", message: "assignee is not one of this workspace's people." };
        }
      }
      const next: Partial<typeof followUps.$inferInsert> = {};
      const changes: Record<string, FieldChange> = {};
      const set = <K extends "assignee" | "dueOn" | "note" | "state" | "closingNote">(
        field: K,
        value: Row[K] | undefined,
      ) => {
        if (value === undefined || value === row[field]) return;
        next[field] = value as never;
        changes[field] = { from: row[field] ?? null, to: value ?? null };
      };
      set("assignee", change.assignee);
      set("dueOn", change.dueOn);
      set("note", change.note);
      if (change.state === "reopened" && row.state !== "done") {
        return { ok: false, code: "bad_request", message: "Only a done follow-up can be reopened." };
      }
      if (change.state === "reopened") {
        const [open] = await tx
          .select({ id: followUps.id })
          .from(followUps)
          .where(
            and(
              eq(followUps.workspace, workspace.slug),
              eq(followUps.batchId, row.batchId),
              eq(followUps.jobId, row.jobId),
              notDone(),
            ),
          );
        if (open) return { ok: false, code: "conflict", message: "This call already has an open follow-up." };
      }
      set("state", change.state);
      set("closingNote", change.closingNote === null ? null : change.closingNote);
      if (changes.state?.to === "done") next.doneAt = now;
      if (changes.state?.to === "reopened") next.doneAt = null;
      if (Object.keys(changes).length === 0)
        return { ok: true, followUp: (await readOne(tx, workspace, id))!, changes };
      await tx
        .update(followUps)
        .set({ ...next, version: row.version + 1, updatedBy: person.id, updatedByName: person.name, updatedAt: now })
        .where(eq(followUps.id, id));
      await tx.insert(followUpHistory).values({
        followUpId: id,
        workspace: workspace.slug,
        at: now,
        person: person.id,
        personName: person.name,
        changes,
      });
      return { ok: true, followUp: (await readOne(tx, workspace, id))!, changes };
    }),
  );
  if (result.ok) {
    const base = { workspace, person, batchId: result.followUp.batchId, at: now };
    const details = { followUp: id, jobId: result.followUp.jobId.slice(0, 200) };
    const { changes } = result;
    if (changes.assignee) {
      recordActivity({
        ...base,
        action: "follow_up.assigned",
        details: { ...details, assignee: (changes.assignee.to ?? "").slice(0, 200) },
      });
    }
    if (changes.state?.to === "done") recordActivity({ ...base, action: "follow_up.done", details });
    if (changes.state?.to === "reopened") recordActivity({ ...base, action: "follow_up.reopened", details });
  }
  void pruneNow();
  return result;
}

/** Today's date in UTC, YYYY-MM-DD: "overdue" is a due date before it. */
export const utcToday = (now = new Date()) => now.toISOString().slice(0, 10);

function queueConditions(workspace: WorkspaceConfig, me: string, filter: QueueFilter, today: string): SQL[] {
  const conditions: SQL[] = [eq(followUps.workspace, workspace.slug)];
  if (filter.state === "open") conditions.push(notDone());
  if (filter.state === "done") conditions.push(eq(followUps.state, "done"));
  if (filter.who === "mine") conditions.push(eq(followUps.assignee, me));
  if (filter.who === "unassigned") conditions.push(isNull(followUps.assignee));
  if (filter.overdue) conditions.push(lt(followUps.dueOn, today), notDone());
  if (filter.batch) conditions.push(eq(followUps.batchId, filter.batch));
  return conditions;
}

/** Due date first (none last), then oldest first: the order of the queue and of its export. */
const queueOrder = () => [sql`${followUps.dueOn} asc nulls last`, asc(followUps.id)];

/** A page of the workspace's queue for `me`, by due date, and how many match the filter. */
export async function listQueue(
  workspace: WorkspaceConfig,
  me: string,
  filter: QueueFilter & { page: number; limit: number },
  today = utcToday(),
): Promise<{ followUps: FollowUp[]; total: number }> {
  return records("listQueue", async (db) => {
    const where = and(...queueConditions(workspace, me, filter, today));
    const [rows, counted] = await Promise.all([
      db
        .select({ followUp: followUps, assigneeName: people.name })
        .from(followUps)
        .leftJoin(people, assigneeJoin())
        .where(where)
        .orderBy(...queueOrder())
        .limit(filter.limit)
        .offset((filter.page - 1) * filter.limit),
      db.select({ count: count() }).from(followUps).where(where),
    ]);
    return {
      followUps: rows.map((row) => toFollowUp(row.followUp, row.assigneeName)),
      total: Number(counted[0]?.count ?? 0),
    };
  });
}

/** The most rows one export of the queue holds. */
export const maxExportRows = 50_000;
const exportChunk = 2_000;

/** Every follow-up matching the filter, in the queue's order, in chunks (the CSV export). */
export async function* queueRows(
  workspace: WorkspaceConfig,
  me: string,
  filter: QueueFilter,
  today = utcToday(),
): AsyncGenerator<FollowUp[]> {
  for (let offset = 0; offset < maxExportRows; offset += exportChunk) {
    const rows = await records("queueRows", (db) =>
      db
        .select({ followUp: followUps, assigneeName: people.name })
        .from(followUps)
        .leftJoin(people, assigneeJoin())
        .where(and(...queueConditions(workspace, me, filter, today)))
        .orderBy(...queueOrder())
        .limit(Math.min(exportChunk, maxExportRows - offset))
        .offset(offset),
    );
    if (rows.length > 0) yield rows.map((row) => toFollowUp(row.followUp, row.assigneeName));
    if (rows.length < exportChunk) return;
  }
}

/** Open follow-ups per batch, for the workspace's batch list. */
export async function openCountsByBatch(
  workspace: WorkspaceConfig,
  batchIds: string[],
): Promise<Record<string, number>> {
  if (batchIds.length === 0) return {};
  return records("openCountsByBatch", async (db) => {
    const rows = await db
      .select({ batchId: followUps.batchId, count: count() })
      .from(followUps)
      .where(and(eq(followUps.workspace, workspace.slug), inArray(followUps.batchId, batchIds), notDone()))
      .groupBy(followUps.batchId);
    return Object.fromEntries(rows.map((row) => [row.batchId, Number(row.count)]));
  });
}

/** The open follow-ups of some calls of a batch (badges; the call dialog). */
export async function openForCalls(workspace: WorkspaceConfig, batchId: string, jobIds: string[]): Promise<FollowUp[]> {
  if (jobIds.length === 0) return [];
  return records("openForCalls", async (db) => {
    const rows = await db
      .select({ followUp: followUps, assigneeName: people.name })
      .from(followUps)
      .leftJoin(people, assigneeJoin())
      .where(
        and(
          eq(followUps.workspace, workspace.slug),
          eq(followUps.batchId, batchId),
          inArray(followUps.jobId, jobIds),
          notDone(),
        ),
      );
    return rows.map((row) => toFollowUp(row.followUp, row.assigneeName));
  });
}

/** The most open follow-ups of one batch the batch page is told about (badges, "Needs follow-up"). */
export const maxOpenOfBatch = 10_000;

/** The open (or reopened) follow-ups of one batch, oldest first: a mark per call for the batch page. */
export async function openOfBatch(workspace: WorkspaceConfig, batchId: string): Promise<OpenFollowUpMark[]> {
  return records("openOfBatch", async (db) => {
    const rows = await db
      .select({
        id: followUps.id,
        jobId: followUps.jobId,
        state: followUps.state,
        assignee: followUps.assignee,
        assigneeName: people.name,
      })
      .from(followUps)
      .leftJoin(people, assigneeJoin())
      .where(and(eq(followUps.workspace, workspace.slug), eq(followUps.batchId, batchId), notDone()))
      .orderBy(asc(followUps.id))
      .limit(maxOpenOfBatch);
    return rows.map(({ assignee, assigneeName, ...row }) => ({
      ...row,
      assigneeName: assignee === null ? null : (assigneeName ?? "(no longer in the workspace)"),
    }));
  });
}

/** Every follow-up of some calls of a batch, newest first (badges; the call dialog shows the open one and past ones). */
export async function followUpsOfCalls(
  workspace: WorkspaceConfig,
  batchId: string,
  jobIds: string[],
): Promise<FollowUp[]> {
  if (jobIds.length === 0) return [];
  return records("followUpsOfCalls", async (db) => {
    const rows = await db
      .select({ followUp: followUps, assigneeName: people.name })
      .from(followUps)
      .leftJoin(people, assigneeJoin())
      .where(
        and(eq(followUps.workspace, workspace.slug), eq(followUps.batchId, batchId), inArray(followUps.jobId, jobIds)),
      )
      .orderBy(desc(followUps.id))
      .limit(500);
    return rows.map((row) => toFollowUp(row.followUp, row.assigneeName));
  });
}

/** How many open follow-ups are assigned to this person (the header's count). */
export async function myOpenCount(workspace: WorkspaceConfig, me: string): Promise<number> {
  return records("myOpenCount", async (db) => {
    const [row] = await db
      .select({ count: count() })
      .from(followUps)
      .where(and(eq(followUps.workspace, workspace.slug), eq(followUps.assignee, me), notDone()));
    return Number(row?.count ?? 0);
  });
}

/** The workspace's people (members who have used it), by name: the assignees one may choose. */
export async function listPeople(workspace: WorkspaceConfig): Promise<WorkspacePerson[]> {
  return records("listPeople", async (db) => {
    const rows = await db
      .select({ id: people.person, name: people.name, email: people.email })
      .from(people)
      .where(eq(people.workspace, workspace.slug))
      .orderBy(asc(people.name), asc(people.person))
      .limit(1_000);
    return rows;
  });
}

/** Records that a member used the workspace: added to its people the first time, last seen kept fresh. */
export async function upsertPerson(
  workspace: WorkspaceConfig,
  person: Person & { email: string | null },
  now = new Date(),
): Promise<void> {
  return records("upsertPerson", async (db) => {
    await db
      .insert(people)
      .values({
        workspace: workspace.slug,
        person: person.id,
        name: person.name,
        email: person.email,
        firstSeenAt: now,
        lastSeenAt: now,
      })
      .onConflictDoUpdate({
        target: [people.workspace, people.person],
        set: { name: person.name, email: person.email, lastSeenAt: now },
      });
  });
}

/** Deletes follow-ups done more than FOLLOW_UP_RETENTION_DAYS ago, in every workspace (their history goes with them). */
export async function pruneFollowUps(now = Date.now()): Promise<number> {
  const cutoff = new Date(now - followUpRetentionDays() * 86_400_000);
  const db = await database();
  const result = (await db.delete(followUps).where(and(eq(followUps.state, "done"), lt(followUps.doneAt, cutoff)))) as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return Number(result.rowCount ?? result.affectedRows ?? 0);
}

/** Old follow-ups go on the write path, at most this often per instance: no scheduler needed on any host. */
const pruneEveryMs = 60 * 60_000;
const pruneSlot = globalThis as typeof globalThis & { __batchConsoleFollowUpsPrunedAt?: number };

async function pruneNow(): Promise<void> {
  if (Date.now() - (pruneSlot.__batchConsoleFollowUpsPrunedAt ?? 0) < pruneEveryMs) return;
  pruneSlot.__batchConsoleFollowUpsPrunedAt = Date.now();
  await pruneFollowUps().catch(() => undefined);
}
