/** When to show a struggle prompt. The sensor says "this looks like struggle now"; the policy
 * decides whether and when to interrupt: at most one prompt per episode, a few per hour, never
 * while the user is typing (held until a natural pause: a save, a run or test finishing, or a
 * short idle), never in quiet hours or while snoozed. Pure: time comes in as epoch milliseconds. */

export interface PromptSettings {
  /** Prompts allowed in any sliding hour. */
  maxPerHour: number;
  /** Minimum time between two prompts. */
  minGapMs: number;
  /** A held episode that finds no pause (or no free slot) within this long is dropped. */
  holdLimitMs: number;
  /** No edits for this long counts as a natural pause. */
  idleMs: number;
  /** Local "HH:MM-HH:MM" (may cross midnight), or null. */
  quietHours: string | null;
}

export const DEFAULT_PROMPT_SETTINGS: PromptSettings = {
  maxPerHour: 2,
  minGapMs: 15 * 60_000,
  holdLimitMs: 10 * 60_000,
  idleMs: 20_000,
  quietHours: null,
};

/** What survives a reload (kept in the extension's global state). */
export interface PromptState {
  shownAt: number[];
  snoozedUntil: number;
}

export type Pause = 'save' | 'run' | 'test' | 'idle';

export interface Held<E> {
  episode: E;
  since: number;
}

export interface Decision<E> {
  episode: E;
  pause: Pause;
}

export type Blocked = 'snoozed' | 'quiet-hours' | 'rate-limit' | 'too-soon' | null;

/** Minutes since local midnight of an epoch time (injectable for tests). */
export type LocalClock = (epochMs: number) => number;

const localMinutes: LocalClock = (ms) => {
  const d = new Date(ms);
  return d.getHours() * 60 + d.getMinutes();
};

const QUIET = /^\s*([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)\s*$/;

/** Parse "22:00-08:00" into minutes [start, end); null when empty, throws when malformed. */
export function parseQuietHours(value: string | null | undefined): [number, number] | null {
  if (!value || value.trim() === '') return null;
  const m = QUIET.exec(value);
  if (!m) throw new Error(`quiet hours must look like 22:00-08:00, not ${JSON.stringify(value)}`);
  return [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
}

export function inQuietHours(range: [number, number] | null, minutes: number): boolean {
  if (!range) return false;
  const [start, end] = range;
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

export class PromptPolicy<E> {
  private held: Held<E> | null = null;
  private lastEdit = -Infinity;
  private readonly quiet: [number, number] | null;
  private dropped = 0;

  constructor(
    private readonly settings: PromptSettings,
    private state: PromptState = { shownAt: [], snoozedUntil: 0 },
    private readonly clock: LocalClock = localMinutes,
  ) {
    let quiet: [number, number] | null = null;
    try {
      quiet = parseQuietHours(settings.quietHours);
    } catch {
      quiet = null; // the settings layer reports the bad value; a typo must not stop prompts
    }
    this.quiet = quiet;
  }

  get snapshot(): PromptState {
    return { shownAt: this.state.shownAt.slice(), snoozedUntil: this.state.snoozedUntil };
  }

  get pending(): Held<E> | null {
    return this.held;
  }

  /** Episodes dropped because they found no pause or no free slot in time. */
  get droppedCount(): number {
    return this.dropped;
  }

  /** A new episode from the sensor: hold it for the next pause (a newer one replaces it). */
  offer(episode: E, now: number): void {
    this.held = { episode, since: now };
  }

  /** The user typed: not a pause, and the idle clock restarts. */
  onEdit(now: number): void {
    this.lastEdit = now;
  }

  /** A save or a finished run/test is a natural pause. */
  onPause(pause: Exclude<Pause, 'idle'>, now: number): Decision<E> | null {
    return this.tryShow(pause, now);
  }

  /** Called periodically: an idle stretch is a pause; stale held episodes expire. */
  tick(now: number): Decision<E> | null {
    if (now - this.lastEdit >= this.settings.idleMs) return this.tryShow('idle', now);
    this.expire(now);
    return null;
  }

  snooze(durationMs: number, now: number): void {
    this.state.snoozedUntil = Math.max(this.state.snoozedUntil, now + durationMs);
    this.held = null;
  }

  /** Why a prompt could not be shown right now (null: it could). */
  blocked(now: number): Blocked {
    if (now < this.state.snoozedUntil) return 'snoozed';
    if (inQuietHours(this.quiet, this.clock(now))) return 'quiet-hours';
    const recent = this.state.shownAt.filter((t) => now - t < 3_600_000);
    if (recent.length >= this.settings.maxPerHour) return 'rate-limit';
    const last = this.state.shownAt[this.state.shownAt.length - 1];
    if (last !== undefined && now - last < this.settings.minGapMs) return 'too-soon';
    return null;
  }

  private expire(now: number): void {
    if (this.held && now - this.held.since > this.settings.holdLimitMs) {
      this.held = null;
      this.dropped++;
    }
  }

  private tryShow(pause: Pause, now: number): Decision<E> | null {
    this.expire(now);
    const held = this.held;
    if (!held || this.blocked(now) !== null) return null;
    this.held = null;
    this.state.shownAt = [...this.state.shownAt.filter((t) => now - t < 24 * 3_600_000), now].slice(-50);
    return { episode: held.episode, pause };
  }
}
