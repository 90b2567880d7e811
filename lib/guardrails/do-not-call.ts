import "server-only";
import { and, asc, count, desc, eq, gt, like, sql } from "drizzle-orm";
import type { WorkspaceConfig } from "@/lib/config";
import { records } from "@/lib/db/client";
import type { Person } from "@/lib/db/person";
import { doNotCall, type DoNotCallReason } from "@/lib/db/schema";

// The workspace's do-not-call list (47 CFR 64.1200(d)). Every function takes the workspace from the route guard
// first; numbers are E.164, as the intake normalises them.

export type DoNotCallEntry = {
  number: string;
  reason: DoNotCallReason;
  note: string | null;
  addedBy: string;
  addedAt: string;
};

export type DoNotCallAddition = { number: string; reason: DoNotCallReason; note?: string | null };

const entryOf = (row: typeof doNotCall.$inferSelect): DoNotCallEntry => ({
  number: row.number,
  reason: row.reason,
  note: row.note,
  addedBy: row.addedByName,
  addedAt: row.addedAt.toISOString(),
});

/** Rows per statement: well under PostgreSQL's 65,535 bind parameters (6 per row on insert). */
const chunkSize = 5_000;

/** A page of the list, newest first; `q` matches any run of a number's digits. */
export async function listDoNotCall(
  workspace: WorkspaceConfig,
  query: { q?: string; page: number; limit: number },
): Promise<{ entries: DoNotCallEntry[]; total: number }> {
  return records("listDoNotCall", async (db) => {
    const digits = query.q?.replace(/\D/g, "");
    const where = and(
      eq(doNotCall.workspace, workspace.slug),
      digits ? like(doNotCall.number, `%${digits}%`) : undefined,
    );
    const [rows, counted] = await Promise.all([
      db
        .select()
        .from(doNotCall)
        .where(where)
        .orderBy(desc(doNotCall.addedAt), asc(doNotCall.number))
        .limit(query.limit)
        .offset((query.page - 1) * query.limit),
      db.select({ total: count() }).from(doNotCall).where(where),
    ]);
    return { entries: rows.map(entryOf), total: Number(counted[0]?.total ?? 0) };
  });
}

/** The whole list in number order, a chunk at a time (the export), without holding it all in memory. */
export async function* eachDoNotCall(workspace: WorkspaceConfig): AsyncGenerator<DoNotCallEntry[]> {
  let after = "";
  for (;;) {
    const rows = await records("eachDoNotCall", (db) =>
      db
        .select()
        .from(doNotCall)
        .where(and(eq(doNotCall.workspace, workspace.slug), gt(doNotCall.number, after)))
        .orderBy(asc(doNotCall.number))
        .limit(chunkSize),
    );
    if (rows.length === 0) return;
    yield rows.map(entryOf);
    after = rows.at(-1)!.number;
  }
}

/** Adds numbers not listed yet (a listed number keeps its first reason); counts what was new. */
export async function addDoNotCall(
  workspace: WorkspaceConfig,
  person: Person,
  additions: readonly DoNotCallAddition[],
  now = new Date(),
): Promise<{ added: number; alreadyListed: number }> {
  return records("addDoNotCall", async (db) => {
    const unique = [...new Map(additions.map((entry) => [entry.number, entry])).values()];
    let added = 0;
    for (let start = 0; start < unique.length; start += chunkSize) {
      const rows = unique.slice(start, start + chunkSize).map((entry) => ({
        workspace: workspace.slug,
        number: entry.number,
        reason: entry.reason,
        note: entry.note ?? null,
        addedBy: person.id,
        addedByName: person.name,
        addedAt: now,
      }));
      const inserted = await db
        .insert(doNotCall)
        .values(rows)
        .onConflictDoNothing({ target: [doNotCall.workspace, doNotCall.number] })
        .returning({ number: doNotCall.number });
      added += inserted.length;
    }
    return { added, alreadyListed: unique.length - added };
  });
}

/** Removes one number; the entry as it was, or undefined when the list did not hold it. */
export async function deleteDoNotCall(workspace: WorkspaceConfig, number: string): Promise<DoNotCallEntry | undefined> {
  return records("deleteDoNotCall", async (db) => {
    const [row] = await db
      .delete(doNotCall)
      .where(and(eq(doNotCall.workspace, workspace.slug), eq(doNotCall.number, number)))
      .returning();
    return row ? entryOf(row) : undefined;
  });
}

/** What the list can hold (E.164): also what may go into an array literal unquoted. */
const listable = /^\+[1-9]\d{1,14}$/;
/**
 * Up to this many numbers, one probe of the primary key each (`= any`); above it, one merge join of the sorted
 * numbers with the workspace's stretch of the primary key, read in order once. Measured on a 1,000,000-number list:
 * 100,000 numbers took 3.1–3.6 s as probes and 0.66–0.72 s as a merge join (a hash join over a scan of the list:
 * 1.1–1.4 s); the two meet near 20,000 numbers for a list that size, and a smaller list favours the merge sooner.
 */
const probeUpTo = 20_000;

type NumberRows = { rows?: { number: string }[] } | { number: string }[];
const numbersOf = (result: NumberRows) => (Array.isArray(result) ? result : (result.rows ?? []));

/**
 * Which of `numbers` the workspace's list holds: the filter every start and re-run passes before anything is
 * sent. Never loads the list (`npm run bench:db`).
 */
export async function listedNumbers(workspace: WorkspaceConfig, numbers: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(numbers)].filter((number) => listable.test(number));
  if (unique.length === 0) return new Set();
  const literal = `{${unique.join(",")}}`;
  return records("listedNumbers", (db) =>
    db.transaction(async (tx) => {
      if (unique.length <= probeUpTo) {
        // Left to itself the planner may scan the whole list for a long array.
        await tx.execute(sql`set local enable_seqscan = off`);
        const rows = await tx
          .select({ number: doNotCall.number })
          .from(doNotCall)
          .where(and(eq(doNotCall.workspace, workspace.slug), sql`${doNotCall.number} = any(${literal}::text[])`));
        return new Set(rows.map((row) => row.number));
      }
      await tx.execute(sql`set local enable_hashjoin = off`);
      await tx.execute(sql`set local enable_nestloop = off`);
      const result = (await tx.execute(
        sql`select d.number from ${doNotCall} d join unnest(${literal}::text[]) as f(number) on d.number = f.number
            where d.workspace = ${workspace.slug}`,
      )) as NumberRows;
      return new Set(numbersOf(result).map((row) => row.number));
    }),
  );
}

/** The rows to send without the listed numbers, and the numbers removed (in file order). */
export async function removeDoNotCall<T>(
  workspace: WorkspaceConfig,
  rows: readonly T[],
  numberOf: (row: T) => string,
): Promise<{ kept: T[]; removed: string[] }> {
  const listed = await listedNumbers(
    workspace,
    rows.map((row) => numberOf(row)),
  );
  const kept: T[] = [];
  const removed: string[] = [];
  for (const row of rows) {
    const number = numberOf(row);
    if (listed.has(number)) removed.push(number);
    else kept.push(row);
  }
  return { kept, removed };
}

/** Whether the workspace's list holds any number at all: one probe of its primary key. */
export async function hasDoNotCall(workspace: WorkspaceConfig): Promise<boolean> {
  return records("hasDoNotCall", async (db) => {
    const rows = await db
      .select({ number: doNotCall.number })
      .from(doNotCall)
      .where(eq(doNotCall.workspace, workspace.slug))
      .limit(1);
    return rows.length > 0;
  });
}
