import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { isCronRequest } from "@/lib/api/cron-auth";
import { apiError } from "@/lib/api/errors";
import { isDatabaseUnavailable } from "@/lib/db/client";
import { pruneExpiredRecords } from "@/lib/retention/prune-expired";
import { errorText } from "@/lib/runtime/scrub-secrets";

// GET /api/cron/prune: the daily retention job (vercel.json's cron). Only the scheduler may call it: anyone else,
// and every caller while CRON_SECRET is unset, gets a 401.
export async function GET(request: NextRequest) {
  if (!isCronRequest(request)) return apiError("unauthorized", "This route is for the host's scheduler.");
  try {
    const deleted = await pruneExpiredRecords();
    process.stdout.write(`${JSON.stringify({ type: "retention", time: new Date().toISOString(), deleted })}\n`);
    return NextResponse.json({ deleted }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      return apiError("unavailable", "The team's records cannot be reached right now; the next run will try again.");
    }
    console.error(JSON.stringify({ type: "error", path: "/api/cron/prune", message: errorText(error) }));
    return apiError("internal", "The retention job failed; the next run will try again.");
  }
}
