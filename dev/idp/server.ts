import { generateKeyPair } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import type { JWK } from "oidc-provider";
import { demoAccounts, type DemoAccount } from "./accounts.js";
import { idpDefaults } from "./defaults.js";
import { handleInteraction, isInteractionPath } from "./interactions.js";
import { createProvider, grantedClaims, grantedScope } from "./provider.js";

export { idpDefaults };

export type StartIdpOptions = {
  /** Default 4011; 0 picks a free port. */
  port?: number | undefined;
  /** Default 127.0.0.1. */
  host?: string | undefined;
  /** Default `http://<host>:<actual port>` (127.0.0.1 when listening on all interfaces). Must have no path. */
  issuer?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  redirectUris?: readonly string[] | undefined;
  postLogoutRedirectUris?: readonly string[] | undefined;
  /** Default `demoAccounts`. */
  accounts?: readonly DemoAccount[] | undefined;
  cookieKeys?: readonly string[] | undefined;
};

export type RunningIdp = {
  issuer: string;
  port: number;
  close(): Promise<void>;
};

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export async function startIdp(options: StartIdpOptions = {}): Promise<RunningIdp> {
  const host = options.host ?? idpDefaults.host;
  // Generated per start: signing keys are published at /jwks, so the app picks up a new one by itself.
  const signingKey = await createSigningKey();

  let handler: Handler | undefined;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end();
  });
  await listen(server, options.port ?? idpDefaults.port, host);
  const { port } = server.address() as AddressInfo;

  try {
    const issuer = options.issuer ?? `http://${issuerHost(host)}:${port}`;
    assertRootIssuer(issuer);

    const clientName = idpDefaults.clientName;
    const accounts = options.accounts ?? demoAccounts;
    const provider = createProvider({
      issuer,
      clientId: options.clientId ?? idpDefaults.clientId,
      clientSecret: options.clientSecret ?? idpDefaults.clientSecret,
      clientName,
      redirectUris: options.redirectUris ?? idpDefaults.redirectUris,
      postLogoutRedirectUris: options.postLogoutRedirectUris ?? idpDefaults.postLogoutRedirectUris,
      accounts,
      cookieKeys: options.cookieKeys ?? idpDefaults.cookieKeys,
      signingKey,
    });
    provider.on("server_error", (_ctx, error) => console.error("Identity provider error:", error));

    const interactionSettings = { provider, accounts, clientName, grantedScope, grantedClaims };
    const providerCallback = provider.callback();
    handler = (req, res) => {
      const { pathname } = new URL(req.url ?? "/", issuer);
      const handled = isInteractionPath(pathname)
        ? handleInteraction(interactionSettings, req, res)
        : providerCallback(req, res);
      handled.catch((error: unknown) => {
        console.error("Identity provider request failed:", error);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    };

    return { issuer, port, close: () => close(server) };
  } catch (error) {
    await close(server);
    throw error;
  }
}

async function createSigningKey(): Promise<JWK> {
  const { privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kty: "RSA", use: "sig", alg: "RS256" };
}

function issuerHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

// The provider is served from the server root, so an issuer with a path would advertise unreachable endpoints.
function assertRootIssuer(issuer: string): void {
  const url = new URL(issuer);
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new Error(`Issuer ${issuer} must be a bare origin such as http://127.0.0.1:4011`);
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Browsers and fetch keep connections alive; without this close() waits for them to time out.
    server.closeAllConnections();
  });
}
