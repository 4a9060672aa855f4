/** One test per trace convention of DESIGN.md ("Struggle sensor and lessons"). */
import { describe, expect, it } from 'vitest';

import { FileTracker } from '../../src/sensor/fileTracker';
import { StruggleSensor } from '../../src/sensor/sensor';
import type { EditEvent } from '../../src/sensor/types';
import { TraceWriter, replay } from './trace';

const FILE = 'src/app.py';

function edit(t: number, offset: number, deleted: number, inserted: string): EditEvent {
  return { t, type: 'edit', file: FILE, offset, deleted, inserted };
}

function tracker(text: string): FileTracker {
  return new FileTracker(FILE, text, 0, 'python');
}

describe('trace conventions', () => {
  it('applies edits one after the other, each to the text the previous one left', () => {
    const f = tracker('hello world\n');
    f.onEdit(edit(1, 5, 6, ''));
    f.onEdit(edit(2, 5, 0, ', there'));
    f.onEdit(edit(3, 0, 1, 'J'));
    f.flush();
    expect(f.buffer?.toString()).toBe('Jello, there\n');
  });

  it('applies the edit an undo/redo produced (same t) but does not count it as typing', () => {
    const f = tracker('x = 1\n');
    f.onEdit(edit(1, 5, 0, '0'));
    f.onEdit(edit(1.3, 6, 0, '0'));
    f.flush();
    const typedBefore = f.churn.totals(-Infinity).typed;
    f.onUndoRedo(2, false);
    f.onEdit(edit(2, 5, 2, ''));
    f.onUndoRedo(3, true);
    f.onEdit(edit(3, 5, 0, '00'));
    f.flush();
    expect(f.buffer?.toString()).toBe('x = 100\n');
    expect(f.churn.totals(-Infinity).typed).toBe(typedBefore);
    expect(f.undo.stats(3).steps).toBe(2);
  });

  it('treats several edits at one t in descending offset order as one operation (rename, multi-cursor, format, imports)', () => {
    const text = 'total = 1\nprint(total)\nreturn total\n';
    const f = tracker(text);
    // Rename `total` → `amount` at three places, last occurrence first.
    const at = [...text.matchAll(/total/g)].map((m) => m.index ?? 0).reverse();
    for (const o of at) f.onEdit(edit(5, o, 5, 'amount'));
    f.flush();
    expect(f.buffer?.toString()).toBe('amount = 1\nprint(amount)\nreturn amount\n');
    expect(f.churn.totals(-Infinity)).toEqual({ typed: 0, wasted: 0 });
    expect(f.bursts).toBe(0);
  });

  it('does not mistake keystrokes that share a t for an operation', () => {
    const f = tracker('\n');
    f.onEdit(edit(1, 0, 0, 'a'));
    f.onEdit(edit(1, 1, 0, 'b'));
    f.onEdit(edit(1, 2, 0, 'c'));
    f.flush();
    expect(f.buffer?.toString()).toBe('abc\n');
    expect(f.churn.totals(-Infinity).typed).toBe(3);
  });

  it('takes one edit replacing the whole document for a tool, keeping positions outside the real change', () => {
    const before = 'import os\n\n\ndef f():\n    x = 1   \n    return x\n';
    const after = 'import os\n\n\ndef f():\n    x = 1\n    return x\n';
    const s = new StruggleSensor();
    s.push({ t: 0, type: 'open', file: FILE, text: before });
    s.push({ t: 1, type: 'diagnostics', file: FILE, errors: [{ line: 6, message: "NameError: name 'x' is not defined" }] });
    s.push(edit(5, 0, before.length, after));
    s.push({ t: 6, type: 'save', file: FILE });
    // The formatter is not typing: nothing was typed or wasted.
    expect(s.signals(FILE, 6)).toMatchObject({ unproductive: 0, rewrite: 0 });
    const f = new FileTracker(FILE, before, 0);
    f.onEdit(edit(5, 0, before.length, after));
    f.flush();
    expect(f.buffer?.toString()).toBe(after);
    expect(f.churn.totals(-Infinity).typed).toBe(0);
  });

  it('counts an accepted completion (the rest inserted at once) as the user writing', () => {
    const f = tracker('\n');
    f.onEdit(edit(1, 0, 0, 'c'));
    f.onEdit(edit(1.2, 1, 0, 'o'));
    f.onEdit(edit(1.8, 2, 0, 'mpute_total'));
    f.flush();
    expect(f.buffer?.toString()).toBe('compute_total\n');
    expect(f.churn.totals(-Infinity).typed).toBe(13);
  });

  it('sees typing over a selection (delete it, insert the first key) as rewriting that text', () => {
    const line = 'result = data["items"][0]';
    const w = new TraceWriter().open(line + '\n');
    for (let round = 0; round < 4; round++) {
      w.wait(20).edit(0, line.length, 'r');
      w.type(1, 'esult = data["items"][1]'.replace('1', String(round)));
      w.wait(2).push({ type: 'save' });
    }
    const f = new FileTracker(FILE, line + '\n', 0);
    for (const e of w.events.slice(1)) if (e.type === 'edit') f.onEdit(e);
    f.pause();
    expect(f.rewrites.count(w.t)).toBe(4);
  });

  it('ignores diagnostics re-published unchanged and transient syntax errors of half-typed lines', () => {
    const w = new TraceWriter().open('def f():\n    return 1\n');
    let offset = 'def f():\n    return 1\n'.length;
    for (let line = 0; line < 8; line++) {
      // A new line typed with a pause in the middle: the half-typed line shows a syntax error.
      w.wait(1).edit(offset, 0, '\n    ');
      offset += 5;
      w.type(offset, 'value = compute(', 0.15);
      offset += 16;
      w.wait(1).diagnostics([{ line: 3 + line, message: "SyntaxError: '(' was never closed" }]);
      w.type(offset, 'x)', 0.15);
      offset += 2;
      w.wait(1).diagnostics([]);
      w.wait(1).diagnostics([]);
    }
    // A persistent error elsewhere, re-published again and again without edits near it.
    for (let i = 0; i < 10; i++) w.wait(30).diagnostics([{ line: 1, message: 'Import "requests" could not be resolved' }]);
    expect(replay(w.events)).toEqual([]);
  });

  it('reads run/test results: the same failure after edits again and again is struggle', () => {
    const text = 'def f(items):\n    return items["total"]\n';
    const w = new TraceWriter().open(text);
    for (let i = 0; i < 4; i++) {
      w.wait(25).edit(32, 1, String(i));
      w.wait(5).run(false, `Traceback (most recent call last):\n  File "/tmp/x${i}/app.py", line ${10 + i}, in f\nKeyError: 'total'`);
    }
    const episodes = replay(w.events);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.signals.repeated_error).toBeGreaterThanOrEqual(0.7);
    expect(episodes[0]?.errors[0]).toContain("KeyError: 'total'");
  });

  it('credits results reported on the active test module to the file being edited', () => {
    const text = 'def f(items):\n    return items["total"]\n';
    const w = new TraceWriter().open(text);
    w.push({ type: 'open', file: 'tests/test_app.py', text: 'def test_f():\n    assert f({}) == 1\n' });
    for (let i = 0; i < 4; i++) {
      w.wait(25).edit(32, 1, String(i));
      w.wait(2).push({ type: 'focus', file: 'tests/test_app.py' });
      w.wait(3).push({ type: 'test', file: 'tests/test_app.py', ok: false, output: "KeyError: 'total'" });
      w.wait(1).push({ type: 'focus' });
    }
    const episodes = replay(w.events);
    expect(episodes.map((e) => e.file)).toEqual([FILE]);
  });

  it('does not count reruns without edits, and a pass ends the streak', () => {
    const w = new TraceWriter().open('x = 1\n');
    w.wait(10).edit(4, 1, '2');
    for (let i = 0; i < 5; i++) w.wait(10).run(false, "KeyError: 'total'");
    w.wait(10).edit(4, 1, '3').wait(5).run(true, '3 passed');
    w.wait(10).edit(4, 1, '4').wait(5).run(false, "KeyError: 'total'");
    expect(replay(w.events)).toEqual([]);
  });

  it('handles files it never saw opened, forgets closed files and skips malformed events', () => {
    const s = new StruggleSensor();
    expect(s.push(edit(1, 10, 0, 'x'))).toBeNull();
    expect(s.trackedFiles).toBe(1);
    s.push({ t: 2, type: 'close', file: FILE });
    expect(s.trackedFiles).toBe(0);
    for (const bad of [
      null,
      42,
      { t: 'x' },
      { t: 3, type: 'edit', file: FILE },
      { t: 3, type: 'warp', file: FILE },
      { t: 4, type: 'diagnostics', file: FILE, errors: 'x' },
    ]) {
      expect(s.push(bad)).toBeNull();
    }
  });

  it('clamps edits that point past the end of the document instead of failing', () => {
    const f = tracker('abc');
    f.onEdit(edit(1, 10, 5, 'x'));
    f.onEdit(edit(2, 1, 99, ''));
    f.flush();
    expect(f.buffer?.toString()).toBe('a');
  });
});
