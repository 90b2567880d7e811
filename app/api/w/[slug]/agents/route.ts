import { withOperator } from "@/lib/api/with-operator";
import { listAgentsAnswer } from "@/lib/operations/agents";

// GET /api/w/{slug}/agents: the workspace's agents for an operator's start form (`_id`, `name`, `status` only).
export const GET = withOperator("agents.read", async ({ workspace, person }) => listAgentsAnswer(workspace, person));
