import { apiError } from "@/lib/api/errors";

// Any other /api path: the API's JSON error, not the HTML not-found page.
function notFound() {
  return apiError("not_found", "There is no such API route.");
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
