import type { TraceEvent } from './types';

const TYPES = new Set(['open', 'close', 'edit', 'undo', 'redo', 'diagnostics', 'save', 'focus', 'blur', 'run', 'test']);

/** Cheap structural check of one trace event; malformed events are skipped, never thrown on. */
export function isTraceEvent(value: unknown): value is TraceEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  if (typeof e.t !== 'number' || !Number.isFinite(e.t) || typeof e.file !== 'string' || typeof e.type !== 'string') return false;
  if (!TYPES.has(e.type)) return false;
  switch (e.type) {
    case 'open':
      return typeof e.text === 'string';
    case 'edit':
      return (
        typeof e.offset === 'number' &&
        Number.isFinite(e.offset) &&
        typeof e.deleted === 'number' &&
        Number.isFinite(e.deleted) &&
        typeof e.inserted === 'string'
      );
    case 'diagnostics':
      return (
        Array.isArray(e.errors) &&
        e.errors.every(
          (x) =>
            typeof x === 'object' &&
            x !== null &&
            typeof (x as { message?: unknown }).message === 'string' &&
            typeof (x as { line?: unknown }).line === 'number',
        )
      );
    case 'run':
    case 'test':
      return typeof e.ok === 'boolean';
    default:
      return true;
  }
}
