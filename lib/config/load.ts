import type { z } from "zod";
import { envSchema, workspacesSchema, type WorkspaceConfig } from "./schema";

export type SsoProviderId = "google" | "microsoft-entra-id" | "okta" | "oidc";

export type SsoProviderConfig = {
  id: SsoProviderId;
  clientId: string;
  clientSecret: string;
  issuer?: string;
  name?: string;
  scope?: string;
};

export type AppConfig = {
  trillet: {
    baseUrl: string;
    rateLimitPerMinute: number;
    burst: number;
    /** Share of the per-minute budget one person or one workspace may spend on interactive reads (0..1). */
    fairShare: number;
    timeoutMs: number;
    cacheTtlMs: number;
  };
  /** Where state shared by every instance lives: Redis when REDIS_URL is set, else this process (one instance only). */
  sharedState: { store: "redis" | "memory"; keyPrefix: string };
  exportConcurrency: number;
  /** Exports running at once: per person, and in all (across instances with Redis). */
  exportLimits: { perUser: number; running: number };
  /** Background export jobs running at once per Trillet API key (across instances with Redis); the rest queue. */
  exportJobsPerKey: number;
  /**
   * Background export jobs running or waiting at once, per person and per workspace (across instances
   * with Redis); and how long one may wait in line before it ends as expired.
   */
  exportJobLimits: { perUser: number; perWorkspace: number; maxWaitMs: number };
  apiRateLimitPerMinute: number;
  /** The most rows a CSV may hold to start a batch from the console (BATCH_MAX_ROWS). */
  batchMaxRows: number;
  /** The team's records: PostgreSQL from DATABASE_URL, else PGlite with its files under `dataDir` (one instance). */
  database: { dataDir: string; activityRetentionDays: number };
  cronSecret: string | undefined;
  workspaces: WorkspaceConfig[];
  auth: { providers: SsoProviderConfig[] };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Batch Console cannot start: fix these environment variables.\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

type EnvSource = Record<string, string | undefined>;

const providerVariables: Record<SsoProviderId, { prefix: string; required: string[] }> = {
  google: { prefix: "AUTH_GOOGLE", required: ["ID", "SECRET"] },
  "microsoft-entra-id": { prefix: "AUTH_MICROSOFT_ENTRA_ID", required: ["ID", "SECRET", "ISSUER"] },
  okta: { prefix: "AUTH_OKTA", required: ["ID", "SECRET", "ISSUER"] },
  oidc: { prefix: "AUTH_OIDC", required: ["ISSUER", "ID", "SECRET", "NAME"] },
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const [variable, ...rest] = issue.path.map(String);
  const where = rest.length > 0 ? `${variable} (at ${rest.join(".")})` : variable;
  return `${where}: ${issue.message}`;
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function emptyToUndefined(env: EnvSource): EnvSource {
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === "" ? undefined : value]));
}

function readProviders(env: EnvSource, problems: string[]): SsoProviderConfig[] {
  const providers: SsoProviderConfig[] = [];
  let partlySet = false;
  for (const [id, { prefix, required }] of Object.entries(providerVariables) as [
    SsoProviderId,
    (typeof providerVariables)[SsoProviderId],
  ][]) {
    const names = required.map((suffix) => `${prefix}_${suffix}`);
    const missing = names.filter((name) => !env[name]);
    if (missing.length === names.length) continue;
    if (missing.length > 0) {
      partlySet = true;
      problems.push(`${missing.join(", ")}: required because ${prefix}_* is partly set`);
      continue;
    }
    providers.push({
      id,
      clientId: env[`${prefix}_ID`]!,
      clientSecret: env[`${prefix}_SECRET`]!,
      issuer: env[`${prefix}_ISSUER`],
      name: env[`${prefix}_NAME`],
      scope: env[`${prefix}_SCOPE`],
    });
  }
  if (providers.length === 0 && !partlySet) {
    problems.push(
      "AUTH_GOOGLE_*, AUTH_MICROSOFT_ENTRA_ID_*, AUTH_OKTA_* or AUTH_OIDC_*: configure at least one sign-in provider",
    );
  }
  return providers;
}

