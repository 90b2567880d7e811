import "server-only";
import { getConfig, type WorkspaceConfig } from "@/lib/config";
import { durableStore } from "@/lib/state/durable-store";
import { luaScript } from "@/lib/state/scripts";
import { jobStore, jobTtlMs, type ExportJobRecord } from "./records";

/**
 * Caps on background export jobs running or waiting at once: EXPORT_JOBS_MAX_PER_USER per person
 * (whatever the workspace) and EXPORT_JOBS_MAX_PER_WORKSPACE per workspace. Each cap is a sorted set
 * of its jobs, scored by the time they were let in; a job leaves both sets when it ends. One that
 * ended without leaving (its instance died in between) is pruned when a refusal would count it.
 */

/** A job let in this recently may not have its record written yet: it is not pruned for lacking one. */
const recordGraceMs = 60_000;

export type CapRefusal = {
  over: "person" | "workspace";
  limit: number;
  /** The jobs that fill the cap, oldest first (each its own workspace's record). */
  active: ExportJobRecord[];
};

// KEYS: the person's set, the workspace's set. ARGV: member, score, per person, per workspace, ttl.
const admitScript = luaScript(`
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 1 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 2 end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[5]))
end
return 0
`);

const membersScript = luaScript(`return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')`);

const removeScript = luaScript(`
for _, key in ipairs(KEYS) do redis.call('ZREM', key, ARGV[1]) end
return 1
`);

// In memory: one map per set, member → score. Each operation runs without awaiting, so it is atomic.
const slot = globalThis as typeof globalThis & { __batchConsoleExportCaps?: Map<string, Map<string, number>> };

function memorySet(key: string): Map<string, number> {
  const sets = (slot.__batchConsoleExportCaps ??= new Map());
  let set = sets.get(key);
  if (!set) sets.set(key, (set = new Map()));
  return set;
}

// One hash tag for both sets: an atomic script may touch them together on a Redis Cluster too.
const personKey = (owner: string) => `export-caps:{jobs}:person:${owner}`;
const workspaceKey = (slug: string) => `export-caps:{jobs}:workspace:${slug}`;
// A person's set spans workspaces: its members name the workspace, to find the job's record again.
const memberOf = (slug: string, jobId: string) => `${slug}/${jobId}`;

async function members(key: string): Promise<{ member: string; score: number }[]> {
  const answer = await durableStore().runScript(membersScript, [key], [], () =>
    [...memorySet(key)].flatMap(([member, score]) => [member, String(score)]),
  );
  const flat = (answer as string[]).map(String);
  const found: { member: string; score: number }[] = [];
  for (let index = 0; index < flat.length; index += 2) {
    found.push({ member: flat[index]!, score: Number(flat[index + 1]) });
  }
  return found.sort((a, b) => a.score - b.score);
}

async function remove(keys: string[], member: string): Promise<void> {
  await durableStore().runScript(removeScript, keys, [member], () => {
    for (const key of keys) memorySet(key).delete(member);
  });
}

/** The job a member names: its record while queued or running (and not cancelled), "ended", or "missing". */
async function jobOf(member: string): Promise<ExportJobRecord | "ended" | "missing"> {
  const [slug, jobId] = member.split("/");
  const workspace = getConfig().workspaces.find((candidate) => candidate.slug === slug);
  if (!workspace || !jobId) return "ended";
  const jobs = jobStore(workspace);
  const record = await jobs.read(jobId);
  if (!record) return "missing";
  if (record.state !== "queued" && record.state !== "running") return "ended";
  return (await jobs.isCancelled(jobId)) ? "ended" : record;
}

/** The jobs a set really holds, oldest first: members whose job has ended are removed from it on the way. */
async function pruned(key: string): Promise<ExportJobRecord[]> {
  const now = Date.now();
  const active: ExportJobRecord[] = [];
  for (const { member, score } of await members(key)) {
    const job = await jobOf(member);
    if (typeof job === "object") active.push(job);
    else if (job === "ended" || now - score > recordGraceMs) await remove([key], member);
  }
  return active;
}

async function tryAdmit(keys: string[], member: string): Promise<0 | 1 | 2> {
  const { perUser, perWorkspace } = getConfig().exportJobLimits;
  const now = Date.now();
  const answer = await durableStore().runScript(
    admitScript,
    keys,
    [member, now, perUser, perWorkspace, jobTtlMs],
    () => {
      const [person, workspace] = keys.map(memorySet) as [Map<string, number>, Map<string, number>];
      if (person.has(member)) return 0;
      if (person.size >= perUser) return 1;
      if (workspace.size >= perWorkspace) return 2;
      person.set(member, now);
      workspace.set(member, now);
      return 0;
    },
  );
  return Number(answer) as 0 | 1 | 2;
}

/**
 * Lets a new job in under both caps, or says which cap is full and with what. `owner` is the
 * person's keyName (the record's `owner`).
 */
export async function admitJob(workspace: WorkspaceConfig, owner: string, jobId: string): Promise<true | CapRefusal> {
  const keys = [personKey(owner), workspaceKey(workspace.slug)];
  const member = memberOf(workspace.slug, jobId);
  let answer = await tryAdmit(keys, member);
  if (answer === 0) return true;
  // Full, perhaps only of jobs that ended without leaving: count again from their records.
  await pruned(keys[answer - 1]!);
  answer = await tryAdmit(keys, member);
  if (answer === 0) return true;
  const over = answer === 1 ? "person" : "workspace";
  const { perUser, perWorkspace } = getConfig().exportJobLimits;
  return { over, limit: over === "person" ? perUser : perWorkspace, active: await pruned(keys[answer - 1]!) };
}

/** Frees the job's place under both caps: when it ends (done, failed, cancelled, expired) or never started. */
export async function releaseJobCap(record: Pick<ExportJobRecord, "slug" | "jobId" | "owner">): Promise<void> {
  const keys = [workspaceKey(record.slug), ...(record.owner ? [personKey(record.owner)] : [])];
  await remove(keys, memberOf(record.slug, record.jobId));
}
