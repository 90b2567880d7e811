import { z } from "zod";
import { accountsSchema, DEFAULT_ACCOUNTS } from "./accounts.js";
import { DEFAULT_LIVE_DURATION_MS, startSimulator } from "./server.js";

const intFromEnv = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const envSchema = z.object({
  SIM_PORT: intFromEnv(4010).pipe(z.number().max(65_535)),
  SIM_HOST: z.string().min(1).default("127.0.0.1"),
  SIM_ACCOUNTS: z.string().optional(),
  SIM_LATENCY_MS: intFromEnv(0),
  SIM_LIVE_DURATION_MS: intFromEnv(DEFAULT_LIVE_DURATION_MS).pipe(z.number().min(1)),
  SIM_RATE_LIMIT_PER_MINUTE: intFromEnv(0),
});

// Messages name the variable and the rule, never the value: SIM_ACCOUNTS holds API keys.
function fail(problems: string[]): never {
  console.error(`Trillet simulator: invalid environment\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  process.exit(1);
}

function readEnv() {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) fail(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  const env = parsed.data;
  if (env.SIM_ACCOUNTS === undefined || env.SIM_ACCOUNTS.trim() === "") return { ...env, accounts: DEFAULT_ACCOUNTS };
  let raw: unknown;
  try {
    raw = JSON.parse(env.SIM_ACCOUNTS);
  } catch {
    fail(["SIM_ACCOUNTS: not valid JSON"]);
  }
  const accounts = accountsSchema.safeParse(raw);
  if (!accounts.success) {
    fail([`SIM_ACCOUNTS: expected [{"apiKey":"...","workspaces":["..."]}] (${accounts.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")})`]);
  }
  return { ...env, accounts: accounts.data };
}

const env = readEnv();
const simulator = await startSimulator({
  port: env.SIM_PORT,
  host: env.SIM_HOST,
  accounts: env.accounts,
  latencyMs: env.SIM_LATENCY_MS,
  liveDurationMs: env.SIM_LIVE_DURATION_MS,
  rateLimitPerMinute: env.SIM_RATE_LIMIT_PER_MINUTE,
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
