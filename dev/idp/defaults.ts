export const idpDefaults = {
  port: 4011,
  host: "127.0.0.1",
  clientId: "batch-console",
  clientSecret: "batch-console-demo-secret",
  clientName: "Batch Console",
  redirectUris: ["http://localhost:3000/api/auth/callback/oidc", "http://localhost:3100/api/auth/callback/oidc"],
  postLogoutRedirectUris: ["http://localhost:3000/", "http://localhost:3100/"],
  // A fixed value on purpose: this IdP only ever runs locally, and fixed keys keep cookies valid across restarts.
  cookieKeys: ["batch-console-dev-idp-cookie-key-not-a-secret"],
} as const;
