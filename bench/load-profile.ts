/**
 * `npm run bench:profile`: where the browser's main thread spends a page load, by source file, for
 * the batch page, the empty batch and `/signin` (the Next.js + React floor). Issue 16's question:
 * what does the batch page run beyond the floor?
 *
 *   npm run bench:profile                  5 loads of each page, alternating
 *   npm run bench:profile -- --loads 9     more loads, less noise
 *   npm run bench:profile -- --rebuild     rebuild first (after a code change)
 *
 * It builds into bench/results/.next-profile with browser source maps (`BROWSER_SOURCE_MAPS=1`,
 * never in a normal build), so the V8 CPU profile's frames map back to files and function names.
 * Each load: a fresh context, one warm-up visit, then Chromium's sampling profiler (100 µs) from
 * navigation to 3 s after it, unthrottled and 412 px wide. Prints mean busy time per load, split
 * into the browser's own work ("(program)": parsing, style, layout, paint), garbage collection,
 * React, Next.js, other libraries, and our code (app/, components/, lib/), and our costliest
 * functions. Each page is also loaded as its server HTML alone (`withoutAppScripts`): what the
 * content costs the browser whatever runs on it, so the report can say how low any page showing it
 * could go. Then the batch page and `/signin` are left open for a while: the main thread's busy time
 * per second while someone watches a live batch. Writes bench/results/profile-latest.md. Ports: the
 * bench's (3200/4210/4211).
 */
import { chromium, type Browser } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { SourceMapConsumer } from "source-map";
import { chromiumArgs, chromiumPath } from "../dev/chromium.js";
import { build, buildIsStale, distDir } from "./support/build.js";
import { withoutAppScripts } from "./support/html-only.js";
import { demoBatchPage, sessionCookies, startBenchStack, unlimited, type BenchStack } from "./support/stack.js";
import { fixed } from "./support/stats.js";

if (process.env.BROWSER_SOURCE_MAPS !== "1" || !distDir.includes(".next-profile"))
  throw new Error("run it as `npm run bench:profile`: it needs its own build with browser source maps");

const { values } = parseArgs({
  options: { loads: { type: "string", default: "5" }, rebuild: { type: "boolean", default: false } },
});
const loads = Number(values.loads);
if (!Number.isInteger(loads) || loads < 1) throw new Error("--loads must be a positive integer");

const fullPages = [
  { label: "batch page", path: demoBatchPage, signedIn: true },
  { label: "empty batch", path: "/w/acme/batches/batch_empty", signedIn: true },
  { label: "/signin (signed out)", path: "/signin", signedIn: false },
] as const;
const [batchPage, emptyBatch, signinPage] = fullPages;
type Page = (typeof fullPages)[number] & { htmlOnly: boolean };
// Each page twice: as it is, and as its server HTML alone, to tell the content's own cost from its scripts'.
const pages: Page[] = fullPages.flatMap((page) => [
  { ...page, htmlOnly: false },
  { ...page, htmlOnly: true },
]);
const labelOf = (page: Pick<Page, "label" | "htmlOnly">) => (page.htmlOnly ? `${page.label}, HTML only` : page.label);

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
type Frame = { name: string; file: string };

const groups = [
  "(program)",
  "(garbage collector)",
  "React",
  "Next.js",
  "other libraries",
  "our code",
  "other",
] as const;
type Group = (typeof groups)[number];
type PageTally = { busyMs: number; byGroup: Map<Group, number>; ours: Map<string, number> };
const emptyTallies = (labels: string[]) =>
  new Map<string, PageTally>(labels.map((label) => [label, { busyMs: 0, byGroup: new Map(), ours: new Map() }]));

/** Source maps by script URL, fetched once (null: none, e.g. an inline script). */
const sourceMaps = new Map<string, Promise<SourceMapConsumer | null>>();

