import { apiError, sessionUncheckedError } from "@/lib/api/errors";
import { currentSession } from "@/lib/auth/session";

// Any other /api path: the API's JSON error (401 before 404, like every API route), not the HTML not-found page.
async function notFound() {
  const session = await currentSession();
  if (session.state === "unchecked") return sessionUncheckedError();
  if (session.state === "signed-out") return apiError("unauthorized", "Sign in to use this API.");
  return apiError("not_found", "There is no such API route.");
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
