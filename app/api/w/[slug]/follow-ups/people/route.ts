import { NextResponse } from "next/server";
import { withWorkspace } from "@/lib/api/with-workspace";
import { listPeople } from "@/lib/follow-ups/store";

// GET /api/w/{slug}/follow-ups/people: the workspace's people (members who have opened it), the assignees one may choose.
export const GET = withWorkspace(async ({ workspace }) => {
  const people = await listPeople(workspace);
  return NextResponse.json(
    { people: people.map(({ id, name }) => ({ id, name })) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
});
