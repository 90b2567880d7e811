import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningPostgres } from "../../../dev/services/postgres";
import { startStack } from "../../../dev/stack";
import {
  demoWorkspaces,
  e2eAppLimits,
  e2eFaultsGlobexKey,
  e2eFaultsPorts,
  e2eTrilletKey,
} from "../../../dev/stack-config";
import { signedInState, waitForFreePorts, type StorageState } from "./multi-instance";
import { test as base } from "./test";

/**
 * A stack of its own for the upstream faults: an upstream 429 pauses every request on the app's key, and a hanging
 * or failing simulator slows whoever shares it, so the faults run beside the other projects, never against their
 * stack. acme and globex have a key each, so a request on globex's stays outside a pause of acme's. `baseURL` and
 * `storageState` (carol, a member of both, signed in here) point every page and request of the spec at it.
 */
export type FaultsStack = { appUrl: string; simUrl: string; carol: StorageState; postgres: RunningPostgres };

const ports = e2eFaultsPorts;

export const test = base.extend<object, { faultsStack: FaultsStack }>({
  faultsStack: [
    async ({ browser }, provide) => {
      // After a failed test Playwright stops the old worker without waiting, so its stack may still hold the ports.
      await waitForFreePorts([ports.app, ports.sim, ports.idp], 30_000);
      // The Workflow SDK's Local World of its own. Left to withWorkflow (next.config.mjs), every server started from
      // this checkout shares .next/workflow-data, and one starting meanwhile (another project's stack, another
      // run's) recovers this stack's export runs and runs their next step in its own process, where the job is
      // unknown: the run ended there with "The job's record is gone" while the job here stayed `running`.
      const workflowDataDir = mkdtempSync(join(tmpdir(), "faults-workflow-"));
      const stack = await startStack({
        ports,
        quiet: true,
        logFile: "test-logs/faults-server.log",
        // A PostgreSQL of its own, so a test may take the database away from this stack alone.
        database: "postgres",
        trilletKey: e2eTrilletKey,
        simAccounts: [
          { apiKey: e2eTrilletKey, workspaces: ["ws_acme"] },
          { apiKey: e2eFaultsGlobexKey, workspaces: ["ws_globex"] },
        ],
        appEnv: {
          ...e2eAppLimits,
          WORKSPACES: JSON.stringify(
            demoWorkspaces.map((workspace) =>
              workspace.slug === "globex" ? { ...workspace, apiKeyEnv: "TRILLET_API_KEY_GLOBEX" } : workspace,
            ),
          ),
          TRILLET_API_KEY_GLOBEX: e2eFaultsGlobexKey,
          // Set with the target, or withWorkflow replaces the directory with the shared one.
          WORKFLOW_TARGET_WORLD: "local",
          WORKFLOW_LOCAL_DATA_DIR: workflowDataDir,
        },
      });
      try {
        const carol = await signedInState(browser, stack.appUrl, "carol");
        await provide({ appUrl: stack.appUrl, simUrl: stack.simUrl, carol, postgres: stack.postgres! });
      } finally {
        await stack.stop();
        rmSync(workflowDataDir, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 120_000 },
  ],
  baseURL: async ({ faultsStack }, provide) => provide(faultsStack.appUrl),
  storageState: async ({ faultsStack }, provide) => provide(faultsStack.carol),
});

export { expect } from "./test";
