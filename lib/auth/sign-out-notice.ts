import { firstParam, type PageSearchParams } from "@/lib/shared/search-params";

// What the sign-in page says after a sign-out, from the query the sign-out actions redirect with.

/** Set when "End all sessions" could not write to the shared store: other instances learn it later. */
export const endAllPendingParam = "endAll";

export type SignOutNotice = "signed-out" | "end-all-pending" | undefined;

export function signOutNotice(params: PageSearchParams): SignOutNotice {
  if (firstParam(params.signedOut) !== "1") return undefined;
  return firstParam(params[endAllPendingParam]) === "1" ? "end-all-pending" : "signed-out";
}
