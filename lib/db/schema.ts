import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

// Every table carries the workspace (its slug, the membership boundary). Only lib/db's data functions query these,
// and each takes the workspace from the route guard as its first argument.

/** Counts of a batch's calls as last seen from Trillet (the summary of its call list). */
export type BatchProgress = { total: number; waiting: number; active: number; completed: number; failed: number };

/** Batches the team knows: Trillet has no endpoint that lists a workspace's batches. */
export const batches = pgTable(
  "batches",
  {
    workspace: text("workspace").notNull(),
    batchId: text("batch_id").notNull(),
    label: text("label"),
    hidden: boolean("hidden").notNull().default(false),
    /** Trillet's batch status as last seen (`queued`, `processing`, `completed`, …; unknown ones kept as sent). */
    status: text("status"),
    progress: jsonb("progress").$type<BatchProgress>(),
    finished: boolean("finished").notNull().default(false),
    statusSeenAt: timestamp("status_seen_at", { withTimezone: true }),
    addedBy: text("added_by").notNull(),
    addedByName: text("added_by_name").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
    lastOpenedAt: timestamp("last_opened_at", { withTimezone: true }).notNull().defaultNow(),
    /** Newest of opened, labelled, hidden or shown: the list's order. */
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when the batch was started (or re-run) from the console. */
    origin: jsonb("origin").$type<BatchOrigin>(),
    parentBatchId: text("parent_batch_id"),
    /** Parts of one run split by calling hours share a run id. */
    runId: text("run_id"),
    cancelledBy: text("cancelled_by"),
    cancelledByName: text("cancelled_by_name"),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    cancelCounts: jsonb("cancel_counts").$type<CancelCounts>(),
  },
  (table) => [
    primaryKey({ columns: [table.workspace, table.batchId] }),
    index("batches_workspace_activity").on(table.workspace, table.lastActivityAt.desc()),
    index("batches_workspace_parent").on(table.workspace, table.parentBatchId),
  ],
);

/** Who opened which batch last, so "opened by me" follows a person to any device. */
export const batchOpens = pgTable(
  "batch_opens",
  {
    workspace: text("workspace").notNull(),
    batchId: text("batch_id").notNull(),
    person: text("person").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspace, table.person, table.batchId] }),
    index("batch_opens_person_recent").on(table.workspace, table.person, table.openedAt.desc()),
  ],
);

/** What members did, for the activity page; pruned after ACTIVITY_RETENTION_DAYS. No phone number, text or search term. */
export const activity = pgTable(
  "activity",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspace: text("workspace").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    person: text("person").notNull(),
    personName: text("person_name").notNull(),
    action: text("action").notNull(),
    batchId: text("batch_id"),
    status: integer("status"),
    details: jsonb("details")
      .$type<Record<string, string | number | boolean>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (table) => [
    index("activity_workspace_at").on(table.workspace, table.at.desc()),
    index("activity_workspace_batch_at").on(table.workspace, table.batchId, table.at.desc()),
    index("activity_at").on(table.at),
  ],
);

/** How a batch the team knows came to be, for batches started from the console (null for ones only opened). */
export type BatchOrigin = {
  kind: "start" | "rerun";
  agentId: string;
  agentName: string;
  fileName: string;
  /** Rows sent to Trillet, and Trillet's own count from its answer. */
  rowsSent: number;
  totalCalls: number | null;
  /** ISO UTC time the batch was scheduled for; null: started at once. */
  scheduledAt: string | null;
  /** One part of a run split by calling hours: its number, how many parts, and its zone group (e.g. UTC−05:00). */
  part?: { number: number; of: number; zoneGroup: string };
};

/** Trillet's counts when a batch was cancelled, from its answer to the cancel. */
export type CancelCounts = { completedCalls: number; failedCalls: number; cancelledCalls: number; totalCalls: number };

/**
 * One request to start a batch (a new one or a re-run), recorded *before* Trillet is called, keyed by the
 * client's Idempotency-Key: a repeat with the key answers this record instead of starting a second batch.
 * Holds the file's SHA-256, never its rows.
 */
