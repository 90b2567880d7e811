import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { readBodyText } from "../support/read-body.js";

const MAX_BODY_BYTES = 64 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  sendRaw(res, status, JSON.stringify(body), headers);
}

export function sendRaw(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

export class BadRequestError extends Error {}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readBodyText(req, MAX_BODY_BYTES);
  if (body === undefined) throw new BadRequestError("Body too large");
  const text = body.trim();
  if (text === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError("Body is not valid JSON");
  }
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
