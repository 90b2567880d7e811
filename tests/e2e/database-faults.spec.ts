import { exampleBatch, examplePath } from "./support/e2e";
import { expect, test } from "./support/faults-stack";

// On the faults stack, whose PostgreSQL belongs to it alone: the test takes the database away and brings it back.
test("with the database down the batch page still works, the list says so with a Retry that works once it is back", async ({
  page,
  request,
  faultsStack,
}) => {
  // The batch joins the list on its first open, while the database is up.
  await page.goto(examplePath);
  await expect(page.getByTestId("summary-total")).not.toBeEmpty();
  await page.goto("/w/acme");
  await expect(page.getByRole("link", { name: new RegExp(exampleBatch) }).first()).toBeVisible();

  await faultsStack.postgres.halt();
  try {
    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ status: "degraded", database: { status: "unavailable" } });

    const api = await request.get("/api/w/acme/batches");
    expect(api.status()).toBe(503);
    expect(api.headers()["retry-after"]).toBeTruthy();
    expect((await api.json()).error).toMatchObject({ code: "unavailable" });

    await page.goto("/w/acme");
    const alert = page.getByRole("alert").filter({ hasText: "The list cannot be loaded right now" });
    await expect(alert).toBeVisible();

    // Showing a batch never needed the database; its first-open record waits or is counted as lost, never a 5xx.
    const batchPage = await page.context().newPage();
    await batchPage.goto(examplePath);
    await expect(batchPage.getByTestId("summary-total")).not.toBeEmpty();
    await expect(batchPage.getByRole("table", { name: /^Calls of batch/ })).toBeVisible();
    await batchPage.close();
  } finally {
    await faultsStack.postgres.resume();
  }

  await page.getByRole("alert").getByRole("link", { name: "Retry" }).click();
  await expect(page.getByRole("link", { name: new RegExp(exampleBatch) }).first()).toBeVisible();
  const health = await request.get("/api/health");
  expect(await health.json()).toMatchObject({ status: "ok", database: { status: "ok" } });
});
