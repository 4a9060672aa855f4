import type { FileTracker } from './fileTracker';
import type { Signals } from './types';

/** A short human explanation of why the sensor fired, strongest evidence first. */
export function describe(signals: Signals, f: FileTracker, t: number): string {
  const parts: [number, string][] = [];
  const rewrites = f.rewrites.count(t);
  if (signals.rewrite > 0) parts.push([signals.rewrite, `rewrote the same lines ${rewrites} times in a few minutes`]);
  if (signals.undo_redo > 0) {
    const u = f.undo.stats(t, f.lastProgress);
    parts.push([signals.undo_redo, `${u.steps} undo/redo steps in ${u.bursts} bursts`]);
  }
  if (signals.repeated_error > 0) parts.push([signals.repeated_error, 'the same error came back after edits']);
  if (signals.unproductive > 0) parts.push([signals.unproductive, 'most of the recent typing was deleted again']);
  if (signals.no_progress > 0) {
    const minutes = Math.round((t - f.lastProgress) / 60);
    parts.push([signals.no_progress, `no progress for ${minutes} min with a problem open`]);
  }
  parts.sort((a, b) => b[0] - a[0]);
  return parts
    .filter(([score]) => score >= 0.1)
    .map(([, text]) => text)
    .join('; ');
}
