import { FileTracker } from './fileTracker';
import { describe } from './reason';
import { THRESHOLDS, combine, emptySignals, ramp, round } from './scoring';
import { type Episode, SIGNAL_NAMES, type Sensitivity, type Signals } from './types';
import { isTraceEvent } from './validate';

/** After an emission, nothing else is emitted for this long (one prompt per episode even when
 * the struggle spills over into a neighbouring file). */
const REFRACTORY = 300;
/** An episode nobody resolved is considered over after this long. */
const EPISODE_TIMEOUT = 900;
/** Typed characters that stay (with little deleted again) and count as progress. */
const RETAINED_PROGRESS = 250;
const MAX_WASTE_FOR_PROGRESS = 0.35;
const MAX_FILES = 64;
/** A failure seen twice after edits (two attempts, two same failures), a problem open ~4 min. */
const RECURRING_FAILURE = 0.35;
const LASTING_PROBLEM = 0.3;
const UNAMBIGUOUS_REWRITE = 0.78;
/** Undo then redo once is overshooting; changing direction again and again is hesitating. */
const UNAMBIGUOUS_OSCILLATIONS = 2;
const UNAMBIGUOUS_FLIPS = 4;
const UNAMBIGUOUS_DISCARDS = 4;

export interface SensorOptions {
  sensitivity?: Sensitivity;
  /** Override the firing threshold (0..1); wins over `sensitivity`. */
  threshold?: number;
}

interface ActiveEpisode {
  t: number;
  file: string;
}

/** The struggle sensor: feed it trace events in time order, get episodes back at the moment
 * they are detected. Pure and deterministic (time comes only from the events), so the VS Code
 * adapter and the replay tool run exactly the same code. Work per event is bounded by the size
 * of the event plus small per-file windows; files are forgotten on `close`. */
export class StruggleSensor {
  private readonly files = new Map<string, FileTracker>();
  private readonly threshold: number;
  private clock = -Infinity;
  private episode: ActiveEpisode | null = null;
  private lastEmit = -Infinity;
  private userEdits = 0;
  /** Last progress anywhere (new code that stays, a passing run, a fixed error). */
  private lastProgressAll = -Infinity;
  private editsAtLastRun = 0;
  private lastRunAt = -Infinity;

  constructor(options: SensorOptions = {}) {
    this.threshold = options.threshold ?? THRESHOLDS[options.sensitivity ?? 'normal'];
  }

  /** Process one event; returns the episode it completes, if any (at most one). */
  push(raw: unknown): Episode | null {
    if (!isTraceEvent(raw)) return null;
    const event = raw;
    this.advance(event.t);
    if (event.type === 'open') {
      this.open(event.file, event.text, event.t, event.language);
      return null;
    }
    if (event.type === 'close') {
      this.forget(event.file);
      return null;
    }
    const tracker = this.tracker(event.file, event.t);
    switch (event.type) {
      case 'edit':
        tracker.onEdit(event);
        break;
      case 'undo':
      case 'redo':
        tracker.onUndoRedo(event.t, event.type === 'redo');
        break;
      case 'diagnostics':
        if (tracker.onDiagnostics(event.t, event.errors) > 0) this.progress(tracker, event.t);
        tracker.lastActivity = event.t;
        break;
      case 'save':
        tracker.pause();
        break;
      case 'focus':
        for (const other of this.files.values()) if (other !== tracker) other.pause();
        break;
      case 'blur':
        tracker.pause();
        return null;
      case 'run':
      case 'test': {
        const target = this.runTarget(tracker);
        this.onRun(target, event);
        return this.evaluate(target, event.t, false);
      }
    }
    return this.evaluate(tracker, event.t, event.type === 'edit' || event.type === 'diagnostics');
  }

  /** Let time pass without an event (the extension calls this from a timer). */
  tick(t: number): Episode | null {
    this.advance(t);
    return null;
  }

  /** Forget a file (closed in the editor). */
  forget(file: string): void {
    this.files.delete(file);
    if (this.episode?.file === file) this.episode = null;
  }

  /** The current signals of a file (for the status bar and tests). */
  signals(file: string, t: number): Signals {
    const tracker = this.files.get(file);
    return tracker ? this.compute(tracker, t) : emptySignals();
  }

  get trackedFiles(): number {
    return this.files.size;
  }

  private advance(t: number): void {
    if (t <= this.clock) return;
    this.clock = t;
    for (const tracker of this.files.values()) {
      if (tracker.hasPending) tracker.flush();
      tracker.tick(t);
    }
    if (this.episode && t - this.episode.t > EPISODE_TIMEOUT) this.resolve(t);
  }

  private open(file: string, text: string, t: number, language?: string): void {
    this.add(new FileTracker(file, typeof text === 'string' ? text : '', t, language));
  }

  private add(tracker: FileTracker): FileTracker {
    tracker.onUserEdit = () => {
      this.userEdits++;
    };
    this.files.delete(tracker.file);
    this.files.set(tracker.file, tracker);
    if (this.files.size > MAX_FILES) {
      let oldest: FileTracker | undefined;
      for (const f of this.files.values()) if (!oldest || f.lastActivity < oldest.lastActivity) oldest = f;
      if (oldest) this.forget(oldest.file);
    }
    return tracker;
  }

