import { apiError } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/json-body";
import { withWorkspace } from "@/lib/api/with-workspace";
import { conflictAnswer, followUpAnswer, followUpBodyBytes, preconditionRequired } from "@/lib/follow-ups/http";
import { getFollowUp, updateFollowUp } from "@/lib/follow-ups/store";
import { followUpIdSchema, updateFollowUpSchema, versionFromIfMatch } from "@/lib/follow-ups/validation";

type Params = { slug: string; id: string };

const notFound = () => apiError("not_found", "No follow-up with this id in this workspace.");

// GET /api/w/{slug}/follow-ups/{id}: one follow-up with its history; its version is the ETag.
export const GET = withWorkspace<Params>(async ({ workspace, params }) => {
  const id = followUpIdSchema.safeParse(params.id);
  if (!id.success) return apiError("bad_request", "id is not a follow-up id.");
  const followUp = await getFollowUp(workspace, id.data);
  return followUp ? followUpAnswer({ followUp }) : notFound();
});

// PATCH /api/w/{slug}/follow-ups/{id} with If-Match {assignee?, dueOn?, note?, state?: done|reopened, closingNote?}:
// changes it only if nobody did since that version (else 412 with who changed it and the values now).
export const PATCH = withWorkspace<Params>(async ({ request, workspace, person, params }) => {
  const id = followUpIdSchema.safeParse(params.id);
  if (!id.success) return apiError("bad_request", "id is not a follow-up id.");
  const ifMatch = request.headers.get("if-match");
  if (ifMatch === null) return preconditionRequired();
  const version = versionFromIfMatch(ifMatch);
  const body = await readJsonBody(request, updateFollowUpSchema, followUpBodyBytes);
  if (!body.ok) return apiError(body.code, body.message);
  if (version === undefined) {
    // An entity tag that was never ours cannot match: the follow-up as it is now, to decide with.
    const current = await getFollowUp(workspace, id.data);
    return current ? conflictAnswer(current) : notFound();
  }
  const result = await updateFollowUp(workspace, person, id.data, version, body.value);
  if (result.ok) {
    const followUp = await getFollowUp(workspace, id.data);
    return followUp ? followUpAnswer({ followUp }) : notFound();
  }
  if (result.code === "not_found") return notFound();
  if (result.code === "precondition_failed") return conflictAnswer(result.current);
  return apiError(result.code, result.message);
});
