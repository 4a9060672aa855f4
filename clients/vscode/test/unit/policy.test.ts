import { describe, expect, it } from 'vitest';

import { DEFAULT_PROMPT_SETTINGS, PromptPolicy, inQuietHours, parseQuietHours } from '../../src/prompting/policy';

const MIN = 60_000;
const noon = () => 12 * 60;

function policy(overrides: Partial<typeof DEFAULT_PROMPT_SETTINGS> = {}, clock = noon) {
  return new PromptPolicy<string>({ ...DEFAULT_PROMPT_SETTINGS, ...overrides }, { shownAt: [], snoozedUntil: 0 }, clock);
}

describe('prompt policy', () => {
  it('holds an episode while the user types and shows it at the next pause', () => {
    const p = policy();
    p.onEdit(0);
    p.offer('e1', 1000);
    p.onEdit(2000);
    expect(p.tick(5000)).toBeNull(); // typing 3 s ago: not a pause
    expect(p.onPause('save', 6000)).toEqual({ episode: 'e1', pause: 'save' });
    expect(p.onPause('save', 7000)).toBeNull(); // at most one prompt per episode
  });

  it('treats a finished run or test and a quiet stretch as pauses', () => {
    const a = policy();
    a.offer('e', 0);
    expect(a.onPause('test', 1000)?.pause).toBe('test');
    const b = policy();
    b.onEdit(0);
    b.offer('e', 0);
    expect(b.tick(DEFAULT_PROMPT_SETTINGS.idleMs - 1)).toBeNull();
    expect(b.tick(DEFAULT_PROMPT_SETTINGS.idleMs)?.pause).toBe('idle');
  });

  it('limits prompts per hour and keeps a minimum gap', () => {
    const p = policy({ maxPerHour: 2, minGapMs: 10 * MIN, holdLimitMs: 60 * MIN });
    p.offer('a', 0);
    expect(p.onPause('save', 0)).not.toBeNull();
    p.offer('b', 1 * MIN);
    expect(p.onPause('save', 5 * MIN)).toBeNull();
    expect(p.blocked(5 * MIN)).toBe('too-soon');
    expect(p.onPause('save', 11 * MIN)?.episode).toBe('b');
    p.offer('c', 30 * MIN);
    expect(p.onPause('save', 30 * MIN)).toBeNull();
    expect(p.blocked(30 * MIN)).toBe('rate-limit');
    expect(p.onPause('save', 61 * MIN)?.episode).toBe('c');
  });

  it('drops an episode that finds no pause in time', () => {
    const p = policy({ holdLimitMs: 5 * MIN });
    p.offer('e', 0);
    for (let t = 0; t < 6 * MIN; t += 10_000) p.onEdit(t);
    expect(p.tick(6 * MIN)).toBeNull();
    expect(p.onPause('save', 6 * MIN + 1)).toBeNull();
    expect(p.droppedCount).toBe(1);
  });

  it('stays quiet while snoozed (an hour, a day) and in quiet hours', () => {
    const p = policy({ holdLimitMs: 120 * MIN });
    p.snooze(60 * MIN, 0);
    p.offer('e', 1000);
    expect(p.onPause('save', 30 * MIN)).toBeNull();
    expect(p.blocked(30 * MIN)).toBe('snoozed');
    expect(p.onPause('save', 61 * MIN)?.episode).toBe('e');
    const night = policy({ quietHours: '22:00-07:30' }, () => 23 * 60);
    night.offer('e', 0);
    expect(night.onPause('save', 0)).toBeNull();
    expect(night.blocked(0)).toBe('quiet-hours');
  });

  it('keeps its history across restarts', () => {
    const p = policy();
    p.offer('e', 0);
    p.onPause('save', 0);
    p.snooze(24 * 60 * MIN, 0);
    const restored = new PromptPolicy<string>(DEFAULT_PROMPT_SETTINGS, p.snapshot, noon);
    restored.offer('f', 1000);
    expect(restored.blocked(2 * 60 * MIN)).toBe('snoozed');
  });

  it('parses quiet hours, including ranges across midnight', () => {
    expect(parseQuietHours('22:00-07:30')).toEqual([1320, 450]);
    expect(parseQuietHours(' 9:00 - 17:00 ')).toEqual([540, 1020]);
    expect(parseQuietHours('')).toBeNull();
    expect(() => parseQuietHours('25:00-01:00')).toThrow(/22:00-08:00/);
    expect(inQuietHours([1320, 450], 23 * 60)).toBe(true);
    expect(inQuietHours([1320, 450], 7 * 60)).toBe(true);
    expect(inQuietHours([1320, 450], 12 * 60)).toBe(false);
    expect(inQuietHours([540, 1020], 12 * 60)).toBe(true);
    // A malformed setting never blocks prompts.
    const p = policy({ quietHours: 'soon' });
    p.offer('e', 0);
    expect(p.onPause('save', 0)).not.toBeNull();
  });
});
