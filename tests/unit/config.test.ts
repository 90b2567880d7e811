import { describe, expect, it } from "vitest";
import { sessionPolicyFrom } from "@/lib/auth/session-policy";
import { ConfigError, loadConfig } from "@/lib/config/load";

type Env = Record<string, string | undefined>;

// Distinctive values: if any of them shows up in an error message, a secret leaked.
const secrets = {
  trilletKey: "sk_trillet_DEFAULT_6f1c9e2a",
  perWorkspaceKey: "sk_trillet_GLOBEX_b7d04c11",
  authSecret: "auth-secret-Q9zX7vLm2pT4wR8k",
  oidcSecret: "oidc-client-secret-Hh3Kk5Nn",
  oktaSecret: "okta-client-secret-Zz1Yy2Xx",
  googleSecret: "google-client-secret-Pp8Oo9",
};

const workspaces = [
  {
    slug: "acme",
    id: "ws_acme",
    name: "Acme",
    members: { emails: ["Alice@Acme.TEST"], domains: ["ACME.test"], groups: ["Ops"] },
  },
  { slug: "globex", id: "ws_globex", name: "Globex", apiKeyEnv: "GLOBEX_TRILLET_KEY", members: {} },
];

function validEnv(overrides: Env = {}): Env {
  return {
    WORKSPACES: JSON.stringify(workspaces),
    TRILLET_API_KEY: secrets.trilletKey,
    GLOBEX_TRILLET_KEY: secrets.perWorkspaceKey,
    AUTH_SECRET: secrets.authSecret,
    AUTH_OIDC_ISSUER: "https://idp.example.test",
    AUTH_OIDC_ID: "batch-console",
    AUTH_OIDC_SECRET: secrets.oidcSecret,
    AUTH_OIDC_NAME: "Example SSO",
    ...overrides,
  };
}

function configError(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("loadConfig accepted a bad environment");
}

function expectNoSecrets(error: ConfigError, extra: string[] = []) {
  const texts = [error.message, JSON.stringify(error.problems), String(error), JSON.stringify(error)];
  for (const secret of [...Object.values(secrets), ...extra]) {
    for (const text of texts) expect(text).not.toContain(secret);
  }
}

const noOidc: Env = {
  AUTH_OIDC_ISSUER: undefined,
  AUTH_OIDC_ID: undefined,
  AUTH_OIDC_SECRET: undefined,
  AUTH_OIDC_NAME: undefined,
};

