import { NextResponse } from "next/server";
import { healthReport } from "@/lib/api/health";

// GET /api/health: liveness and configuration sanity; no auth, so a status and fixed codes only (reasons are logged).
export async function GET() {
  const report = await healthReport();
  return NextResponse.json(report, {
    status: report.status === "misconfigured" ? 503 : 200,
    headers: { "Cache-Control": "no-store" },
  });
}
