import { demoAccounts, type DemoAccount } from "../../../dev/idp/accounts";

/** The demo accounts by first name; dana and finn sign in by username (their ID tokens carry no email). */
export type DemoUser = "alice" | "bob" | "carol" | "mallory" | "eve" | "dana" | "finn";

export function account(user: DemoUser): DemoAccount {
  const found = demoAccounts.find((candidate) => candidate.login === user || candidate.login.startsWith(`${user}@`));
  if (!found) throw new Error(`No demo account for ${user}`);
  return found;
}

/** Where the signed-in browser state of each user is kept between the setup project and the tests. */
// E2E_AUTH_DIR: a second run on the same machine (its own E2E_*_PORT and NEXT_DIST_DIR) keeps its sign-ins apart.
export const storageStatePath = (user: DemoUser) => `${process.env.E2E_AUTH_DIR || "tests/e2e/.auth"}/${user}.json`;
