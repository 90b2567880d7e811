import { z } from "zod";
import { accountsSchema, DEFAULT_ACCOUNTS, type SimAccount } from "./accounts.js";
import { DEFAULT_LIVE_DURATION_MS, startSimulator } from "./server.js";

// An empty variable means "use the default", as in most shells' `VAR= command`.
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);
const intFromEnv = (fallback: number) => z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).default(fallback));

const envSchema = z.object({
  SIM_PORT: intFromEnv(4010).pipe(z.number().max(65_535)),
  SIM_HOST: z.preprocess(unsetIfEmpty, z.string().default("127.0.0.1")),
  SIM_LATENCY_MS: intFromEnv(0),
  SIM_LIVE_DURATION_MS: intFromEnv(DEFAULT_LIVE_DURATION_MS).pipe(z.number().min(1)),
  SIM_RATE_LIMIT_PER_MINUTE: intFromEnv(0),
  SIM_CALL_HISTORY_ERROR_RATE: z.preprocess(unsetIfEmpty, z.coerce.number().min(0).max(1).default(0.05)),
});

// Messages name the variable and the rule, never the value: SIM_ACCOUNTS holds API keys.
function fail(problems: string[]): never {
  console.error(`Trillet simulator: invalid environment\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  process.exit(1);
}

function readEnv() {
  const parsed = envSchema.safeParse(process.env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  const accounts = readAccounts(process.env.SIM_ACCOUNTS, problems);
  if (!parsed.success || problems.length > 0) fail(problems);
  return { ...parsed.data, accounts };
}

function readAccounts(raw: string | undefined, problems: string[]): SimAccount[] {
  if (raw === undefined || raw.trim() === "") return DEFAULT_ACCOUNTS;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    problems.push("SIM_ACCOUNTS: not valid JSON");
    return [];
  }
  const accounts = accountsSchema.safeParse(json);
  if (accounts.success) return accounts.data;
  const details = accounts.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  problems.push(`SIM_ACCOUNTS: expected [{"apiKey":"...","workspaces":["..."]}] (${details})`);
  return [];
}

const env = readEnv();
const simulator = await startSimulator({
  port: env.SIM_PORT,
  host: env.SIM_HOST,
  accounts: env.accounts,
  latencyMs: env.SIM_LATENCY_MS,
  liveDurationMs: env.SIM_LIVE_DURATION_MS,
  rateLimitPerMinute: env.SIM_RATE_LIMIT_PER_MINUTE,
  callHistoryErrorRate: env.SIM_CALL_HISTORY_ERROR_RATE,
}).catch((error: unknown) => {
  console.error(`Trillet simulator: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
console.log(`Trillet simulator listening on ${simulator.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void simulator.close().finally(() => process.exit(0));
  });
}