describe("loadConfig: a valid environment", () => {
  it("parses a minimal environment with defaults", () => {
    const { config, apiKeys } = loadConfig(validEnv());
    expect(config.trillet).toEqual({
      baseUrl: "https://api.trillet.ai",
      rateLimitPerMinute: 60,
      burst: 10,
      fairShare: 0.5,
      timeoutMs: 8_000,
      cacheTtlMs: 2_000,
    });
    expect(config.sharedState).toEqual({ store: "memory", keyPrefix: "batch-console:" });
    expect(config.workspaces.map((workspace) => workspace.slug)).toEqual(["acme", "globex"]);
    expect(config.auth.providers).toEqual([
      {
        id: "oidc",
        clientId: "batch-console",
        clientSecret: secrets.oidcSecret,
        issuer: "https://idp.example.test",
        name: "Example SSO",
        scope: undefined,
      },
    ]);
    expect(apiKeys.size).toBe(2);
  });

  it("resolves apiKeyEnv per workspace and falls back to TRILLET_API_KEY", () => {
    const { apiKeys } = loadConfig(validEnv());
    expect(apiKeys.get("acme")).toBe(secrets.trilletKey);
    expect(apiKeys.get("globex")).toBe(secrets.perWorkspaceKey);
  });

  it("does not need TRILLET_API_KEY when every workspace names its own key", () => {
    const env = validEnv({
      TRILLET_API_KEY: undefined,
      WORKSPACES: JSON.stringify([
        { slug: "globex", id: "ws_globex", name: "Globex", apiKeyEnv: "GLOBEX_TRILLET_KEY", members: {} },
      ]),
    });
    expect(loadConfig(env).apiKeys.get("globex")).toBe(secrets.perWorkspaceKey);
  });

  it("lowercases member emails and domains (groups are kept as given)", () => {
    const acme = loadConfig(validEnv()).config.workspaces[0]!;
    expect(acme.members).toEqual({ emails: ["alice@acme.test"], domains: ["acme.test"], groups: ["Ops"] });
  });

  it("defaults missing member lists to empty arrays", () => {
    const globex = loadConfig(validEnv()).config.workspaces[1]!;
    expect(globex.members).toEqual({ emails: [], domains: [], groups: [] });
  });

  it("strips trailing slashes from TRILLET_API_BASE_URL and reads numeric settings", () => {
    const { config } = loadConfig(
      validEnv({
        TRILLET_API_BASE_URL: "http://127.0.0.1:4010///",
        TRILLET_RATE_LIMIT_PER_MINUTE: "600",
        TRILLET_TIMEOUT_MS: "1500",
        TRILLET_CACHE_TTL_MS: "0",
      }),
    );
    expect(config.trillet).toEqual({
      baseUrl: "http://127.0.0.1:4010",
      rateLimitPerMinute: 600,
      burst: 100,
      fairShare: 0.5,
      timeoutMs: 1500,
      cacheTtlMs: 0,
    });
  });

  it("caps background export jobs at 3 per person and 10 per workspace, waiting at most 30 minutes, unless set", () => {
    expect(loadConfig(validEnv()).config.exportJobLimits).toEqual({
      perUser: 3,
      perWorkspace: 10,
      maxWaitMs: 30 * 60_000,
    });
    const { config } = loadConfig(
      validEnv({
        EXPORT_JOBS_MAX_PER_USER: "5",
        EXPORT_JOBS_MAX_PER_WORKSPACE: "40",
        EXPORT_JOBS_MAX_WAIT_MINUTES: "90",
      }),
    );
    expect(config.exportJobLimits).toEqual({ perUser: 5, perWorkspace: 40, maxWaitMs: 90 * 60_000 });
  });

  it("treats empty strings as unset", () => {
    const { config } = loadConfig(validEnv({ TRILLET_API_BASE_URL: "", AUTH_GOOGLE_ID: "", AUTH_GOOGLE_SECRET: "" }));
    expect(config.trillet.baseUrl).toBe("https://api.trillet.ai");
    expect(config.auth.providers.map((provider) => provider.id)).toEqual(["oidc"]);
  });

  it("enables every completely configured provider", () => {
    const { config } = loadConfig(
      validEnv({
        AUTH_GOOGLE_ID: "google-id",
        AUTH_GOOGLE_SECRET: secrets.googleSecret,
        AUTH_OKTA_ID: "okta-id",
        AUTH_OKTA_SECRET: secrets.oktaSecret,
        AUTH_OKTA_ISSUER: "https://acme.okta.test",
      }),
    );
    expect(config.auth.providers.map((provider) => provider.id).sort()).toEqual(["google", "oidc", "okta"]);
  });
});

describe("loadConfig: the team's database", () => {
  it("keeps records in PGlite under .data by default, for 90 days of activity, and the URL out of the config", () => {
    const loaded = loadConfig(validEnv());
    expect(loaded.config.database).toEqual({ dataDir: ".data", activityRetentionDays: 90 });
    expect(loaded.databaseUrl).toBeUndefined();
    const url = "postgres://app:db-password-Tt5@db.internal:5432/console";
    const withUrl = loadConfig(
      validEnv({ DATABASE_URL: url, DATA_DIR: "/var/lib/console", ACTIVITY_RETENTION_DAYS: "30" }),
    );
    expect(withUrl.databaseUrl).toBe(url);
    expect(withUrl.config.database).toEqual({ dataDir: "/var/lib/console", activityRetentionDays: 30 });
    expect(JSON.stringify(withUrl.config)).not.toContain("db-password");
  });

  it("stops a start on Vercel without DATABASE_URL, and names a bad URL without echoing it", () => {
    const onVercel = () => loadConfig(validEnv({ VERCEL: "1" }));
    expect(onVercel).toThrow(ConfigError);
    expect(onVercel).toThrow(/DATABASE_URL: required on Vercel/);
    expect(() => loadConfig(validEnv({ VERCEL: "1", DATABASE_URL: "postgresql://db.internal/console" }))).not.toThrow();
    const bad = () => loadConfig(validEnv({ DATABASE_URL: "mysql://root:hunter2@db/console" }));
    expect(bad).toThrow(/DATABASE_URL: must be a postgres/);
    try {
      bad();
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
    }
  });
});

