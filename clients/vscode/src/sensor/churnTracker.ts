import { type AppliedEdit, isUserEdit, shiftOffset } from './edits';
import { ramp } from './scoring';
import { solidLength } from './similarity';

const BUCKET = 15;
const BUCKETS = 48; // 12 minutes
/** Typed text younger than this that gets deleted again counts as wasted typing. */
const FRESH = 600;
const MAX_SPANS = 48;
export const CHURN_WINDOW = 300;
/** Deleting at least this much fresh typing in one go (or one quick streak) is a discard. */
const DISCARD = 12;
const STREAK_GAP = 5;
const MAX_DISCARDS = 16;

interface Span {
  start: number;
  end: number;
  t: number;
}

interface Bucket {
  start: number;
  typed: number;
  wasted: number;
}

/** Measures how much recent typing survives. Keeps the spans of recently typed text (shifted
 * through later edits) and per-15-second counts of typed and wasted characters; deleting old
 * code (a refactor) is not waste, deleting what you typed minutes ago is. */
export class ChurnTracker {
  private spans: Span[] = [];
  private buckets: Bucket[] = [];
  private discards: { t: number; byUser: boolean }[] = [];
  private streak = 0;
  private streakT = -Infinity;
  private streakCounted = false;

  onEdit(edit: AppliedEdit): void {
    const end = edit.offset + edit.deleted;
    const user = isUserEdit(edit.kind);
    const grow = user && edit.inserted.length > 0;
    let wasted = 0;
    let grown = false;
    const kept: Span[] = [];
    for (const span of this.spans) {
      if (edit.t - span.t > FRESH) continue;
      if (edit.deleted > 0 && span.start < end && span.end > edit.offset) {
        const from = Math.max(span.start, edit.offset);
        const to = Math.min(span.end, end);
        wasted += solidLength(edit.removed.slice(from - edit.offset, to - edit.offset));
      }
      const start = shiftOffset(span.start, edit.offset, edit.deleted, edit.inserted.length);
      let stop = shiftOffset(span.end, edit.offset, edit.deleted, edit.inserted.length);
      // Typing at the end of a span extends it (spans stay disjoint: one ends there at most).
      if (grow && !grown && span.end === end && span.start <= edit.offset) {
        stop = edit.offset + edit.inserted.length;
        span.t = edit.t;
        grown = true;
      } else if (span.end === end && edit.deleted === 0) {
        stop = span.end;
      }
      if (stop > start) kept.push({ start, end: stop, t: span.t });
    }
    this.spans = kept;
    const counts = edit.kind === 'undo' || user;
    const typed = user ? solidLength(edit.inserted) : 0;
    if (counts && (wasted > 0 || typed > 0)) {
      const bucket = this.bucket(edit.t);
      bucket.wasted += wasted;
      bucket.typed += typed;
    }
    if (grow && !grown) this.addSpan(edit.offset, edit.offset + edit.inserted.length, edit.t);
    if (counts) this.trackDiscard(edit.t, wasted, typed, user);
  }

  /** One discard is trying something and throwing it away; several in a few minutes is a
   * pattern. Backspacing over a line counts as one discard, not one per key. */
  private trackDiscard(t: number, wasted: number, typed: number, byUser: boolean): void {
    if (typed > 0 && wasted === 0) {
      this.streak = 0;
      this.streakCounted = false;
      return;
    }
    if (wasted === 0) return;
    if (t - this.streakT > STREAK_GAP) {
      this.streak = 0;
      this.streakCounted = false;
    }
    this.streak += wasted;
    this.streakT = t;
    if (this.streak >= DISCARD && !this.streakCounted) {
      this.streakCounted = true;
      this.discards.push({ t, byUser });
      if (this.discards.length > MAX_DISCARDS) this.discards.shift();
    }
  }

  /** Discards in the window; `byUser` counts only deletions the user made (not undo). */
  discardCount(t: number, since: number, byUser = false): number {
    return this.discards.filter((d) => t - d.t <= CHURN_WINDOW && d.t >= since && (!byUser || d.byUser)).length;
  }

  private addSpan(start: number, end: number, t: number): void {
    this.spans.push({ start, end, t });
    if (this.spans.length > MAX_SPANS) this.spans.shift();
  }

  private bucket(t: number): Bucket {
    const start = Math.floor(t / BUCKET) * BUCKET;
    const last = this.buckets[this.buckets.length - 1];
    if (last && last.start === start) return last;
    const bucket = { start, typed: 0, wasted: 0 };
    this.buckets.push(bucket);
    while (this.buckets.length > BUCKETS) this.buckets.shift();
    return bucket;
  }

  /** Typed and wasted solid characters since `since`. */
  totals(since: number): { typed: number; wasted: number } {
    let typed = 0;
    let wasted = 0;
    for (const b of this.buckets) {
      if (b.start + BUCKET <= since) continue;
      typed += b.typed;
      wasted += b.wasted;
    }
    return { typed, wasted };
  }

  /** High when most of the last few minutes' typing has been deleted again. */
  score(t: number, since = -Infinity): number {
    const { typed, wasted } = this.totals(Math.max(t - CHURN_WINDOW, since));
    if (typed + wasted < 60) return 0;
    const ratio = wasted / Math.max(typed, 1);
    const discards = DISCARD_FACTOR[Math.min(this.discardCount(t, since), DISCARD_FACTOR.length - 1)] ?? 1;
    return ramp(ratio, 0.45, 0.95) * ramp(typed + wasted, 60, 240) * discards;
  }

  reset(): void {
    this.buckets = [];
    this.discards = [];
  }
}

const DISCARD_FACTOR = [0.2, 0.3, 0.6, 0.85, 1] as const;
