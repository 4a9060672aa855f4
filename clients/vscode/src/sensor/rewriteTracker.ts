import { type AppliedEdit, isUserEdit, shiftOffset } from './edits';
import { countScore } from './scoring';
import { similarity, solidLength } from './similarity';

/** Seconds a rewrite stays relevant, and how far apart two rewrites may start and still be "the
 * same region" (a few lines of code). */
export const REWRITE_WINDOW = 480;
const SAME_REGION = 320;
/** A run of typing ends after this pause, or when the user edits somewhere else. */
const RUN_GAP = 30;
const RUN_CAP = 1500;
const MIN_REMOVED = 6;
const MIN_WRITTEN = 4;
const SIMILAR = 0.45;
/** A run whose text shrinks to this share of its longest version was wiped. */
const WIPED = 0.3;
const MAX_RECORDS = 24;

interface Run {
  start: number;
  end: number;
  /** What the run has written so far (net of its own backspaces). */
  written: string;
  /** Text that existed before the run and that it removed. */
  removed: string;
  /** The longest version of `written` so far (an attempt the user may wipe and retype). */
  peak: string;
  tLast: number;
}

interface Rewrite {
  t: number;
  at: number;
}

/** Notices the same region being deleted and written again with similar content. Typing is
 * grouped into runs (contiguous edits without a long pause); a run that removed existing text
 * and wrote something similar in its place is one rewrite. Memory: one run and a bounded list of
 * recent rewrites; work per edit: constant plus the (capped) text of the edit. */
export class RewriteTracker {
  private run: Run | null = null;
  private rewrites: Rewrite[] = [];

  onEdit(edit: AppliedEdit): void {
    for (const r of this.rewrites) r.at = shiftOffset(r.at, edit.offset, edit.deleted, edit.inserted.length);
    if (!isUserEdit(edit.kind)) {
      this.close();
      return;
    }
    const run = this.run;
    if (run && edit.t - run.tLast <= RUN_GAP && this.touches(run, edit)) {
      this.extend(run, edit);
    } else {
      this.close();
      this.run = {
        start: edit.offset,
        end: edit.offset + edit.inserted.length,
        written: edit.inserted,
        removed: edit.removed,
        peak: edit.inserted,
        tLast: edit.t,
      };
    }
    if (this.run && this.run.written.length + this.run.removed.length > RUN_CAP) this.run = null;
  }

  private touches(run: Run, edit: AppliedEdit): boolean {
    return edit.offset <= run.end + 2 && edit.offset + edit.deleted >= run.start - 2;
  }

  private extend(run: Run, edit: AppliedEdit): void {
    const o = edit.offset;
    const d = edit.deleted;
    const left = o >= run.start ? run.written.slice(0, Math.min(o, run.end) - run.start) : '';
    const right = o + d <= run.end ? run.written.slice(Math.max(o + d - run.start, 0)) : '';
    if (o < run.start) run.removed = edit.removed.slice(0, Math.min(d, run.start - o)) + run.removed;
    if (o + d > run.end) run.removed += edit.removed.slice(Math.max(0, run.end - o));
    const written = left + edit.inserted + right;
    const start = Math.min(run.start, o);
    const peak = solidLength(run.peak);
    if (peak >= MIN_REMOVED && solidLength(written) <= WIPED * peak) {
      // The user wiped what this run wrote and starts over: that was one attempt, and the next
      // one rewrites it.
      this.record({ ...run, written: run.peak });
      this.run = { start, end: start + written.length, written, removed: run.peak, peak: written, tLast: edit.t };
      return;
    }
    run.written = written;
    run.start = start;
    run.end = start + written.length;
    run.tLast = edit.t;
    if (solidLength(written) >= peak) run.peak = written;
  }

  /** End the current run (the user paused, saved, ran something or moved away). */
  close(): void {
    const run = this.run;
    this.run = null;
    if (run) this.record(run);
  }

  private record(run: Run): void {
    if (solidLength(run.removed) < MIN_REMOVED || solidLength(run.written) < MIN_WRITTEN) return;
    if (similarity(run.removed, run.written) < SIMILAR) return;
    this.rewrites.push({ t: run.tLast, at: run.start });
    if (this.rewrites.length > MAX_RECORDS) this.rewrites.shift();
  }

  /** Close a run that has been idle for longer than the run gap. */
  tick(t: number): void {
    if (this.run && t - this.run.tLast > RUN_GAP) this.close();
  }

  /** Rewrites of the latest rewritten region within the window. */
  count(t: number): number {
    const recent = this.rewrites.filter((r) => t - r.t <= REWRITE_WINDOW);
    const last = recent[recent.length - 1];
    if (!last) return 0;
    return recent.filter((r) => Math.abs(r.at - last.at) <= SAME_REGION).length;
  }

  score(t: number): number {
    return countScore(this.count(t));
  }

  reset(): void {
    this.run = null;
    this.rewrites = [];
  }
}