describe("loadConfig: a misconfigured environment", () => {
  it("names each bad export-job cap in the same one error", () => {
    const error = configError(
      validEnv({ EXPORT_JOBS_MAX_PER_USER: "0", EXPORT_JOBS_MAX_WAIT_MINUTES: "soon", AUTH_SECRET: undefined }),
    );
    expect(error.problems.map((problem) => problem.split(":")[0]).sort()).toEqual([
      "AUTH_SECRET",
      "EXPORT_JOBS_MAX_PER_USER",
      "EXPORT_JOBS_MAX_WAIT_MINUTES",
    ]);
  });

  it("names every bad variable in one error", () => {
    const error = configError(
      validEnv({
        WORKSPACES: `[{"slug":"acme","apiKey":"sk_in_bad_json_SECRET_77", oops`,
        AUTH_SECRET: undefined,
        AUTH_OKTA_ID: "okta-id",
        AUTH_OKTA_SECRET: secrets.oktaSecret,
        TRILLET_API_BASE_URL: "ftp://files.example.test",
        TRILLET_RATE_LIMIT_PER_MINUTE: "0",
      }),
    );
    const variables = [
      "WORKSPACES",
      "AUTH_SECRET",
      "AUTH_OKTA_ISSUER",
      "TRILLET_API_BASE_URL",
      "TRILLET_RATE_LIMIT_PER_MINUTE",
    ];
    for (const variable of variables) {
      expect(error.message).toContain(variable);
      expect(error.problems.some((problem) => problem.startsWith(variable) || problem.includes(`${variable}:`))).toBe(
        true,
      );
    }
    expect(error.problems).toHaveLength(5);
    expect(error.message).toContain("is not valid JSON");
    expectNoSecrets(error, ["sk_in_bad_json_SECRET_77"]);
  });

  it("reports duplicate and malformed slugs", () => {
    const error = configError(
      validEnv({
        WORKSPACES: JSON.stringify([
          { slug: "acme", id: "a", name: "A", members: {} },
          { slug: "acme", id: "b", name: "B", members: {} },
          { slug: "Not A Slug", id: "c", name: "C", members: {} },
        ]),
      }),
    );
    expect(error.problems).toContain('WORKSPACES: slug "acme" is used twice');
    expect(error.problems.some((problem) => problem.startsWith("WORKSPACES (at 2.slug)"))).toBe(true);
    expectNoSecrets(error);
  });

  it("rejects an empty workspace list and unknown workspace fields", () => {
    expect(configError(validEnv({ WORKSPACES: "[]" })).message).toContain("WORKSPACES");
    const error = configError(
      validEnv({
        WORKSPACES: JSON.stringify([
          { slug: "acme", id: "a", name: "A", apiKey: "sk_pasted_inline_SECRET_91", members: {} },
        ]),
      }),
    );
    expect(error.message).toContain("WORKSPACES");
    expectNoSecrets(error, ["sk_pasted_inline_SECRET_91"]);
  });

  it("requires AUTH_SECRET of at least 16 characters without echoing it", () => {
    expect(configError(validEnv({ AUTH_SECRET: undefined })).problems[0]).toMatch(/^AUTH_SECRET: is required/);
    const shortSecret = "short-SECRET-15";
    const error = configError(validEnv({ AUTH_SECRET: shortSecret }));
    expect(error.problems).toEqual(["AUTH_SECRET: must be at least 16 characters"]);
    expectNoSecrets(error, [shortSecret]);
  });

  it("names the missing parts of a partly configured provider", () => {
    const error = configError(validEnv({ AUTH_OKTA_SECRET: secrets.oktaSecret }));
    expect(error.problems).toEqual(["AUTH_OKTA_ID, AUTH_OKTA_ISSUER: required because AUTH_OKTA_* is partly set"]);
    expectNoSecrets(error);
  });

  it("requires at least one sign-in provider", () => {
    const error = configError(validEnv(noOidc));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain("configure at least one sign-in provider");
    expect(error.problems[0]).toContain("AUTH_OIDC_*");
  });

  it("names the variable an apiKeyEnv points to when it is unset", () => {
    const error = configError(validEnv({ GLOBEX_TRILLET_KEY: undefined }));
    expect(error.problems).toEqual(['GLOBEX_TRILLET_KEY: required for workspace "globex" (its Trillet API key)']);
    expectNoSecrets(error);
  });

  it("names TRILLET_API_KEY when a workspace without apiKeyEnv has no key", () => {
    const error = configError(validEnv({ TRILLET_API_KEY: undefined }));
    expect(error.problems).toEqual(['TRILLET_API_KEY: required for workspace "acme" (its Trillet API key)']);
  });

  it("rejects bad base URLs, out-of-range numbers and non-integers", () => {
    for (const [variable, value] of [
      ["TRILLET_API_BASE_URL", "not a url"],
      ["TRILLET_API_BASE_URL", "javascript:alert(1)"],
      ["TRILLET_RATE_LIMIT_PER_MINUTE", "0"],
      ["TRILLET_RATE_LIMIT_PER_MINUTE", "-5"],
      ["TRILLET_RATE_LIMIT_PER_MINUTE", "1.5"],
      ["TRILLET_RATE_LIMIT_PER_MINUTE", "lots"],
      ["TRILLET_TIMEOUT_MS", "600000"],
      ["TRILLET_CACHE_TTL_MS", "-1"],
      ["EXPORT_JOBS_MAX_PER_USER", "0"],
      ["EXPORT_JOBS_MAX_PER_USER", "2.5"],
      ["EXPORT_JOBS_MAX_PER_WORKSPACE", "0"],
      ["EXPORT_JOBS_MAX_PER_WORKSPACE", "many"],
      ["EXPORT_JOBS_MAX_WAIT_MINUTES", "0"],
      ["EXPORT_JOBS_MAX_WAIT_MINUTES", "1441"],
      ["AUTH_TRUST_HOST", "yes"],
      ["AUTH_OIDC_ISSUER", "not a url"],
    ] as const) {
      const error = configError(validEnv({ [variable]: value }));
      expect(error.problems.length, `${variable}=${value}`).toBeGreaterThanOrEqual(1);
      expect(error.problems[0], `${variable}=${value}`).toMatch(new RegExp(`^${variable}\\b`));
    }
  });

  it("never puts a secret in the message, even when every secret-bearing variable is involved", () => {
    const error = configError(
      validEnv({
        WORKSPACES: `{"slug":"acme","key":"${secrets.perWorkspaceKey}"`,
        AUTH_SECRET: "tiny-SECRET",
        AUTH_OKTA_SECRET: secrets.oktaSecret,
        AUTH_GOOGLE_SECRET: secrets.googleSecret,
        TRILLET_API_BASE_URL: `https://user:${secrets.trilletKey}@[bad`,
      }),
    );
    expect(error.problems.length).toBeGreaterThanOrEqual(4);
    expectNoSecrets(error, ["tiny-SECRET"]);
  });
});

