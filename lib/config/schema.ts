import { z } from "zod";

export const workspaceSlugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62})$/, "lowercase letters, digits and '-', at most 63 characters");

const envNameSchema = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name");

const lowercase = (value: string) => value.trim().toLowerCase();

/** The providers a deployment can configure, by their Auth.js id (also the callback path segment). */
export const ssoProviderIds = ["google", "microsoft-entra-id", "okta", "oidc"] as const;

/**
 * One `members.groups` entry. A string matches that group from any provider (as it always has); an object
 * scopes it: `{"group": "sales", "provider": "okta"}` only counts a "sales" group asserted by Okta, and
 * `"issuer"` pins it to one issuer (for Entra ID, one tenant). Objects rather than a "provider:" prefix,
 * because group names may contain ':' themselves.
 */
const groupRuleSchema = z.union([
  z.string().min(1),
  z.strictObject({
    group: z.string().min(1),
    provider: z.enum(ssoProviderIds).optional(),
    issuer: z.url({ protocol: /^https?$/ }).optional(),
  }),
]);

export type GroupRule = z.output<typeof groupRuleSchema>;

/** Who a rule admits: verified emails, email domains (Google: the Workspace domain), SSO groups. */
const peopleRuleSchema = z.strictObject({
  emails: z.array(z.string().email().transform(lowercase)).default([]),
  domains: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "a domain like example.com")
        .transform(lowercase),
    )
    .default([]),
  groups: z.array(groupRuleSchema).default([]),
});

export type PeopleRule = z.output<typeof peopleRuleSchema>;

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time like 08:00 (24-hour)");
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * The local hours in which a recipient may be called. The default is the US federal window (47 CFR
 * 64.1200(c)(1)); a workspace may set a stricter one, never a wider one.
 */
export const callingHoursSchema = z
  .strictObject({ start: clockTimeSchema.default("08:00"), end: clockTimeSchema.default("21:00") })
  .refine(({ start, end }) => minutesOf(start) < minutesOf(end), "start must be before end")
  .refine(
    ({ start, end }) => minutesOf(start) >= 8 * 60 && minutesOf(end) <= 21 * 60,
    "may be stricter than 08:00–21:00, not wider",
  );

export type CallingHours = z.output<typeof callingHoursSchema>;

export const workspaceConfigSchema = z.strictObject({
  slug: workspaceSlugSchema,
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  apiKeyEnv: envNameSchema.optional(),
  members: peopleRuleSchema,
  /** Members who may also start, re-run and cancel batches; an operator must be a member too. */
  operators: peopleRuleSchema.default({ emails: [], domains: [], groups: [] }),
  /** The country a CSV's numbers without a leading + are read in (ISO 3166-1 alpha-2). */
  defaultCountry: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "a two-letter country code like US")
    .transform((code) => code.toUpperCase())
    .default("US"),
  callingHours: callingHoursSchema.default({ start: "08:00", end: "21:00" }),
  /** The currency Trillet bills this workspace in (ISO 4217), for showing costs. */
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "a three-letter currency code like USD")
    .transform((code) => code.toUpperCase())
    .default("USD"),
});

export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;

export const workspacesSchema = z
  .array(workspaceConfigSchema)
  .min(1, "list at least one workspace")
  .superRefine((workspaces, ctx) => {
    const seen = new Set<string>();
    for (const workspace of workspaces) {
      if (seen.has(workspace.slug)) {
        ctx.addIssue({ code: "custom", message: `slug "${workspace.slug}" is used twice` });
      }
      seen.add(workspace.slug);
    }
  });

const positiveInt = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

/** How long a session lasts from sign-in, however often it is used. */
export const sessionMaxAgeHoursSchema = z.coerce
  .number({ error: "must be a number of hours" })
  .min(0.1, "must be between 0.1 and 720 hours")
  .max(720, "must be between 0.1 and 720 hours")
  .default(12);

export type DenyList = { emails: string[]; subjects: string[] };

/**
 * AUTH_DENY: comma-separated emails and subject ids (`<issuer>#<sub>`, the `identity.id` audit lines show).
 * An issuer URL never holds '#', so an entry with one is a subject id; anything else must be an email.
 * Problems name the entry by position, never by value.
 */
