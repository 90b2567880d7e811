// `npm run revoke -- <email or subject id> [more…]`: ends every session of these people, on every instance.
//
// For operators: run with the deployment's REDIS_URL, AUTH_SECRET and (if set) REDIS_KEY_PREFIX. It raises each
// person's session epoch in Redis, the way "Sign out everywhere" does; every instance signs those sessions out
// within 5 s (API: 401; pages: sign in again). A subject id is `<issuer>#<sub>`, as audit lines show it; an
// email reaches every session that carries it, from any provider. To keep someone out for good, also list
// them in AUTH_DENY (or remove them from WORKSPACES): revoking ends sessions, it does not stop a new sign-in.

import { createClient } from "redis";
import { bumpEpochLua, epochKeyPart, epochSubjectOf, epochTtlMs } from "../lib/auth/session-epoch-keys";
import { envSchema, sessionMaxAgeHoursSchema } from "../lib/config/schema";
import { keyNameWith, nameKeyFrom } from "../lib/state/key-name";
import { errorText } from "../lib/runtime/scrub-secrets";

export class RevokeError extends Error {}

/** The most sessions can last (AUTH_SESSION_MAX_AGE_HOURS's ceiling): the mark's lifetime when the variable is unset. */
const longestSessionHours = 720;

// The app's own rules for these variables; the session age has no default here (see longestSessionHours).
const revokeEnvSchema = envSchema.pick({ REDIS_URL: true, REDIS_KEY_PREFIX: true, AUTH_SECRET: true }).extend({
  AUTH_SESSION_MAX_AGE_HOURS: sessionMaxAgeHoursSchema.unwrap().optional(),
});

type Env = Record<string, string | undefined>;

export type Revoked = { input: string; epoch: number };

function readEnv(env: Env) {
  const parsed = revokeEnvSchema.safeParse(
    Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === "" ? undefined : value])),
    { reportInput: false },
  );
  if (!parsed.success) {
    throw new RevokeError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));
  }
  if (!parsed.data.REDIS_URL) {
    throw new RevokeError(
      "REDIS_URL is not set. Without Redis each app instance keeps session epochs in its own memory, out of reach " +
        "of this tool: use AUTH_DENY, or change AUTH_SECRET to end every session.",
    );
  }
  return { ...parsed.data, REDIS_URL: parsed.data.REDIS_URL };
}

/** Raises the session epoch of each email or subject id in the Redis at REDIS_URL; throws RevokeError on bad input. */
export async function revoke(inputs: string[], env: Env = process.env): Promise<Revoked[]> {
  if (inputs.length === 0) throw new RevokeError("Name at least one email or subject id (<issuer>#<sub>).");
  const subjects = inputs.map((input) => {
    const subject = epochSubjectOf(input);
    if (!subject) throw new RevokeError(`Not an email or a subject id (<issuer>#<sub>): ${JSON.stringify(input)}`);
    return { input: input.trim(), subject };
  });
  const config = readEnv(env);
  const nameKey = nameKeyFrom(config.AUTH_SECRET);
  const ttlMs = epochTtlMs((config.AUTH_SESSION_MAX_AGE_HOURS ?? longestSessionHours) * 3_600_000);

  const client = createClient({
    url: config.REDIS_URL,
    socket: { connectTimeout: 5_000, reconnectStrategy: false },
  });
  client.on("error", () => {
    // Reported by the command that fails.
  });
  try {
    await client.connect();
    const revoked: Revoked[] = [];
    for (const { input, subject } of subjects) {
      const key = `${config.REDIS_KEY_PREFIX}${epochKeyPart}:${keyNameWith(nameKey, subject)}`;
      const epoch = await client.eval(bumpEpochLua, { keys: [key], arguments: [String(ttlMs)] });
      if (typeof epoch !== "number") throw new RevokeError(`Redis answered ${JSON.stringify(epoch)} for ${input}`);
      revoked.push({ input, epoch });
    }
    return revoked;
  } catch (error) {
    if (error instanceof RevokeError) throw error;
    throw new RevokeError(`Redis: ${errorText(error)}`);
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  const inputs = process.argv.slice(2).filter((argument) => argument !== "--");
  try {
    for (const { input, epoch } of await revoke(inputs)) {
      console.log(
        `Revoked ${input}: every session signed in before ${new Date(epoch).toISOString()} ends within 5 s on every instance.`,
      );
    }
  } catch (error) {
    if (!(error instanceof RevokeError)) throw error;
    console.error(`npm run revoke: ${error.message}`);
    if (inputs.length === 0) console.error("Usage: npm run revoke -- <email or <issuer>#<sub>> [more…]");
    process.exit(inputs.length === 0 ? 2 : 1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
