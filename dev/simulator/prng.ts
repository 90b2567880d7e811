// Seeded randomness only: the simulator's data and fault rolls must be identical run to run.

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A stateless hash of (index, salt) to [0, 1), so any row of a huge batch can be built on its own.
export function hashUnit(index: number, salt: number): number {
  let h = (Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`index ${index} out of range (${items.length})`);
  return item;
}

export function pick<T>(items: readonly T[], unit: number): T {
  return itemAt(items, Math.min(items.length - 1, Math.floor(unit * items.length)));
}

export function pickWeighted<T>(entries: readonly (readonly [T, number])[], unit: number): T {
  const totalWeight = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let threshold = unit * totalWeight;
  for (const [value, weight] of entries) {
    if (threshold < weight) return value;
    threshold -= weight;
  }
  return itemAt(entries, entries.length - 1)[0];
}

export function intBetween(unit: number, min: number, max: number): number {
  return min + Math.floor(unit * (max - min + 1));
}
