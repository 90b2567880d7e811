import { afterAll, describe, expect, it } from "vitest";
import { managedEnv } from "./support/process-state";

// The checks read the numbers of the exact file a start sends (the intake's CSV): as CSV, never by lines.

const env = managedEnv([]);
afterAll(() => env.restore());

describe("numbers of the file a start sends", () => {
  it("are one per row, though another column's cell holds a quoted line break", async () => {
    env.reset({});
    const { numbersFromCsv } = await import("@/lib/guardrails/intake");
    const { getConfig } = await import("@/lib/config");
    const workspace = getConfig().workspaces.find((candidate) => candidate.slug === "acme")!;
    const csv = 'phone_number,first_name,note\r\n+12015550123,Ada,"likes\r\nmornings"\r\n+12015550188,Ed,plain\r\n';
    const intake = numbersFromCsv(new TextEncoder().encode(csv), workspace);
    expect(intake.ok).toBe(true);
    if (intake.ok) expect(intake.numbers).toEqual(["+12015550123", "+12015550188"]);
  });
});
