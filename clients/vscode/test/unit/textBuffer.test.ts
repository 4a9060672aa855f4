import { describe, expect, it } from 'vitest';

import { Rng } from '../../scripts/simulate/rng';
import { TextBuffer } from '../../src/sensor/textBuffer';

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

describe('TextBuffer', () => {
  it('matches a plain string under thousands of random edits, including chunk splits', () => {
    const rng = new Rng(3);
    let text = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n');
    const buffer = new TextBuffer(text);
    for (let i = 0; i < 3000; i++) {
      const offset = rng.int(0, text.length);
      const deleted = rng.chance(0.5) ? rng.int(0, Math.min(40, text.length - offset)) : 0;
      const inserted = rng.chance(0.1) ? 'chunk\n'.repeat(rng.int(1, 900)) : rng.chance(0.3) ? '\n' : 'ab';
      const removed = buffer.replace(offset, deleted, inserted);
      expect(removed).toBe(text.slice(offset, offset + deleted));
      text = text.slice(0, offset) + inserted + text.slice(offset + deleted);
      if (i % 97 === 0) {
        expect(buffer.toString()).toBe(text);
        const probe = rng.int(0, text.length);
        expect(buffer.lineAt(probe)).toBe(lineAt(text, probe));
        const line = rng.int(1, text.split('\n').length);
        expect(buffer.lineStart(line)).toBe(lineStart(text, line));
        const a = rng.int(0, text.length);
        expect(buffer.slice(a, a + 300)).toBe(text.slice(a, a + 300));
      }
    }
    expect(buffer.length).toBe(text.length);
    expect(buffer.lineCount).toBe(text.split('\n').length);
  });

  it('handles empty documents and clamps out-of-range positions', () => {
    const b = new TextBuffer('');
    expect(b.replace(5, 3, 'hi')).toBe('');
    expect(b.toString()).toBe('hi');
    expect(b.lineStart(10)).toBe(2);
    expect(b.lineAt(-3)).toBe(1);
    expect(b.slice(-5, 99)).toBe('hi');
  });
});
