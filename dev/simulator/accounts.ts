import { z } from "zod";

export const accountsSchema = z
  .array(z.strictObject({ apiKey: z.string().min(1), workspaces: z.array(z.string().min(1)) }))
  .min(1);

export type SimAccount = z.infer<typeof accountsSchema>[number];

export const DEFAULT_ACCOUNTS: SimAccount[] = [{ apiKey: "demo-trillet-key", workspaces: ["ws_acme", "ws_globex"] }];

export interface KnownAccount {
  label: string;
  workspaces: ReadonlySet<string>;
}

export interface AccountDirectory {
  find(apiKey: string): KnownAccount | undefined;
}

export function createAccountDirectory(accounts: readonly SimAccount[]): AccountDirectory {
  const byKey = new Map<string, KnownAccount>();
  accounts.forEach((account, index) => {
    byKey.set(account.apiKey, { label: `account-${index}`, workspaces: new Set(account.workspaces) });
  });
  return { find: (apiKey) => byKey.get(apiKey) };
}