export const batchStarts = pgTable(
  "batch_starts",
  {
    workspace: text("workspace").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    fileSha256: text("file_sha256").notNull(),
    fileName: text("file_name").notNull(),
    kind: text("kind").$type<"start" | "rerun">().notNull(),
    parentBatchId: text("parent_batch_id"),
    /** Split parts of one run (calling hours): the same run id, numbered from 1. */
    runId: text("run_id"),
    runPart: integer("run_part"),
    agentId: text("agent_id").notNull(),
    agentName: text("agent_name").notNull(),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    rowsSent: integer("rows_sent").notNull(),
    /**
     * sending: recorded, Trillet not answered yet; started: Trillet answered with a batch; refused: Trillet
     * answered with an error (nothing started); unknown: the request left and its answer was lost.
     */
    state: text("state").$type<"sending" | "started" | "refused" | "unknown">().notNull(),
    batchId: text("batch_id"),
    /** Trillet's answer (`{batchId, totalCalls, status, message}` or its error), as the repeat's reply. */
    answer: jsonb("answer").$type<Record<string, unknown>>(),
    person: text("person").notNull(),
    personName: text("person_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.workspace, table.idempotencyKey] }),
    index("batch_starts_workspace_created").on(table.workspace, table.createdAt.desc()),
    index("batch_starts_workspace_parent").on(table.workspace, table.parentBatchId),
    index("batch_starts_workspace_run").on(table.workspace, table.runId),
  ],
);

/** The workspace's people: members who have signed in at least once (assignees of follow-ups). */
export const people = pgTable(
  "people",
  {
    workspace: text("workspace").notNull(),
    person: text("person").notNull(),
    name: text("name").notNull(),
    /** Kept to tell people apart who share a name; the sign-in's verified email, or null. */
    email: text("email"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspace, table.person] })],
);

export type FollowUpState = "open" | "done" | "reopened";

/**
 * A call that needs a person. Keeps the contact's name and phone number as they were at creation (personal
 * data: deleted with the follow-up, pruned FOLLOW_UP_RETENTION_DAYS after done). `version` is the ETag.
 */
export const followUps = pgTable(
  "follow_ups",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspace: text("workspace").notNull(),
    batchId: text("batch_id").notNull(),
    jobId: text("job_id").notNull(),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    /** The call's outcome when the follow-up was made (e.g. "Callback requested"), for the queue's rows. */
    outcome: text("outcome"),
    assignee: text("assignee"),
    dueOn: date("due_on", { mode: "string" }),
    note: text("note").notNull().default(""),
    state: text("state").$type<FollowUpState>().notNull().default("open"),
    closingNote: text("closing_note"),
    version: integer("version").notNull().default(1),
    createdBy: text("created_by").notNull(),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text("updated_by").notNull(),
    updatedByName: text("updated_by_name").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("follow_ups_one_open_per_call")
      .on(table.workspace, table.batchId, table.jobId)
      .where(sql`${table.state} <> 'done'`),
    index("follow_ups_queue").on(table.workspace, table.state, table.assignee, table.dueOn, table.id),
    // The queue's usual views ("mine, open, by due date", everyone's open, overdue, the header's count): open and
    // reopened rows only, in the queue's order, so a page is an index range and a count an index-only scan.
    index("follow_ups_open_assignee_due")
      .on(table.workspace, table.assignee, table.dueOn, table.id)
      .where(sql`${table.state} <> 'done'`),
    index("follow_ups_open_due")
      .on(table.workspace, table.dueOn, table.id)
      .where(sql`${table.state} <> 'done'`),
    index("follow_ups_workspace_due").on(table.workspace, table.dueOn, table.id),
    index("follow_ups_workspace_batch").on(table.workspace, table.batchId, table.jobId),
    index("follow_ups_done_at").on(table.doneAt),
  ],
);

/** Who changed what on a follow-up, and when: the values before and after, by field. */
export const followUpHistory = pgTable(
  "follow_up_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    followUpId: bigint("follow_up_id", { mode: "number" })
      .notNull()
      .references(() => followUps.id, { onDelete: "cascade" }),
    workspace: text("workspace").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    person: text("person").notNull(),
    personName: text("person_name").notNull(),
    changes: jsonb("changes").$type<Record<string, { from: string | null; to: string | null }>>().notNull(),
  },
  (table) => [index("follow_up_history_item").on(table.followUpId, table.at)],
);

export type DoNotCallReason = "asked" | "manual" | "imported";

/** Numbers the workspace must not call (47 CFR 64.1200(d)), in E.164. */
export const doNotCall = pgTable(
  "do_not_call",
  {
    workspace: text("workspace").notNull(),
    number: text("number").notNull(),
    reason: text("reason").$type<DoNotCallReason>().notNull(),
    note: text("note"),
    addedBy: text("added_by").notNull(),
    addedByName: text("added_by_name").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspace, table.number] }),
    index("do_not_call_workspace_added").on(table.workspace, table.addedAt.desc()),
  ],
);
