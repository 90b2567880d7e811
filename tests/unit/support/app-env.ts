/** A complete, valid environment for lib/ code running against a simulator at `simUrl`. */
export function appTestEnv(simUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    TRILLET_API_BASE_URL: simUrl,
    TRILLET_API_KEY: "demo-trillet-key",
    WORKSPACES: JSON.stringify([
      { slug: "acme", id: "ws_acme", name: "Acme", members: { domains: ["acme.test"] } },
      { slug: "globex", id: "ws_globex", name: "Globex", members: { emails: ["bob@globex.test"] } },
    ]),
    AUTH_SECRET: "unit-test-secret-unit-test-secret",
    AUTH_OIDC_ISSUER: "http://127.0.0.1:1",
    AUTH_OIDC_ID: "batch-console",
    AUTH_OIDC_SECRET: "client-secret",
    AUTH_OIDC_NAME: "Test SSO",
    // Audit lines write activity rows: into the run's PostgreSQL (postgres-global-setup.ts), else an embedded
    // database that lives and dies with the test's process.
    ...(process.env.DATABASE_TEST_URL ? { DATABASE_URL: process.env.DATABASE_TEST_URL } : { DATA_DIR: "memory://" }),
    ...overrides,
  };
}
