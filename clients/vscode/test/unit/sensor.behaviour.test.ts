/** The struggle signals and the episode life cycle on small hand-written traces, plus a
 * regression guard on simulated sessions. */
import { describe, expect, it } from 'vitest';

import { Rng } from '../../scripts/simulate/rng';
import { simulateSession } from '../../scripts/simulate/session';
import { StruggleSensor } from '../../src/sensor/sensor';
import type { TraceEvent } from '../../src/sensor/types';
import { TraceWriter, replay } from './trace';

const LINE = 'result = compute(data["items"], limit=10)';

function rewriteLoop(rounds: number, withError: boolean): TraceWriter {
  const w = new TraceWriter().open(`${LINE}\nprint(result)\n`);
  const variants = [
    'result = compute(data.get("items"), limit=10)',
    'result = compute(data["items"][0], limit=10)',
    'result = compute(list(data["items"]), limit=10)',
    'result = compute(data["items"], limit=20)',
    'result = compute(data.items, limit=10)',
  ];
  let current = LINE;
  for (let r = 0; r < rounds; r++) {
    const next = variants[r % variants.length] ?? LINE;
    w.wait(15).edit(0, current.length, next[0] ?? '');
    w.type(1, next.slice(1), 0.15);
    current = next;
    w.wait(3).push({ type: 'save' });
    if (withError) w.wait(1).diagnostics([{ line: 1, message: 'Argument of type "str" cannot be assigned to parameter "data"' }]);
  }
  return w;
}

describe('struggle signals', () => {
  it('detects the same line rewritten with similar content again and again', () => {
    const episodes = replay(rewriteLoop(5, false).events);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.signals.rewrite).toBeGreaterThanOrEqual(0.78);
    expect(episodes[0]?.reason).toMatch(/rewrote the same lines/);
  });

  it('does not fire on one or two rewrites', () => {
    expect(replay(rewriteLoop(2, true).events)).toEqual([]);
  });

  it('detects undo and redo flip-flopping', () => {
    const w = new TraceWriter().open('x = 1\n');
    for (let r = 0; r < 4; r++) {
      w.wait(8).type(5, '0', 0.2);
      for (const redo of [false, true, false, true, false]) {
        w.wait(0.8).push({ type: redo ? 'redo' : 'undo' });
        w.edit(5, redo ? 0 : 1, redo ? '0' : '');
      }
    }
    const episodes = replay(w.events);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.signals.undo_redo).toBeGreaterThan(0.5);
  });

  it('does not fire on one long undo run that goes back to a good state', () => {
    const w = new TraceWriter().open('\n');
    w.type(0, 'def helper(items):\n    return [i for i in items]\n', 0.12);
    for (let i = 0; i < 10; i++) w.wait(0.3).push({ type: 'undo' }).edit(0, 0, '');
    w.wait(5).type(0, 'def helper(items):\n    return sorted(items)\n', 0.12);
    expect(replay(w.events)).toEqual([]);
  });

  it('detects the same diagnostic surviving fix attempts near it', () => {
    const text = 'def f(user):\n    return user.name.upper()\n';
    const w = new TraceWriter().open(text);
    const error = { line: 2, message: '"upper" is not a known attribute of "None"' };
    w.wait(1).diagnostics([error]);
    for (let i = 0; i < 5; i++) {
      w.wait(25).type(text.length - 1, ' ', 0.2);
      w.wait(1).diagnostics([error]);
    }
    const episodes = replay(w.events);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.errors[0]).toBe(error.message);
  });

  it('emits at most one episode per struggle, and can fire again after progress', () => {
    const w = rewriteLoop(8, true);
    w.wait(5).run(true, '12 passed');
    w.wait(400);
    const again = rewriteLoop(5, false)
      .events.slice(1)
      .map((e) => ({ ...e, t: e.t + w.t }));
    const episodes = replay([...w.events, ...again]);
    expect(episodes).toHaveLength(2);
  });

  it('is deterministic: the same trace gives the same episodes', () => {
    const events = rewriteLoop(6, true).events;
    expect(replay(events)).toEqual(replay(events));
  });

  it('fires earlier at high sensitivity and later (or not) at low', () => {
    const events = rewriteLoop(4, false).events;
    const high = replay(events, new StruggleSensor({ sensitivity: 'high' }));
    const low = replay(events, new StruggleSensor({ sensitivity: 'low' }));
    expect(high.length).toBe(1);
    if (low[0] && high[0]) expect(low[0].t).toBeGreaterThanOrEqual(high[0].t);
  });
});

describe('simulated sessions (regression guard; the full evaluation is npm run evaluate)', () => {
  it('keeps precision, recall and false prompts within the goals', () => {
    let tp = 0;
    let fp = 0;
    let labels = 0;
    let normalSeconds = 0;
    for (const seed of [101, 202, 303, 404]) {
      const session = simulateSession(seed, { hours: 1.5, normalMinutes: 15 });
      const episodes = replay(session.events as unknown as TraceEvent[]);
      labels += session.labels.length;
      const last = session.events[session.events.length - 1]?.t ?? 0;
      normalSeconds += last - session.labels.reduce((s, l) => s + l.end - l.start, 0);
      const matched = new Set<unknown>();
      for (const e of episodes) {
        const label = session.labels.find((l) => l.file === e.file && e.t >= l.start - 5 && e.t <= l.end + 60);
        if (label && !matched.has(label)) {
          matched.add(label);
          tp++;
        } else fp++;
      }
    }
    expect(tp / Math.max(1, tp + fp)).toBeGreaterThanOrEqual(0.8);
    expect(tp / labels).toBeGreaterThanOrEqual(0.7);
    expect(fp / (normalSeconds / 3600)).toBeLessThanOrEqual(0.5);
  });

  it('uses a seeded generator (same seed, same trace)', () => {
    expect(new Rng(7).next()).toBe(new Rng(7).next());
  });
});
