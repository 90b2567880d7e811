import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { watchBodies } from "./support/leak-watch";
import { expect, test } from "./support/test";

// The response watch every spec runs under (support/test.ts), proven on a server of this test's own that sends a
// canary: each way a test receives a body must reach the watch, and a body without the canary must not count.

const canary = "sk_leak_watch_self_test_canary_41d7";
const label = "the self-test canary";

const bodies: Record<string, { type: string; body: string; disposition?: string }> = {
  "/page": { type: "text/html", body: `<!doctype html><title>leak</title><p>${canary}</p>` },
  "/rsc": { type: "text/x-component", body: `0:["$","p",null,{"children":"${canary}"}]\n` },
  "/data.json": { type: "application/json", body: JSON.stringify({ key: canary }) },
  "/export.csv": {
    type: "text/csv",
    body: `jobId,note\r\njob_1,${canary}\r\n`,
    disposition: 'attachment; filename="export.csv"',
  },
  "/clean": { type: "text/html", body: "<!doctype html><title>clean</title><p>nothing to see</p>" },
};

let server: Server;
let origin: string;

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const found = bodies[new URL(request.url ?? "/", "http://x").pathname];
    if (!found) return response.writeHead(404).end();
    response.writeHead(200, {
      "content-type": found.type,
      ...(found.disposition ? { "content-disposition": found.disposition } : {}),
    });
    response.end(found.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test("the response watch finds a key in every body a test receives: page, fetch, download and API clients", async ({
  page,
  request,
  browser,
  playwright,
}) => {
  const watch = watchBodies([{ label, value: canary }]);
  const leakedAt = async () => (await watch.take()).map((leak) => `${leak.secret} at ${new URL(leak.url).pathname}`);
  try {
    await page.goto(`${origin}/page`);
    expect(await leakedAt()).toEqual([`${label} at /page`]);

    // What the page itself fetches, as the app's client navigation fetches RSC payloads.
    await page.evaluate(async (url) => (await fetch(url)).text(), `${origin}/rsc`);
    expect(await leakedAt()).toEqual([`${label} at /rsc`]);

    const downloading = page.waitForEvent("download");
    await page.evaluate((url) => {
      const link = document.createElement("a");
      link.href = url;
      link.download = "export.csv";
      document.body.append(link);
      link.click();
    }, `${origin}/export.csv`);
    await (await downloading).path();
    expect(await leakedAt()).toEqual([`${label} at /export.csv`]);

    await page.request.get(`${origin}/data.json`);
    await request.get(`${origin}/data.json`);
    const api = await playwright.request.newContext();
    await api.get(`${origin}/data.json`);
    await api.dispose();
    expect(await leakedAt()).toEqual([`${label} at /data.json`, `${label} at /data.json`, `${label} at /data.json`]);

    const context = await browser.newContext();
    await (await context.newPage()).goto(`${origin}/page`);
    await context.close();
    expect(await leakedAt()).toEqual([`${label} at /page`]);

    await page.goto(`${origin}/clean`);
    await request.get(`${origin}/clean`);
    expect(await leakedAt()).toEqual([]);
  } finally {
    watch.stop();
  }
});