describe("loadConfig: shared state", () => {
  it("keeps state in Redis when REDIS_URL is set, with the prefix and the burst as configured", () => {
    const loaded = loadConfig(
      validEnv({
        REDIS_URL: "rediss://default:pw-not-shown@cache.example:6380",
        REDIS_KEY_PREFIX: "bc-prod:",
        TRILLET_BURST: "4",
      }),
    );
    expect(loaded.config.sharedState).toEqual({ store: "redis", keyPrefix: "bc-prod:" });
    expect(loaded.config.trillet.burst).toBe(4);
    // The URL may carry a password: it stays out of the config object that code passes around.
    expect(JSON.stringify(loaded.config)).not.toContain("pw-not-shown");
    expect(loaded.redisUrl).toBe("rediss://default:pw-not-shown@cache.example:6380");
  });

  it("refuses a REDIS_URL that is not redis:// or rediss://, and a prefix with spaces, without echoing them", () => {
    const error = configError(validEnv({ REDIS_URL: "http://user:pw-not-shown@cache", REDIS_KEY_PREFIX: "a b" }));
    expect(error.problems.some((problem) => problem.startsWith("REDIS_URL"))).toBe(true);
    expect(error.problems.some((problem) => problem.startsWith("REDIS_KEY_PREFIX"))).toBe(true);
    expect(error.message).not.toContain("pw-not-shown");
  });
});

