import { withOperator } from "@/lib/api/with-operator";
import { rerunAnswer } from "@/lib/operations/rerun-answer";

type Params = { slug: string; batchId: string };

// GET /api/w/{slug}/batches/{batchId}/rerun?exclude=<error kind>&exclude=…: the re-run's rows, built by the server
// from the batch's failed calls, as the CSV to review and send (counts in headers).
export const GET = withOperator<Params>("batch.rerun.read", async ({ request, workspace, person, params }) =>
  rerunAnswer(request, workspace, person, params.batchId),
);
