// No "server-only": the benchmarks compute their floor with it.

/** What interactive reads keep for themselves: a quarter of the window. */
export const interactiveReserve = (perMinute: number) => Math.max(1, Math.floor(perMinute / 4));

/** The most background requests a minute can hold: all but the quarter kept for people watching. */
export const backgroundPerMinute = (perMinute: number) => Math.max(1, perMinute - interactiveReserve(perMinute));
