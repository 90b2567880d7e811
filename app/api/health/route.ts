import { NextResponse } from "next/server";
import { healthReport } from "@/lib/api/health";

// GET /api/health: liveness and configuration sanity; no auth, no secrets.
export function GET() {
  const report = healthReport();
  return NextResponse.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
