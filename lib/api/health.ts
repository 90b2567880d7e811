import "server-only";
import { z } from "zod";
import { ConfigError, getConfig } from "@/lib/config";
import { databaseHealth } from "@/lib/db/client";
import { redisEvictionPolicy, sharedStateHealth } from "@/lib/state/redis";

/** Session epochs, job records and budgets must never be evicted: the one policy Redis may have. */
export const requiredEvictionPolicy = "noeviction";

export const healthWarnings = ["redis_eviction_policy"] as const;

/**
 * What /api/health tells anyone who asks (it needs no session): a status and fixed warning codes.
 * Reasons (Redis's error, a host name, the variables at fault) go to the log only.
 */
export const healthBodySchema = z.strictObject({
  status: z.enum(["ok", "degraded", "misconfigured"]),
  warnings: z.array(z.enum(healthWarnings)).optional(),
  /** The team's records: whether the database answers, and how many migrations it has applied. */
  database: z.strictObject({ status: z.enum(["ok", "unavailable"]), schemaVersion: z.number().optional() }).optional(),
});
export type HealthBody = z.infer<typeof healthBodySchema>;

const logEveryMs = 60_000;
const slot = globalThis as typeof globalThis & { __batchConsoleHealthLog?: Map<string, number> };

/** One JSON line per distinct finding, at most once a minute: load balancers ask every few seconds. */
function logFinding(finding: Record<string, string | string[]>): void {
  const line = JSON.stringify({ type: "health", ...finding });
  const logged = (slot.__batchConsoleHealthLog ??= new Map());
  const now = Date.now();
  if (now - (logged.get(line) ?? 0) < logEveryMs) return;
  logged.set(line, now);
  console.warn(line);
}

/**
 * `ok`; `degraded` while Redis is configured but unreachable or the database does not answer (the app still
 * serves batches); `misconfigured`
 * when the environment is not valid. A Redis that may evict keys adds the `redis_eviction_policy` warning.
 */
export async function healthReport(): Promise<HealthBody> {
  try {
    getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logFinding({ status: "misconfigured", problems: error.problems });
    return { status: "misconfigured" };
  }
  const [sharedState, policy, database] = await Promise.all([
    sharedStateHealth(),
    redisEvictionPolicy(),
    databaseHealth(),
  ]);
  const report: HealthBody = { status: "ok" };
  if (sharedState.store === "redis" && sharedState.status === "degraded") {
    report.status = "degraded";
    logFinding({ status: "degraded", reason: sharedState.reason });
  }
  if (database.status === "unavailable") {
    report.status = "degraded";
    report.database = { status: "unavailable" };
    logFinding({ status: "degraded", database: database.reason });
  } else {
    report.database = { status: "ok", schemaVersion: database.schemaVersion };
  }
  if (policy !== undefined && policy !== requiredEvictionPolicy) {
    report.warnings = ["redis_eviction_policy"];
    logFinding({
      warning: "redis_eviction_policy",
      message: `Redis's maxmemory-policy is ${policy}: set it to ${requiredEvictionPolicy}, or session revocations and job records can be evicted.`,
    });
  }
  return report;
}
