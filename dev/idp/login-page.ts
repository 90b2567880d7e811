import { escapeHtml, htmlDocument } from "./html.js";

export type LoginPageOptions = {
  /** Interaction uid from oidc-provider; the form posts to /interaction/<uid>/login. */
  uid: string;
  clientName: string;
  /** What was typed in the first box (an email or a username); the field keeps its name `email` for old scripts. */
  email?: string;
  failed?: boolean;
};

export const wrongCredentialsMessage = "Wrong email, username or password";

export function renderLoginPage({ uid, clientName, email = "", failed = false }: LoginPageOptions): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const invalid = failed ? ' aria-invalid="true" aria-describedby="login-error"' : "";
  const error = failed ? `<p id="login-error" class="error" role="alert">${wrongCredentialsMessage}</p>` : "";

  return htmlDocument(
    "Sign in · Batch Console demo identity provider",
    `<h1>Sign in</h1>
<p class="muted">to continue to ${escapeHtml(clientName)}</p>
${error}
<form method="post" action="${escapeHtml(`${base}/login`)}" novalidate>
<label for="email">Email or username</label>
<input id="email" name="email" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${escapeHtml(email)}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit" class="primary">Sign in</button>
</form>
<form method="post" action="${escapeHtml(`${base}/abort`)}">
<button type="submit" class="secondary">Cancel</button>
</form>
<p class="muted">Local demo identity provider. The demo accounts are listed in dev/idp/README.md and printed by <code>npm run idp</code>.</p>`,
  );
}
