import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { vi } from "vitest";
import { appTestEnv } from "./app-env";

// lib/ keeps per-process state on globalThis under "__batchConsole…" names (one Redis connection,
// budgets, coalescers, limiters), so pages and route handlers share it. Dropping it makes the next
// import a fresh instance; two imports with the state dropped in between stand for two instances.

type ProcessState = Record<string, unknown> & { __batchConsoleRedis?: { client: { destroy(): void } } };

export function forgetProcessState(): void {
  const state = globalThis as unknown as ProcessState;
  try {
    state.__batchConsoleRedis?.client.destroy();
  } catch {
    // Already closed.
  }
  for (const key of Object.keys(state)) if (key.startsWith("__batchConsole")) delete state[key];
}

/** The environment variables a test file sets, and a way to start lib/ afresh under them. */
export function managedEnv(names: string[]) {
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  return {
    /** A fresh process state and module graph, with `env` over the unit-test environment. */
    reset(env: Record<string, string>): void {
      forgetProcessState();
      for (const name of names) delete process.env[name];
      Object.assign(process.env, appTestEnv("http://127.0.0.1:1", env));
      vi.resetModules();
    },
    restore(): void {
      forgetProcessState();
      for (const name of names) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    },
  };
}

/** A plain client for looking at what lib/ wrote, without reconnecting. */
export async function rawClient(url: string) {
  return createClient({ url, socket: { reconnectStrategy: false } }).connect();
}
export type RawClient = Awaited<ReturnType<typeof rawClient>>;

export const newPrefix = () => `test-${randomUUID().slice(0, 8)}:`;
export const uniqueName = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
