import { chromium, type Browser } from "@playwright/test";
import { gzipSync } from "node:zlib";
import { chromiumArgs, chromiumPath } from "../../dev/chromium.js";
import { demoBatchPage, sessionCookies, type BenchStack } from "../support/stack.js";

export { chromiumPath };
// chrome-launcher (Lighthouse) starts a headed browser unless told otherwise.
export const chromiumFlags = ["--headless", ...chromiumArgs];

export type Chunk = { path: string; rawBytes: number; gzipBytes: number };
export type RouteWeight = {
  route: string;
  status: number;
  finalPath: string;
  chunks: Chunk[];
  rawBytes: number;
  gzipBytes: number;
};

/** Every `/_next/static/**.js` a fresh, signed-in browser loads for `route`, gzipped here at level 9. */
async function routeWeight(browser: Browser, bench: BenchStack, route: string, signedIn = true): Promise<RouteWeight> {
  const app = new URL(bench.stack.appUrl);
  const context = await browser.newContext();
  try {
    if (signedIn) await context.addCookies(sessionCookies(bench));
    const page = await context.newPage();
    const pending: Promise<Chunk | undefined>[] = [];
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (url.origin !== app.origin || !url.pathname.startsWith("/_next/static/") || !url.pathname.endsWith(".js"))
        return;
      pending.push(
        response.body().then(
          (body) => ({ path: url.pathname, rawBytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length }),
          () => undefined,
        ),
      );
    });
    const response = await page.goto(`${app.origin}${route}`, { waitUntil: "load", timeout: 30_000 });
    await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
    const finalPath = new URL(page.url()).pathname;
    const seen = new Map<string, Chunk>();
    for (const chunk of await Promise.all(pending)) if (chunk) seen.set(chunk.path, chunk);
    const chunks = [...seen.values()].sort((a, b) => b.gzipBytes - a.gzipBytes);
    return {
      route,
      status: response?.status() ?? 0,
      finalPath,
      chunks,
      rawBytes: chunks.reduce((sum, chunk) => sum + chunk.rawBytes, 0),
      gzipBytes: chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0),
    };
  } finally {
    await context.close();
  }
}

export type PageWeights = { batch: RouteWeight; home: RouteWeight; signin: RouteWeight };

export async function pageWeight(bench: BenchStack): Promise<PageWeights> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
  try {
    const batch = await routeWeight(browser, bench, demoBatchPage);
    const home = await routeWeight(browser, bench, "/");
    // Signed out, the smallest page: roughly what Next.js and React alone cost.
    const signin = await routeWeight(browser, bench, "/signin", false);
    return { batch, home, signin };
  } finally {
    await browser.close();
  }
}
