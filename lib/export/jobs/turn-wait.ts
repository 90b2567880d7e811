// No imports: the export workflow's own code (workflow.ts) uses this, inside the SDK's sandbox.

/**
 * The pause before a waiting job asks for a turn again: 2 s, 4 s, 8 s, 16 s, then every 20 s. Each
 * ask is a billed durable step, so a long wait asks rarely; 20 s stays well inside the line's
 * waiting lease (turns.ts), which a job that stops asking loses.
 */
export function turnWaitMs(asked: number): number {
  return Math.min(2_000 * 2 ** Math.min(asked, 4), 20_000);
}
