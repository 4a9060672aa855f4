import { SIGNAL_NAMES, type Sensitivity, type Signals } from './types';

/** Evidence counts mapped to a signal score: one occurrence is ordinary, two is notable, three
 * in a short window is unusual in normal work and four is a pattern. */
export function countScore(count: number, table: readonly number[] = COUNT_TABLE): number {
  if (count <= 0) return 0;
  return table[Math.min(count, table.length) - 1] ?? 0;
}

export const COUNT_TABLE = [0.1, 0.35, 0.6, 0.78, 0.88] as const;

/** Linear ramp from 0 at `low` to 1 at `high`, clamped. */
export function ramp(value: number, low: number, high: number): number {
  if (value <= low) return 0;
  if (value >= high) return 1;
  return (value - low) / (high - low);
}

/** Noisy-OR, the same combination the API's struggle workflow applies: independent pieces of
 * evidence add up, but no pile of weak signals reaches certainty. */
export function combine(signals: Signals): number {
  let miss = 1;
  for (const name of SIGNAL_NAMES) miss *= 1 - Math.min(Math.max(signals[name], 0), 1);
  return 1 - miss;
}

export const THRESHOLDS: Record<Sensitivity, number> = { low: 0.8, normal: 0.7, high: 0.6 };

export function emptySignals(): Signals {
  return { rewrite: 0, undo_redo: 0, repeated_error: 0, unproductive: 0, no_progress: 0 };
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
