import { readFileSync } from "node:fs";
import { request } from "node:http";
import { e2ePorts } from "../../../dev/stack-config";
import { storageStatePath, type DemoUser } from "./accounts";

export function sessionCookieHeader(user: DemoUser): string {
  const state = JSON.parse(readFileSync(storageStatePath(user), "utf8")) as {
    cookies: { name: string; value: string; domain: string }[];
  };
  return state.cookies
    .filter((cookie) => cookie.domain === "localhost")
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join("; ");
}

export type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A GET with the path sent byte for byte: no URL normalisation of "..", "%2F" or backslashes on the way. */
export function rawGet(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "localhost", port: e2ePorts.app, path, method: "GET", headers, timeout: 20_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout for ${path}`)));
    req.on("error", reject);
    req.end();
  });
}
