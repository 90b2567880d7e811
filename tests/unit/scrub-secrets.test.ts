import { describe, expect, it } from "vitest";
import { errorText, scrubSecrets } from "@/lib/runtime/scrub-secrets";

// One scrubber for every logged or returned error message (lib/runtime/scrub-secrets.ts).

describe("scrubSecrets", () => {
  it("hides connection strings of Redis and PostgreSQL, with or without a password", () => {
    const cases = [
      "connect to rediss://default:hunter2@cache.internal:6380/0 failed",
      "Error: getaddrinfo ENOTFOUND for redis://cache.internal:6379",
      'password authentication failed for "postgresql://app:hunter2@db.internal:5432/console?sslmode=require"',
      "postgres://app:hunter2@10.0.0.12/console refused",
    ];
    for (const text of cases) {
      const scrubbed = scrubSecrets(text);
      expect(scrubbed, text).not.toContain("hunter2");
      expect(scrubbed, text).not.toContain("internal");
      expect(scrubbed, text).not.toContain("10.0.0.12");
      expect(scrubbed, text).toMatch(/(redis|rediss|postgres|postgresql):\/\/…/);
    }
  });

  it("hides credentials in any URL and libpq's password setting, and keeps the rest of the message", () => {
    expect(scrubSecrets("GET https://user:hunter2@api.example.test/v1 timed out")).toBe("GET https://… timed out");
    expect(scrubSecrets("host=db.internal password=hunter2 dbname=console")).toBe(
      "host=db.internal password=… dbname=console",
    );
    expect(scrubSecrets("Trillet did not answer within 8 s")).toBe("Trillet did not answer within 8 s");
  });

  it("errorText: an error's message scrubbed and bounded; anything else is 'unknown'", () => {
    expect(errorText(new Error("redis://:pw@host:1 down"))).toBe("redis://… down");
    expect(errorText(new Error("x".repeat(1_000)))).toHaveLength(300);
    expect(errorText({ message: "redis://:pw@host" })).toBe("unknown");
  });
});
