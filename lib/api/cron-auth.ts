import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { NextRequest } from "next/server";
import { getConfig } from "@/lib/config";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * Whether a request comes from the host's scheduler: Vercel sends `Authorization: Bearer $CRON_SECRET` with each cron
 * request. Without CRON_SECRET configured, no request does (the jobs then run on the write path only).
 */
export function isCronRequest(request: NextRequest): boolean {
  const secret = getConfig().cronSecret;
  if (!secret) return false;
  const header = request.headers.get("authorization") ?? "";
  return timingSafeEqual(digest(header), digest(`Bearer ${secret}`));
}