function sourceMapOf(scriptUrl: string): Promise<SourceMapConsumer | null> {
  let found = sourceMaps.get(scriptUrl);
  if (!found) {
    found = (async () => {
      if (!scriptUrl.includes("/_next/static/")) return null;
      const script = await (await fetch(scriptUrl)).text();
      const reference = /sourceMappingURL=(\S+)\s*$/.exec(script)?.[1];
      if (!reference) return null;
      const response = await fetch(new URL(reference, scriptUrl));
      return response.ok ? new SourceMapConsumer(await response.json()) : null;
    })();
    sourceMaps.set(scriptUrl, found);
  }
  return found;
}

async function frameOf({ functionName, url, lineNumber, columnNumber }: CallFrame): Promise<Frame> {
  const name = functionName || "(anonymous)";
  if (!url) return { name, file: name };
  const map = await sourceMapOf(url);
  const original = map?.originalPositionFor({ line: lineNumber + 1, column: columnNumber });
  if (!original?.source) return { name, file: new URL(url).pathname };
  // Turbopack names sources turbopack:///[project]/<path>; its own runtime is turbopack:///[turbopack]/….
  const file = original.source
    .replace(/^turbopack:\/\/\/\[project\]\//, "")
    .replace(/^.*?node_modules\//, "node_modules/");
  return { name: original.name ?? name, file };
}

function groupOf({ file }: Frame): Group {
  if (file === "(program)" || file === "(garbage collector)") return file;
  if (/node_modules\/next\/dist\/compiled\/(react|react-dom|scheduler|react-server-dom-[^/]+)\//.test(file))
    return "React";
  if (file.startsWith("node_modules/next/") || file.startsWith("turbopack:")) return "Next.js";
  if (file.startsWith("node_modules/")) return "other libraries";
  if (/^(app|components|lib)\//.test(file)) return "our code";
  return "other";
}

/** Self time of each sample, by group and, for our code, by function. */
async function tally(profile: CpuProfile, into: PageTally): Promise<void> {
  const frames = new Map<number, Frame>();
  for (const node of profile.nodes) frames.set(node.id, await frameOf(node.callFrame));
  for (let index = 0; index < profile.samples.length; index += 1) {
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    const frame = frames.get(profile.samples[index]!)!;
    if (frame.name === "(idle)") continue;
    const group = groupOf(frame);
    into.busyMs += ms;
    into.byGroup.set(group, (into.byGroup.get(group) ?? 0) + ms);
    if (group === "our code") {
      const key = `${frame.name} (${frame.file})`;
      into.ours.set(key, (into.ours.get(key) ?? 0) + ms);
    }
  }
}

/** "load": from navigation to 3 s after. "watch": the page left open, from 4 s after load, for `watchMs`. */
type Span = "load" | "watch";
const watchMs = 12_000;
const watchRounds = 3;

async function profilePage(
  browser: Browser,
  bench: BenchStack,
  { path, signedIn, htmlOnly }: Page,
  span: Span,
): Promise<CpuProfile> {
  const url = `${new URL(bench.stack.appUrl).origin}${path}`;
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  try {
    if (signedIn) await context.addCookies(sessionCookies(bench));
    const page = await context.newPage();
    // The warm-up fills the HTTP cache and the server's, as a second visit would find them.
    await page.goto(url, { waitUntil: "load" });
    await page.waitForTimeout(500);
    if (htmlOnly) {
      const html = withoutAppScripts(await (await page.request.get(url)).text());
      await page.route(url, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
    }
    if (span === "watch") {
      await page.goto(url, { waitUntil: "load" });
      await page.waitForTimeout(4_000);
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
    await cdp.send("Profiler.start");
    if (span === "load") {
      await page.goto(url, { waitUntil: "load" });
      await page.waitForTimeout(3_000);
    } else await page.waitForTimeout(watchMs);
    const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: CpuProfile };
    return profile;
  } finally {
    await context.close();
  }
}

function report(tallies: Map<string, PageTally>, watching: Map<string, PageTally>, startedAt: Date): string {
  const busyOf = (label: string) => tallies.get(label)!.busyMs / loads;
  const floor = busyOf(signinPage.label);
  const floorHtml = busyOf(labelOf({ ...signinPage, htmlOnly: true }));
  const perSecondWatched = (ms: number) => fixed(ms / watchRounds / (watchMs / 1000));
  const per = (ms: number) => fixed(ms / loads);
  const labels = pages.map(labelOf);
  const lines = [
    "# Batch Console: where a page load's main thread goes",
    "",
    `Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC; build ${distDir} with browser source maps; ` +
      `${loads} loads of each page, alternating; unthrottled Chromium at 412 px, from navigation to 3 s after; ` +
      "mean self time per load (ms), from V8's sampling profiler. \"HTML only\": the same page's server HTML " +
      "without the app's JavaScript (script files, RSC payload; React's streaming instructions kept).",
    "",
    `| group | ${labels.join(" | ")} |`,
    `|---|${labels.map(() => "---").join("|")}|`,
    `| **busy (all)** | ${labels.map((label) => `**${per(tallies.get(label)!.busyMs)}**`).join(" | ")} |`,
    ...groups.map(
      (group) =>
        `| ${group} | ${labels.map((label) => per(tallies.get(label)!.byGroup.get(group) ?? 0)).join(" | ")} |`,
    ),
    "",
    ...fullPages.map(({ label }) => `- ${label}: ${fixed(busyOf(label) / floor, 2)}× the floor's busy time`),
    "",
    "The least a page with the same HTML could cost here: the floor, plus what its HTML alone costs the " +
      "browser beyond the floor's HTML alone (no hydration, no live refresh, nothing of ours running):",
    "",
    ...[batchPage, emptyBatch].map(({ label }) => {
      const least = floor + busyOf(labelOf({ label, htmlOnly: true })) - floorHtml;
      const ratio = busyOf(label) / least;
      return `- ${label}: ${fixed(least)} ms, ${fixed(least / floor, 2)}× the floor; the page as it is costs ${fixed(ratio, 2)}× that (target ≤ 1.3×: ${ratio <= 1.3 ? "yes" : "NO"})`;
    }),
    "",
    `Left open (${watchRounds} times ${watchMs / 1000} s, from 4 s after load; the demo batch is live, so it polls): ` +
      "busy time per second, and our code's share:",
    "",
    ...[...watching].map(
      ([label, { busyMs, byGroup }]) =>
        `- ${label}: ${perSecondWatched(busyMs)} ms/s (our code ${perSecondWatched(byGroup.get("our code") ?? 0)} ms/s)`,
    ),
    "",
    "Our costliest functions on the batch page (self time per load):",
    "",
    ...[...tallies.get(batchPage.label)!.ours]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([name, ms]) => `- ${per(ms)} ms ${name}`),
  ];
  return lines.join("\n") + "\n";
}

async function main(): Promise<void> {
  const startedAt = new Date();
  if (values.rebuild || buildIsStale()) await build("bench/results/profile-build.log");
  // As the Lighthouse section's stack: the default cache, both rate limits out of the way of repeated loads.
  const bench = await startBenchStack(
    { TRILLET_RATE_LIMIT_PER_MINUTE: unlimited, API_RATE_LIMIT_PER_MINUTE: unlimited },
    50,
  );
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const tallies = emptyTallies(pages.map(labelOf));
    for (let load = 0; load < loads; load += 1)
      for (const page of pages)
        await tally(await profilePage(browser, bench, page, "load"), tallies.get(labelOf(page))!);
    const watched = [batchPage, signinPage].map((page) => ({ ...page, htmlOnly: false }));
    const watching = emptyTallies(watched.map((page) => page.label));
    for (let round = 0; round < watchRounds; round += 1)
      for (const page of watched)
        await tally(await profilePage(browser, bench, page, "watch"), watching.get(page.label)!);
    const markdown = report(tallies, watching, startedAt);
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/profile-latest.md", markdown);
    process.stdout.write(markdown);
  } finally {
    await browser.close();
    await bench.stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
