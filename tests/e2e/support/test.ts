import { expect, test as base } from "@playwright/test";
import { idpDefaults } from "../../../dev/idp/defaults";
import { appEnvironment, e2eFaultsGlobexKey, e2eMultiKeys, e2ePorts, e2eTrilletKey } from "../../../dev/stack-config";
import { hookResponses, watchBodies, type BodyWatch, type Secret } from "./leak-watch";

/** What no answer of any end-to-end stack may carry, to a browser or to an API client. */
export const e2eSecrets: Secret[] = [
  { label: "the e2e Trillet API key", value: e2eTrilletKey },
  { label: "the multi-instance acme Trillet API key", value: e2eMultiKeys.acme },
  { label: "the multi-instance globex Trillet API key", value: e2eMultiKeys.globex },
  { label: "the faults stack's globex Trillet API key", value: e2eFaultsGlobexKey },
  { label: "AUTH_SECRET", value: appEnvironment(e2ePorts).AUTH_SECRET! },
  { label: "the OIDC client secret", value: idpDefaults.clientSecret },
];

/**
 * Playwright's `test` with every response body scanned for `e2eSecrets`: a test fails when anything it (or a worker
 * fixture before it) received carries one. Every spec imports `test` from here (lint enforces it).
 */
export const test = base.extend<{ noSecretsInResponses: void }, { secretWatch: BodyWatch }>({
  secretWatch: [
    async ({ browser, playwright }, provide) => {
      hookResponses(browser, playwright.request);
      const watch = watchBodies(e2eSecrets);
      await provide(watch);
      watch.stop();
    },
    { scope: "worker", auto: true, box: true },
  ],
  noSecretsInResponses: [
    async ({ secretWatch }, provide) => {
      await provide();
      const leaks = await secretWatch.take();
      expect(
        leaks.map((leak) => `${leak.secret} in the body of ${leak.url}`),
        "secrets in response bodies",
      ).toEqual([]);
    },
    { auto: true, box: true },
  ],
});

export { expect };