/** Parses every variable of the public contract; throws one ConfigError naming each bad variable, never a value. */
export type LoadedConfig = {
  config: AppConfig;
  apiKeys: Map<string, string>;
  sessionSecret: string;
  /** May carry a password: kept out of AppConfig like the keys. */
  redisUrl?: string;
  /** Carries a password: kept out of AppConfig like the keys. */
  databaseUrl?: string;
};

export function loadConfig(source: EnvSource = process.env): LoadedConfig {
  const env = emptyToUndefined(source);
  const parsed = envSchema.safeParse(env, { reportInput: false });
  const problems = parsed.success ? [] : parsed.error.issues.map(describeIssue);
  const providers = readProviders(env, problems);

  const apiKeys = new Map<string, string>();
  // Checked even when other variables are bad, so one message names every problem.
  const workspaces = parsed.success
    ? parsed.data.WORKSPACES
    : workspacesSchema.safeParse(parseJson(env.WORKSPACES)).data;
  if (workspaces) {
    for (const workspace of workspaces) {
      const variable = workspace.apiKeyEnv ?? "TRILLET_API_KEY";
      const key = env[variable];
      if (key) apiKeys.set(workspace.slug, key);
      else problems.push(`${variable}: required for workspace "${workspace.slug}" (its Trillet API key)`);
    }
  }
  // Vercel keeps no disk between invocations and runs many instances: the embedded database would lose the records.
  if (env.VERCEL === "1" && !env.DATABASE_URL) {
    problems.push(
      "DATABASE_URL: required on Vercel (a PostgreSQL URL; the embedded database keeps one instance's disk)",
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);

  const data = parsed.data;
  return {
    apiKeys,
    sessionSecret: data.AUTH_SECRET,
    redisUrl: data.REDIS_URL,
    databaseUrl: data.DATABASE_URL,
    config: {
      trillet: {
        baseUrl: data.TRILLET_API_BASE_URL.replace(/\/+$/, ""),
        rateLimitPerMinute: data.TRILLET_RATE_LIMIT_PER_MINUTE,
        // A sixth of the minute at once, then the steady rate: never the whole minute in a few seconds.
        burst: data.TRILLET_BURST ?? Math.max(1, Math.ceil(data.TRILLET_RATE_LIMIT_PER_MINUTE / 6)),
        fairShare: data.TRILLET_FAIR_SHARE,
        timeoutMs: data.TRILLET_TIMEOUT_MS,
        cacheTtlMs: data.TRILLET_CACHE_TTL_MS,
      },
      exportConcurrency: data.EXPORT_CONCURRENCY,
      exportLimits: { perUser: data.EXPORT_MAX_PER_USER, running: data.EXPORT_MAX_RUNNING },
      exportJobsPerKey: data.EXPORT_JOBS_PER_KEY,
      exportJobLimits: {
        perUser: data.EXPORT_JOBS_MAX_PER_USER,
        perWorkspace: data.EXPORT_JOBS_MAX_PER_WORKSPACE,
        maxWaitMs: data.EXPORT_JOBS_MAX_WAIT_MINUTES * 60_000,
      },
      apiRateLimitPerMinute: data.API_RATE_LIMIT_PER_MINUTE,
      batchMaxRows: data.BATCH_MAX_ROWS,
      database: { dataDir: data.DATA_DIR, activityRetentionDays: data.ACTIVITY_RETENTION_DAYS },
      cronSecret: data.CRON_SECRET,
      sharedState: { store: data.REDIS_URL ? "redis" : "memory", keyPrefix: data.REDIS_KEY_PREFIX },
      workspaces: data.WORKSPACES,
      auth: { providers },
    },
  };
}
