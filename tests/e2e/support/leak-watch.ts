import { readFile } from "node:fs/promises";
import type { APIRequest, APIRequestContext, Browser, BrowserContext, Download } from "@playwright/test";

/** A value no response may carry, and the name a report uses for it (reports never print the value). */
export type Secret = { label: string; value: string };
export type Leak = { url: string; secret: string };

export type BodyWatch = {
  /** Waits for the bodies still being read, then returns the leaks found since the last call and forgets them. */
  take(): Promise<Leak[]>;
  stop(): void;
};

type Sink = { secrets: { label: string; bytes: Buffer }[]; leaks: Leak[] };

const sinks = new Set<Sink>();
const reading = new Set<Promise<void>>();
const hooked = new WeakSet<object>();

// The build's static files are scanned on disk by dev/leak-scan.ts; reading each again per page would only slow the run.
const skipped = (url: string) => url.startsWith("data:") || new URL(url).pathname.startsWith("/_next/static/");

function scan(url: string, body: Buffer): void {
  for (const sink of sinks) {
    for (const secret of sink.secrets) if (body.includes(secret.bytes)) sink.leaks.push({ url, secret: secret.label });
  }
}

/** A body that cannot be read (a redirect, a response of a page already closed) has nothing to scan. */
function inspect(url: string, read: () => Promise<Buffer>): Promise<void> {
  if (sinks.size === 0 || skipped(url)) return Promise.resolve();
  const check = read().then(
    (body) => scan(url, body),
    () => undefined,
  );
  reading.add(check);
  void check.finally(() => reading.delete(check));
  return check;
}

function watchRequestContext(api: APIRequestContext): void {
  if (hooked.has(api)) return;
  hooked.add(api);
  const fetch = api.fetch.bind(api);
  // get, post, delete and the rest all go through fetch.
  api.fetch = (async (...args: Parameters<APIRequestContext["fetch"]>) => {
    const response = await fetch(...args);
    await inspect(response.url(), () => response.body());
    return response;
  }) as APIRequestContext["fetch"];
}

function watchDownload(download: Download): void {
  void inspect(download.url(), async () => {
    const path = await download.path();
    return readFile(path);
  });
}

function watchContext(context: BrowserContext): void {
  if (hooked.has(context)) return;
  hooked.add(context);
  context.on("response", (response) => void inspect(response.url(), () => response.body()));
  // A file saved as a download never has a readable response body: its bytes are read from disk instead.
  context.on("page", (page) => page.on("download", watchDownload));
  for (const page of context.pages()) page.on("download", watchDownload);
  watchRequestContext(context.request);
}

/**
 * Every response a browser context of `browser` receives (documents, RSC payloads, fetches, downloads) and every
 * answer to an API request context (`page.request`, the `request` fixture, `playwright.request.newContext()`) is
 * read and handed to the active watches. Call once per worker; calling again changes nothing.
 */
export function hookResponses(browser: Browser, request: APIRequest): void {
  if (!hooked.has(browser)) {
    hooked.add(browser);
    browser.on("context", watchContext);
    for (const context of browser.contexts()) watchContext(context);
  }
  if (!hooked.has(request)) {
    hooked.add(request);
    const newContext = request.newContext.bind(request);
    request.newContext = async (...args: Parameters<APIRequest["newContext"]>) => {
      const api = await newContext(...args);
      watchRequestContext(api);
      return api;
    };
  }
}

/** Starts collecting the hooked responses whose body contains one of `secrets`. */
export function watchBodies(secrets: Secret[]): BodyWatch {
  const sink: Sink = {
    secrets: secrets.map((secret) => ({ label: secret.label, bytes: Buffer.from(secret.value) })),
    leaks: [],
  };
  sinks.add(sink);
  return {
    async take() {
      while (reading.size > 0) await Promise.all(reading);
      return sink.leaks.splice(0);
    },
    stop() {
      sinks.delete(sink);
    },
  };
}
