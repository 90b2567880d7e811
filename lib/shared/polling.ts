/** How often a live batch page refreshes: normally, and when the Trillet budget runs short. */
export const basePollMs = 3_000;
export const slowPollMs = 10_000;
