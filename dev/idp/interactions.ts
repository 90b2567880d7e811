import type { IncomingMessage, ServerResponse } from "node:http";
import { errors, type Interaction, type Provider } from "oidc-provider";
import { readBodyText } from "../support/read-body.js";
import { verifyCredentials, type DemoAccount } from "./accounts.js";
import { sendHtml } from "./html.js";
import { renderLoginPage } from "./login-page.js";
import { renderMessagePage } from "./status-pages.js";

export type InteractionSettings = {
  provider: Provider;
  accounts: readonly DemoAccount[];
  clientName: string;
  /** Scopes and claims granted without asking: the only client is first-party. */
  grantedScope: string;
  grantedClaims: readonly string[];
};

const maxBodyBytes = 16 * 1024;

class BodyTooLarge extends Error {}
const routePattern = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;

export function isInteractionPath(pathname: string): boolean {
  return pathname === "/interaction" || pathname.startsWith("/interaction/");
}

export async function handleInteraction(
  settings: InteractionSettings,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { pathname } = new URL(req.url ?? "/", "http://idp.invalid");
  const match = routePattern.exec(pathname);
  const uid = match?.[1];
  const action = match?.[2];

  try {
    if (uid && !action && req.method === "GET") return await showInteraction(settings, uid, req, res);
    if (uid && action === "login" && req.method === "POST") return await submitLogin(settings, uid, req, res);
    if (uid && action === "abort" && req.method === "POST") return await abort(settings, req, res);
    sendHtml(res, 404, renderMessagePage("Not found", "There is no page at this address."));
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof errors.SessionNotFound) {
      sendHtml(
        res,
        400,
        renderMessagePage(
          "Sign-in expired",
          "This sign-in attempt has expired or was already completed. Go back to Batch Console and sign in again.",
        ),
      );
      return;
    }
    if (error instanceof BodyTooLarge) {
      sendHtml(res, 413, renderMessagePage("Request too large", "The submitted form was too large."));
      return;
    }
    console.error("Identity provider interaction failed:", error);
    sendHtml(
      res,
      500,
      renderMessagePage("Something went wrong", "The identity provider could not complete this step."),
    );
  }
}

/** One step of the sign-in interaction, for the interaction `uid` of this request. */
type InteractionStep = (
  settings: InteractionSettings,
  uid: string,
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void>;

async function details(settings: InteractionSettings, uid: string, req: IncomingMessage, res: ServerResponse) {
  const interaction = await settings.provider.interactionDetails(req, res);
  // The cookie, not the URL, identifies the interaction; a mismatch means a stale or foreign link.
  if (interaction.uid !== uid) throw new errors.SessionNotFound("interaction uid mismatch");
  return interaction;
}

const showInteraction: InteractionStep = async (settings, uid, req, res) => {
  const interaction = await details(settings, uid, req, res);
  if (interaction.prompt.name === "consent") return grantConsent(settings, interaction, req, res);

  const loginHint = interaction.params["login_hint"];
  sendHtml(
    res,
    200,
    renderLoginPage({
      uid,
      clientName: settings.clientName,
      email: typeof loginHint === "string" ? loginHint : "",
    }),
  );
};

const submitLogin: InteractionStep = async (settings, uid, req, res) => {
  const interaction = await details(settings, uid, req, res);
  if (interaction.prompt.name !== "login") {
    // A repeated submit after the login step already passed: let the GET handler carry on.
    redirect(res, `/interaction/${encodeURIComponent(uid)}`);
    return;
  }

  const form = await readForm(req);
  const email = form.get("email") ?? "";
  const account = verifyCredentials(settings.accounts, email, form.get("password") ?? "");
  if (!account) {
    sendHtml(res, 401, renderLoginPage({ uid, clientName: settings.clientName, email, failed: true }));
    return;
  }

  const grantId = await saveGrant(settings, account.id, clientIdOf(interaction));
  await settings.provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.id, amr: ["pwd"] }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
};

// Reached when a still-valid session asks for something its grant lacks; the client is first-party, so
// consent is never shown.
async function grantConsent(
  settings: InteractionSettings,
  interaction: Interaction,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const accountId = interaction.session?.accountId;
  if (!accountId) throw new errors.SessionNotFound("consent without a signed-in account");

  const grantId = await saveGrant(settings, accountId, clientIdOf(interaction), interaction.grantId);
  await settings.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function abort(settings: InteractionSettings, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await settings.provider.interactionFinished(
    req,
    res,
    { error: "access_denied", error_description: "End-User cancelled the sign-in" },
    { mergeWithLastSubmission: false },
  );
}

async function saveGrant(
  settings: InteractionSettings,
  accountId: string,
  clientId: string,
  existingGrantId?: string,
): Promise<string> {
  const { Grant } = settings.provider;
  const existing = existingGrantId ? await Grant.find(existingGrantId) : undefined;
  const grant = existing ?? new Grant({ accountId, clientId });
  grant.addOIDCScope(settings.grantedScope);
  grant.addOIDCClaims([...settings.grantedClaims]);
  return grant.save();
}

function clientIdOf(interaction: Interaction): string {
  const clientId = interaction.params["client_id"];
  if (typeof clientId !== "string") throw new Error("interaction has no client_id");
  return clientId;
}

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader("Location", location);
  res.end();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = req.headers["content-type"] ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return new URLSearchParams();

  const text = await readBodyText(req, maxBodyBytes);
  if (text === undefined) throw new BodyTooLarge("login form body too large");
  return new URLSearchParams(text);
}
