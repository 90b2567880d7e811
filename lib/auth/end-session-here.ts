import "server-only";
import { auditSignOut } from "@/lib/api/audit";
import { currentSession } from "./session";
import { endSession } from "./session-epoch";

/**
 * This browser's session ends (Sign out, Use another account): audited, and revoked, not only its cookie deleted,
 * since a page request sent just before, answered just after, carries a renewed cookie that must not sign in again.
 */
export async function endSessionHere(): Promise<void> {
  const session = await currentSession();
  if (session.state === "signed-out") return;
  auditSignOut(session.identity, "here");
  if (session.sessionId) await endSession(session.sessionId);
}