  /** The file's tracker; a file never opened gets one that counts events without mirroring
   * text (its content is unknown). */
  private tracker(file: string, t: number): FileTracker {
    return this.files.get(file) ?? this.add(new FileTracker(file, null, t));
  }

  /** A run is about the code being changed: when the file it is reported on (the active one,
   * say a test file) was not edited since the last run but another file was, the run's result
   * belongs to that file. */
  private runTarget(reported: FileTracker): FileTracker {
    if (reported.lastUserEdit > this.lastRunAt) return reported;
    let edited: FileTracker | undefined;
    for (const f of this.files.values()) if (f.lastUserEdit > this.lastRunAt && (!edited || f.lastUserEdit > edited.lastUserEdit)) edited = f;
    return edited ?? reported;
  }

  private onRun(tracker: FileTracker, event: { t: number; ok: boolean; output?: string }): void {
    for (const f of this.files.values()) f.pause();
    const afterEdits = this.userEdits !== this.editsAtLastRun;
    this.editsAtLastRun = this.userEdits;
    this.lastRunAt = event.t;
    tracker.runs.onResult(event.t, event.ok === true, typeof event.output === 'string' ? event.output : '', afterEdits);
    tracker.lastActivity = event.t;
    if (event.ok === true) {
      this.lastProgressAll = event.t;
      for (const f of this.files.values()) {
        f.markProgress(event.t);
        if (f !== tracker) f.runs.passedElsewhere(event.t);
      }
      this.resolve(event.t);
    }
  }

  private progress(tracker: FileTracker, t: number): void {
    tracker.markProgress(t);
    this.lastProgressAll = t;
    if (this.episode) this.resolve(t);
  }

  /** The episode is over: evidence gathered during it must not start the next one. */
  private resolve(t: number): void {
    if (!this.episode) return;
    this.episode = null;
    for (const f of this.files.values()) f.resetEvidence(t);
  }

  private compute(f: FileTracker, t: number): Signals {
    const since = f.lastProgress;
    const diag = f.errors.score(t);
    const runs = f.runs.score(t, since);
    // Stuck: a problem (a failing run, an error being worked on) open for a long time while
    // the user keeps at it, with no progress since it appeared.
    const problemSince = Math.max(Math.min(f.runs.failingSince(t), f.errors.openSince(t)), since, this.lastProgressAll);
    let stall = 0;
    if (Number.isFinite(problemSince) && f.burstsSince(problemSince) >= 4) stall = 0.85 * ramp(t - problemSince, 120, 480);
    else if (f.bursts >= 12) stall = 0.6 * ramp(t - since, 480, 1500);
    return {
      rewrite: f.rewrites.score(t),
      undo_redo: f.undo.score(t, since),
      repeated_error: Math.max(diag, runs),
      unproductive: f.churn.score(t, since),
      no_progress: stall,
    };
  }

  private evaluate(f: FileTracker, t: number, typing: boolean): Episode | null {
    if (typing) this.checkRetainedProgress(f, t);
    const signals = this.compute(f, t);
    const score = combine(signals);
    if (this.episode || t - this.lastEmit < REFRACTORY || score < this.threshold) return null;
    if (!this.corroborated(f, t, signals)) return null;
    this.episode = { t, file: f.file };
    this.lastEmit = t;
    const rounded = emptySignals();
    for (const name of SIGNAL_NAMES) rounded[name] = round(signals[name]);
    const errors = [...f.errors.messages(), ...f.runs.messages(t)].slice(0, 10);
    const episode: Episode = { t, file: f.file, score: round(score), signals: rounded, reason: describe(signals, f, t), errors };
    if (f.language) episode.language = f.language;
    return episode;
  }

  /** Throwing code away and undoing are also how people explore. They count as struggle when a
   * failure keeps coming back meanwhile (the same error after attempts, a failing streak, a
   * problem open for minutes), or when the pattern is unambiguous on its own: the same lines
   * rewritten again and again, undo and redo flip-flopping, attempt after attempt thrown away. */
  private corroborated(f: FileTracker, t: number, signals: Signals): boolean {
    if (signals.repeated_error >= RECURRING_FAILURE || signals.no_progress >= LASTING_PROBLEM) return true;
    if (signals.rewrite >= UNAMBIGUOUS_REWRITE) return true;
    const undo = f.undo.stats(t, f.lastProgress);
    if (undo.oscillations >= UNAMBIGUOUS_OSCILLATIONS || undo.flips >= UNAMBIGUOUS_FLIPS) return true;
    return signals.unproductive >= 0.6 && f.churn.discardCount(t, f.lastProgress, true) >= UNAMBIGUOUS_DISCARDS;
  }

  /** New code that stays is progress; it ends an episode and restarts the no-progress clock. */
  private checkRetainedProgress(f: FileTracker, t: number): void {
    const { typed, wasted } = f.churn.totals(f.lastProgress);
    if (typed - wasted >= RETAINED_PROGRESS && wasted <= MAX_WASTE_FOR_PROGRESS * typed) this.progress(f, t);
  }
}
