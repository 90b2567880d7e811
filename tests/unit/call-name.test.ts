import { describe, expect, it } from "vitest";
import { callNameOf } from "@/lib/shared/call-name";

describe("callNameOf", () => {
  it("prefers a whole-name column, whatever its case and separators", () => {
    expect(callNameOf({ Full_Name: "Ada Lovelace", first_name: "A" })).toBe("Ada Lovelace");
    expect(callNameOf({ "Contact Name": " Grace Hopper " })).toBe("Grace Hopper");
  });

  it("joins first and last names, or shows the one there is", () => {
    expect(callNameOf({ first_name: "Alan", last_name: "Turing" })).toBe("Alan Turing");
    expect(callNameOf({ lastName: "Lamarr" })).toBe("Lamarr");
  });

  it("is empty without a name column, and never reads inherited keys", () => {
    expect(callNameOf({ email: "a@b.test" })).toBe("");
    expect(callNameOf(JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string>)).toBe("");
  });
});