export const denyListSchema = z
  .string()
  .optional()
  .transform((text, ctx): DenyList => {
    const deny: DenyList = { emails: [], subjects: [] };
    const entries = (text ?? "").split(",").map((entry) => entry.trim());
    entries.forEach((entry, index) => {
      if (entry === "") return;
      const hash = entry.indexOf("#");
      if (hash > 0 && hash < entry.length - 1) deny.subjects.push(entry);
      else if (hash < 0 && z.email().safeParse(entry).success) deny.emails.push(entry.toLowerCase());
      else
        ctx.addIssue({
          code: "custom",
          message: `entry ${index + 1} is neither an email nor a subject id (<issuer>#<sub>)`,
        });
    });
    return deny;
  });

/** Every variable the server reads, as they arrive in process.env (strings or undefined). */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  TRILLET_API_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://api.trillet.ai"),
  TRILLET_API_KEY: z.string().min(1).optional(),
  TRILLET_RATE_LIMIT_PER_MINUTE: positiveInt(60, 100_000),
  TRILLET_TIMEOUT_MS: positiveInt(8_000, 60_000),
  TRILLET_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  EXPORT_CONCURRENCY: positiveInt(4, 16),
  EXPORT_MAX_PER_USER: positiveInt(2, 100),
  EXPORT_MAX_RUNNING: positiveInt(6, 1_000),
  EXPORT_JOBS_PER_KEY: positiveInt(2, 20),
  EXPORT_JOBS_MAX_PER_USER: positiveInt(3, 100),
  EXPORT_JOBS_MAX_PER_WORKSPACE: positiveInt(10, 1_000),
  EXPORT_JOBS_MAX_WAIT_MINUTES: positiveInt(30, 1_440),
  API_RATE_LIMIT_PER_MINUTE: positiveInt(120, 100_000),
  TRILLET_BURST: z.coerce.number().int().min(1).max(100_000).optional(),
  TRILLET_FAIR_SHARE: z.coerce
    .number()
    .min(0.05, "must be between 0.05 and 1")
    .max(1, "must be between 0.05 and 1")
    .default(0.5),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1–64 letters, digits, '_', '.', ':' or '-'")
    .default("batch-console:"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  ACTIVITY_RETENTION_DAYS: positiveInt(90, 3_650),
  /** Vercel sends it as a bearer token with each cron request; without it the prune route refuses everyone. */
  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  FOLLOW_UP_RETENTION_DAYS: positiveInt(180, 3_650),
  BATCH_MAX_ROWS: positiveInt(100_000, 1_000_000),
  WORKSPACES: z
    .string({ error: "is required: a JSON array of workspaces" })
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "is not valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(workspacesSchema),
  AUTH_SECRET: z
    .string({ error: "is required (generate one with `openssl rand -base64 33`)" })
    .min(16, "must be at least 16 characters"),
  AUTH_URL: optionalUrl,
  AUTH_TRUST_HOST: z.enum(["true", "false", "1", "0"]).optional(),
  AUTH_GOOGLE_ID: z.string().min(1).optional(),
  AUTH_GOOGLE_SECRET: z.string().min(1).optional(),
  AUTH_MICROSOFT_ENTRA_ID_ID: z.string().min(1).optional(),
  AUTH_MICROSOFT_ENTRA_ID_SECRET: z.string().min(1).optional(),
  AUTH_MICROSOFT_ENTRA_ID_ISSUER: optionalUrl,
  AUTH_OKTA_ID: z.string().min(1).optional(),
  AUTH_OKTA_SECRET: z.string().min(1).optional(),
  AUTH_OKTA_ISSUER: optionalUrl,
  AUTH_OIDC_ISSUER: optionalUrl,
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_NAME: z.string().min(1).max(60).optional(),
  AUTH_OIDC_SCOPE: z
    .string()
    .regex(/^openid( [\w:.-]+)*$/, "must start with openid, scopes separated by spaces")
    .optional(),
  AUTH_OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  AUTH_SESSION_MAX_AGE_HOURS: sessionMaxAgeHoursSchema,
  AUTH_DENY: denyListSchema,
});

export type Env = z.infer<typeof envSchema>;
