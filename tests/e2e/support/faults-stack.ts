import { startStack } from "../../../dev/stack";
import { e2eAppLimits, e2eFaultsPorts, e2eTrilletKey } from "../../../dev/stack-config";
import { signedInState, waitForFreePorts, type StorageState } from "./multi-instance";
import { test as base } from "./test";

/**
 * A stack of its own for the upstream faults: an upstream 429 pauses every request on the app's key, and a hanging
 * or failing simulator slows whoever shares it, so the faults run beside the other projects, never against their
 * stack. `baseURL` and `storageState` (alice, signed in here) point every page and request of the spec at it.
 */
export type FaultsStack = { appUrl: string; simUrl: string; alice: StorageState };

const ports = e2eFaultsPorts;

export const test = base.extend<object, { faultsStack: FaultsStack }>({
  faultsStack: [
    async ({ browser }, provide) => {
      // After a failed test Playwright stops the old worker without waiting, so its stack may still hold the ports.
      await waitForFreePorts([ports.app, ports.sim, ports.idp], 30_000);
      const stack = await startStack({
        ports,
        quiet: true,
        logFile: "test-logs/faults-server.log",
        trilletKey: e2eTrilletKey,
        appEnv: e2eAppLimits,
      });
      try {
        const alice = await signedInState(browser, stack.appUrl, "alice");
        await provide({ appUrl: stack.appUrl, simUrl: stack.simUrl, alice });
      } finally {
        await stack.stop();
      }
    },
    { scope: "worker", timeout: 120_000 },
  ],
  baseURL: async ({ faultsStack }, provide) => provide(faultsStack.appUrl),
  storageState: async ({ faultsStack }, provide) => provide(faultsStack.alice),
});

export { expect } from "./test";
