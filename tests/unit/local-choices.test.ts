import { describe, expect, it } from "vitest";
import { columnsStorageKey, forgetLocalChoices } from "@/lib/shared/local-choices";

// A list of recently opened batches that an earlier version kept in this browser, per person.
const recentStorageKey = (user: string) => `batch-console:recent:v1:${user}`;

// Hardening issue, item B: signing out forgets this browser's recent batches and column choices.

class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  keys() {
    return [...this.items.keys()];
  }
}

describe("forgetLocalChoices", () => {
  it("removes every user's recent batches and every batch's column choices, and nothing else", () => {
    const storage = new MemoryStorage();
    storage.setItem(recentStorageKey("alice@acme.test"), "[]");
    storage.setItem(recentStorageKey("bob@globex.test"), "[]");
    storage.setItem(columnsStorageKey("acme", "batch_1"), '{"meta:email":false}');
    storage.setItem(columnsStorageKey("globex", "batch_2"), "{}");
    storage.setItem("batch-console:recent:v0:old", "[]");
    storage.setItem("another-app:recent", "keep");
    storage.setItem("theme", "dark");
    expect(forgetLocalChoices(storage)).toBe(5);
    expect(storage.keys().sort()).toEqual(["another-app:recent", "theme"]);
  });

  it("names the keys the stores use", () => {
    expect(columnsStorageKey("acme", "batch_1")).toBe("batch-console:columns:v1:acme:batch_1");
  });
});
