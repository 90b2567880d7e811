import type { APIRequestContext } from "@playwright/test";
import { e2eTrilletKey } from "../../dev/stack-config";
import { storageStatePath } from "./support/accounts";
import { asUser, batchPageReady, simOrigin } from "./support/e2e";
import { expect, test } from "./support/test";
import { expectAxeClean } from "./support/axe";

// Issue 26, item 5: a batch started elsewhere (straight at Trillet, here the simulator) with numbers on the
// workspace's do-not-call list, numbers with no zone, and numbers where it is now outside calling hours. The batch
// page says so, lists the listed calls, and points an operator at Cancel. Numbers are unique to each attempt: other
// files share acme's list.

const shots = process.env.E2E_SHOTS_DIR || "test-results/screenshots";
const docs = "docs/screenshots";

const exchange = () => String(200 + Math.floor(Math.random() * 700));
const four = () => String(1000 + Math.floor(Math.random() * 9000));

/** Recipients in zones spread round the world, so some are inside 08:00–21:00 and some outside at any hour. */
const worldwide = () => [
  { zone: "America/New_York", number: `+1212${exchange()}${four()}` },
  { zone: "Asia/Kolkata", number: `+9198${exchange()}${exchange()}${four().slice(0, 2)}` },
  { zone: "Asia/Tokyo", number: `+813${four()}${four()}` },
  { zone: "Australia/Sydney", number: `+612${four()}${four()}` },
  { zone: "Europe/London", number: `+4420${four()}${four()}` },
];

/** Minutes since local midnight in `zone`. */
function localMinutes(zone: string, at = Date.now()): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    hour: "numeric",
    minute: "numeric",
  })
    .formatToParts(at)
    .reduce<Record<string, number>>((all, part) => ({ ...all, [part.type]: Number(part.value) }), {});
  return parts.hour! * 60 + parts.minute!;
}

/** Inside 08:00–21:00 now and for the next 10 minutes, outside for as long, or too close to an edge to say. */
function windowState(zone: string): "inside" | "outside" | "edge" {
  const [now, soon] = [localMinutes(zone), localMinutes(zone, Date.now() + 10 * 60_000)];
  const inside = (minutes: number) => minutes >= 8 * 60 && minutes <= 21 * 60;
  if (inside(now) !== inside(soon)) return "edge";
  return inside(now) ? "inside" : "outside";
}

