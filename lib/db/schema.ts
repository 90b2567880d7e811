import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

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
  },
  (table) => [
    primaryKey({ columns: [table.workspace, table.batchId] }),
    index("batches_workspace_activity").on(table.workspace, table.lastActivityAt.desc()),
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
