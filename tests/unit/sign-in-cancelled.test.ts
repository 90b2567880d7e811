import { describe, expect, it } from "vitest";
import { cancelledSignInPath, signInErrorMessage } from "@/lib/auth/sign-in-errors";

const callback = (query: string) => new URL(`http://localhost:3000/api/auth/callback/oidc?${query}`);

describe("a sign-in cancelled at the identity provider", () => {
  it("goes to the sign-in page that says so, back to where the person was going", () => {
    const path = cancelledSignInPath(
      callback("error=access_denied&error_description=End-User%20cancelled&state=x"),
      "http://localhost:3000/w/acme/batches/batch_1?status=failed",
    );
    expect(path).toBe(
      `/signin?error=Cancelled&callbackUrl=${encodeURIComponent("/w/acme/batches/batch_1?status=failed")}`,
    );
    expect(signInErrorMessage("Cancelled")).toMatch(/^Sign-in was cancelled/);
  });

  it("keeps only the path of the callback cookie, and home when there is none or it is unsafe", () => {
    expect(cancelledSignInPath(callback("error=access_denied"), "https://evil.test/steal")).toBe(
      `/signin?error=Cancelled&callbackUrl=${encodeURIComponent("/steal")}`,
    );
    expect(cancelledSignInPath(callback("error=access_denied"), undefined)).toBe(
      "/signin?error=Cancelled&callbackUrl=%2F",
    );
    expect(cancelledSignInPath(callback("error=access_denied"), "//evil.test/x")).toBe(
      "/signin?error=Cancelled&callbackUrl=%2Fx",
    );
    expect(cancelledSignInPath(callback("error=access_denied"), "javascript:alert(1)")).toBe(
      "/signin?error=Cancelled&callbackUrl=%2F",
    );
  });

  it("leaves every other request to Auth.js", () => {
    expect(cancelledSignInPath(callback("code=abc&state=x"), undefined)).toBeUndefined();
    expect(cancelledSignInPath(callback("error=server_error"), undefined)).toBeUndefined();
    expect(
      cancelledSignInPath(new URL("http://localhost:3000/api/auth/session?error=access_denied"), undefined),
    ).toBeUndefined();
  });
});