/** Starts a batch straight at the simulator with acme's Trillet key, two hours ahead: every call waits. */
async function startElsewhere(request: APIRequestContext, numbers: string[]): Promise<string> {
  const csv = ["phone_number,first_name", ...numbers.map((number, index) => `${number},P${index}`)].join("\r\n");
  const response = await request.post(`${simOrigin}/v1/api/batch-calls`, {
    headers: { "x-api-key": e2eTrilletKey, "x-workspace-id": "ws_acme" },
    multipart: {
      file: { name: "elsewhere.csv", mimeType: "text/csv", buffer: Buffer.from(csv) },
      agentId: "agent_renewals_v3",
      scheduledAt: new Date(Date.now() + 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { batchId: string }).batchId;
}

test.describe("the batch page's guardrails note", () => {
  test.use({ storageState: storageStatePath("alice") });

  test("a batch started elsewhere with listed numbers: the note, which calls, and Cancel for an operator", async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    const ny = Array.from({ length: 4 }, () => `+1212${exchange()}${four()}`);
    // Zones near an edge of the window are left out: the count must not depend on the seconds the test takes.
    const world = worldwide().filter((recipient) => windowState(recipient.zone) !== "edge");
    // Toll-free numbers: valid, and in no zone (the table maps no +1 800 or 877 prefix).
    const unzoned = [`+1800${exchange()}${four()}`, `+1877${exchange()}${four()}`];
    const listed = [ny[0]!, ny[1]!, unzoned[0]!];
    const batchId = await startElsewhere(page.request, [
      ...ny,
      ...world.map((recipient) => recipient.number),
      ...unzoned,
    ]);
    const added = await page.request.post("/api/w/acme/do-not-call", { data: { numbers: listed, reason: "asked" } });
    expect(added.status()).toBe(200);

    // Listed calls are counted under the list only; of the rest, those in a zone outside its window now.
    const nyOutside = windowState("America/New_York") === "outside" ? 2 : 0;
    const outside = world.filter((recipient) => windowState(recipient.zone) === "outside").length + nyOutside;

    const api = await page.request.get(`/api/w/acme/batches/${batchId}/guardrails`);
    expect(api.status()).toBe(200);
    expect(api.headers()["cache-control"]).toBe("private, no-store");

    await page.goto(`/w/acme/batches/${batchId}`);
    await batchPageReady(page);
    const note = page.getByRole("region", { name: "Do-not-call list and calling hours" });
    await expect(note.getByTestId("note-do-not-call")).toContainText(
      "3 calls in this batch are on your do-not-call list, all still to be placed.",
    );
    await expect(note.getByTestId("note-no-zone")).toHaveText(
      "1 call still to be placed is to a number with no known time zone: its calling hours cannot be checked.",
    );
    if (outside > 0) {
      await expect(note.getByTestId("note-hours")).toHaveText(
        outside === 1
          ? "1 call still to be placed is to a number where it is now outside calling hours (08:00–21:00 local)."
          : `${outside} calls still to be placed are to numbers where it is now outside calling hours (08:00–21:00 local).`,
      );
    } else {
      await expect(note.getByTestId("note-hours")).toHaveCount(0);
    }
    await expect(note.getByTestId("note-cancel")).toHaveText(
      "To stop the calls still waiting, use Cancel batch… above; calls already under way finish.",
    );
    await expect(page.getByRole("button", { name: "Cancel batch…" })).toBeVisible();

    // Which calls: their job ids, each opening its call (whose number the dialog shows).
    await note.getByText("Show the 3 calls").click();
    const links = note.getByRole("list", { name: "Calls to numbers on the do-not-call list" }).getByRole("link");
    await expect(links).toHaveCount(3);
    await page.screenshot({ path: `${docs}/issue-26-batch-note-1280.png` });
    await expectAxeClean(page, "the batch page with the guardrails note");
    await links.first().click();
    await expect(page).toHaveURL(/[?&]call=/);
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    // The dialog shows the call's number: one of the three listed.
    await expect(dialog).toContainText(new RegExp(listed.map((number) => number.slice(-4)).join("|")));
    await page.keyboard.press("Escape");

    await asUser(browser, "carol", async (carol) => {
      await carol.goto(`/w/acme/batches/${batchId}`);
      await batchPageReady(carol);
      await expect(carol.getByTestId("note-cancel")).toHaveText(
        "Only the workspace's operators can cancel this batch: ask one of them if these calls must not be placed.",
      );
    });

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`/w/acme/batches/${batchId}`);
    await batchPageReady(page);
    await expect(page.getByTestId("note-do-not-call")).toBeVisible();
    await page.getByText("Show the 3 calls").click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${docs}/issue-26-batch-note-375.png` });
    await page.screenshot({ path: `${shots}/issue-26-batch-note-375-full.png`, fullPage: true });
  });

  test("a batch with nothing to say shows no note", async ({ page }) => {
    test.setTimeout(60_000);
    const inside = worldwide().find((recipient) => windowState(recipient.zone) === "inside");
    test.skip(!inside, "no candidate zone is safely inside its window this minute");
    const batchId = await startElsewhere(page.request, [inside!.number]);
    const answer = page.waitForResponse((response) => response.url().endsWith(`/batches/${batchId}/guardrails`), {
      timeout: 20_000,
    });
    // The note's code is not fetched when there is nothing to say.
    const scripts: Promise<string>[] = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname.startsWith("/_next/static/") && response.url().endsWith(".js")) {
        scripts.push(response.text().catch(() => ""));
      }
    });
    await page.goto(`/w/acme/batches/${batchId}`);
    await batchPageReady(page);
    const body = (await (await answer).json()) as {
      doNotCall: { calls: number };
      hours: { waiting: number; outside: number; noZone: number };
      progress: { complete: boolean };
    };
    expect(body).toMatchObject({
      doNotCall: { calls: 0 },
      hours: { waiting: 1, outside: 0, noZone: 0 },
      progress: { complete: true },
    });
    await expect(page.getByTestId("guardrails-note")).toHaveCount(0);
    await page.waitForLoadState("networkidle");
    const loaded = await Promise.all(scripts);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((text) => text.includes("still to be placed"))).toEqual([]);
  });
});
