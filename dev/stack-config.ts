import { idpDefaults } from "./idp/defaults.js";

/**
 * The demo's workspaces: acme by email domain, globex by one email, one group from any provider and one group
 * only as the demo SSO (provider id `oidc`) asserts it (see dev/idp/accounts.ts).
 */
export const demoWorkspaces = [
  {
    slug: "acme",
    id: "ws_acme",
    name: "Acme Corp",
    members: { domains: ["acme.test"] },
    operators: { emails: ["alice@acme.test"] },
  },
  {
    slug: "globex",
    id: "ws_globex",
    name: "Globex",
    members: {
      emails: ["bob@globex.test"],
      groups: ["globex-partners", { group: "globex-contractors", provider: "oidc" }],
    },
    operators: { emails: ["bob@globex.test"] },
  },
];

export const demoTrilletKey = "demo-trillet-key";
/** The end-to-end stack's key: distinctive, so the leak scan can prove it never reaches a browser or a log. */
export const e2eTrilletKey = "sk_e2e_canary_5f1c9a_MUST_NOT_LEAK";

/** The multi-instance stack's keys, one per workspace (tests/e2e/support/multi-instance.ts). */
export const e2eMultiKeys = { acme: "sk_multi_instance_acme", globex: "sk_multi_instance_globex" } as const;

/** Limits of the end-to-end stacks: high enough that only the tests that measure a budget meet one. */
export const e2eAppLimits = { TRILLET_RATE_LIMIT_PER_MINUTE: "100000", API_RATE_LIMIT_PER_MINUTE: "100000" };

export type StackPorts = { app: number; sim: number; idp: number };

export const demoPorts: StackPorts = { app: 3000, sim: 4010, idp: 4011 };
const portFromEnv = (name: string, fallback: number) => Number(process.env[name]) || fallback;
// Overridable so two end-to-end runs (say, a developer's and an agent's) can share a machine.
export const e2ePorts: StackPorts = {
  app: portFromEnv("E2E_APP_PORT", 3100),
  sim: portFromEnv("E2E_SIM_PORT", 4110),
  idp: portFromEnv("E2E_IDP_PORT", 4111),
};

/** Environment for `next start` against the local simulator and identity provider. */
export function appEnvironment(ports: StackPorts, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "production",
    PORT: String(ports.app),
    TRILLET_API_BASE_URL: `http://127.0.0.1:${ports.sim}`,
    TRILLET_API_KEY: demoTrilletKey,
    TRILLET_RATE_LIMIT_PER_MINUTE: "600",
    WORKSPACES: JSON.stringify(demoWorkspaces),
    // Local only: sessions are signed with a per-machine demo secret, never used in a deployment.
    AUTH_SECRET: "batch-console-local-demo-secret-not-for-production",
    AUTH_URL: `http://localhost:${ports.app}`,
    AUTH_TRUST_HOST: "true",
    AUTH_OIDC_ISSUER: `http://127.0.0.1:${ports.idp}`,
    AUTH_OIDC_ID: idpDefaults.clientId,
    AUTH_OIDC_SECRET: idpDefaults.clientSecret,
    AUTH_OIDC_NAME: "Demo SSO",
    AUTH_OIDC_SCOPE: "openid email profile groups",
    ...overrides,
  };
}

/**
 * The multi-instance end-to-end stack (tests/e2e/multi-instance.spec.ts starts it itself): `app` is the first of
 * three consecutive `next start` ports. Apart from the demo's, the e2e stack's and the benchmarks' (3200/4210/4211).
 */
export const e2eMultiPorts: StackPorts = {
  app: portFromEnv("E2E_MULTI_APP_PORT", 3300),
  sim: portFromEnv("E2E_MULTI_SIM_PORT", 4300),
  idp: portFromEnv("E2E_MULTI_IDP_PORT", 4301),
};

/** The upstream-faults stack's key for globex (acme's is e2eTrilletKey): a request there is on another key's budget. */
export const e2eFaultsGlobexKey = "sk_e2e_faults_globex_canary_8b3d";

/** The upstream-faults stack (tests/e2e/faults.spec.ts): one instance whose key's budget the faults may pause. */
export const e2eFaultsPorts: StackPorts = {
  app: portFromEnv("E2E_FAULTS_APP_PORT", 3340),
  sim: portFromEnv("E2E_FAULTS_SIM_PORT", 4340),
  idp: portFromEnv("E2E_FAULTS_IDP_PORT", 4341),
};

/** The export-job durability stack (tests/e2e/export-jobs-durable.spec.ts): one instance on the Postgres World. */
export const e2eDurablePorts: StackPorts = {
  app: portFromEnv("E2E_DURABLE_APP_PORT", 3330),
  sim: portFromEnv("E2E_DURABLE_SIM_PORT", 4330),
  idp: portFromEnv("E2E_DURABLE_IDP_PORT", 4331),
};
