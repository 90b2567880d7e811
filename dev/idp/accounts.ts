import { createHash, timingSafeEqual } from "node:crypto";

export type DemoAccount = {
  /** Stable OIDC `sub`; deliberately not the email, so the app cannot rely on them being equal. */
  id: string;
  /** What one types in the login form's first box: the email, or a username for an account without one. */
  login: string;
  /** "": the ID token carries no `email` claim (nor `email_verified`), as Entra ID often sends. */
  email: string;
  password: string;
  name: string;
  emailVerified: boolean;
  groups: readonly string[];
  /** One line for the demo printout: what this account should be able to reach in Batch Console. */
  access: string;
};

export const demoAccounts: readonly DemoAccount[] = [
  {
    id: "3f6c2a1e-alice",
    login: "alice@acme.test",
    email: "alice@acme.test",
    password: "alice-demo-pass",
    name: "Alice Anders",
    emailVerified: true,
    groups: ["acme-sales"],
    access: "workspace acme (by email domain)",
  },
  {
    id: "8b1d4e7a-bob",
    login: "bob@globex.test",
    email: "bob@globex.test",
    password: "bob-demo-pass",
    name: "Bob Baker",
    emailVerified: true,
    groups: ["globex-ops"],
    access: "workspace globex (by email)",
  },
  {
    id: "c4a97f02-carol",
    login: "carol@acme.test",
    email: "carol@acme.test",
    password: "carol-demo-pass",
    name: "Carol Chen",
    emailVerified: true,
    groups: ["acme-sales", "globex-partners"],
    access: "workspaces acme (by email domain) and globex (by group)",
  },
  {
    id: "e2f05b93-mallory",
    login: "mallory@evil.test",
    email: "mallory@evil.test",
    password: "mallory-demo-pass",
    name: "Mallory Moss",
    emailVerified: true,
    groups: [],
    access: "no workspace (signs in, but must be refused)",
  },
  {
    id: "91d3c6b8-eve",
    login: "eve@acme.test",
    email: "eve@acme.test",
    password: "eve-demo-pass",
    name: "Eve Evans",
    emailVerified: false,
    groups: [],
    access: "no access: email not verified, so the acme domain rule must not match",
  },
  {
    id: "5a7e3c19-dana",
    login: "dana",
    email: "",
    password: "dana-demo-pass",
    name: "Dana Dietrich",
    emailVerified: false,
    groups: ["globex-contractors"],
    access: "workspace globex (by a group scoped to this provider; no email claim, like many Entra ID accounts)",
  },
  {
    id: "0c8b2d64-finn",
    login: "finn",
    email: "",
    password: "finn-demo-pass",
    name: "Finn Fischer",
    emailVerified: false,
    groups: [],
    access: "no workspace: no email claim and no group (signs in, but must be refused)",
  },
];

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

// Compared as fixed-length digests so the comparison time does not depend on where the strings differ.
function samePassword(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The account for these credentials (`login`: an email, or a username), or undefined; callers must not reveal which part was wrong. */
export function verifyCredentials(
  accounts: readonly DemoAccount[],
  login: string,
  password: string,
): DemoAccount | undefined {
  const account = accounts.find((candidate) => normalizeEmail(candidate.login) === normalizeEmail(login));
  // Still compare against something when the email is unknown, so both failures cost the same.
  const matches = samePassword(password, account?.password ?? "\u0000no-such-account");
  return account && matches ? account : undefined;
}

export function findAccountById(accounts: readonly DemoAccount[], id: string): DemoAccount | undefined {
  return accounts.find((account) => account.id === id);
}