describe("loadConfig: every problem in one message", () => {
  it("names a missing provider alongside another bad variable", () => {
    const error = configError(validEnv({ ...noOidc, AUTH_SECRET: undefined }));
    expect(error.problems.some((problem) => problem.startsWith("AUTH_SECRET"))).toBe(true);
    expect(error.problems.some((problem) => problem.includes("configure at least one sign-in provider"))).toBe(true);
  });

  it("names an unset apiKeyEnv variable alongside another bad variable", () => {
    const error = configError(validEnv({ GLOBEX_TRILLET_KEY: undefined, AUTH_SECRET: undefined }));
    expect(error.problems.some((problem) => problem.startsWith("GLOBEX_TRILLET_KEY"))).toBe(true);
    expect(error.problems.some((problem) => problem.startsWith("AUTH_SECRET"))).toBe(true);
    expectNoSecrets(error);
  });
});

describe("loadConfig and sessionPolicy: session age and the deny list", () => {
  it("AUTH_SESSION_MAX_AGE_HOURS defaults to 12 and takes hours, fractions too", () => {
    expect(() => loadConfig(validEnv())).not.toThrow();
    expect(sessionPolicyFrom({}).maxAgeMs).toBe(12 * 3_600_000);
    expect(sessionPolicyFrom({ AUTH_SESSION_MAX_AGE_HOURS: "" }).maxAgeMs).toBe(12 * 3_600_000);
    expect(sessionPolicyFrom({ AUTH_SESSION_MAX_AGE_HOURS: "24" }).maxAgeMs).toBe(24 * 3_600_000);
    expect(sessionPolicyFrom({ AUTH_SESSION_MAX_AGE_HOURS: "0.5" }).maxAgeMs).toBe(1_800_000);
    expect(() => loadConfig(validEnv({ AUTH_SESSION_MAX_AGE_HOURS: "0.5" }))).not.toThrow();
  });

  it("refuses an AUTH_SESSION_MAX_AGE_HOURS that is not a number of hours from 0.1 to 720", () => {
    for (const value of ["0", "-1", "721", "12h", "forever"]) {
      const error = configError(validEnv({ AUTH_SESSION_MAX_AGE_HOURS: value }));
      expect(error.problems, value).toHaveLength(1);
      expect(error.problems[0], value).toMatch(/^AUTH_SESSION_MAX_AGE_HOURS: /);
    }
  });

  it("AUTH_DENY takes emails (any case) and subject ids, comma-separated", () => {
    const deny = "Mallory@Evil.test, https://login.microsoftonline.com/tid-1/v2.0#AAAsub,,  eve@acme.test ";
    expect(() => loadConfig(validEnv({ AUTH_DENY: deny }))).not.toThrow();
    const policy = sessionPolicyFrom({ AUTH_DENY: deny });
    expect([...policy.deny.emails]).toEqual(["mallory@evil.test", "eve@acme.test"]);
    expect([...policy.deny.subjects]).toEqual(["https://login.microsoftonline.com/tid-1/v2.0#AAAsub"]);
    expect(sessionPolicyFrom({}).deny).toEqual({ emails: new Set(), subjects: new Set() });
  });

  it("refuses an AUTH_DENY entry that is neither, naming its position and never its value", () => {
    const error = configError(validEnv({ AUTH_DENY: "ok@acme.test, mallory-at-evil, #sub-only, https://idp.test#" }));
    expect(error.problems).toEqual([
      "AUTH_DENY: entry 2 is neither an email nor a subject id (<issuer>#<sub>)",
      "AUTH_DENY: entry 3 is neither an email nor a subject id (<issuer>#<sub>)",
      "AUTH_DENY: entry 4 is neither an email nor a subject id (<issuer>#<sub>)",
    ]);
    expect(error.message).not.toContain("mallory");
    expect(error.message).not.toContain("ok@acme.test");
  });

  it("accepts scoped group rules in WORKSPACES", () => {
    const scoped = [
      {
        slug: "acme",
        id: "ws_acme",
        name: "Acme",
        members: { groups: ["admins", { group: "okta:sales", provider: "okta" }] },
      },
    ];
    expect(loadConfig(validEnv({ WORKSPACES: JSON.stringify(scoped) })).config.workspaces[0]!.members.groups).toEqual([
      "admins",
      { group: "okta:sales", provider: "okta" },
    ]);
    const error = configError(
      validEnv({
        WORKSPACES: JSON.stringify([{ ...scoped[0], members: { groups: [{ group: "x", provider: "github" }] } }]),
      }),
    );
    expect(error.problems[0]).toMatch(/^WORKSPACES \(at 0\.members\.groups\.0/);
  });
});
