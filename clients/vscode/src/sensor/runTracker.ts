import { errorSignature, failureLine } from './errorSignature';
import { countScore } from './scoring';

export const RUN_WINDOW = 900;
const MAX_RUNS = 16;

interface Run {
  t: number;
  ok: boolean;
  signature: string;
  message: string;
  /** The user changed code since the previous run (a rerun without edits proves nothing). */
  afterEdits: boolean;
}

/** Run and test results of one file: the failing streak since the last pass, and how many of
 * its attempts (runs after edits) failed the same way. */
export class RunTracker {
  private runs: Run[] = [];

  onResult(t: number, ok: boolean, output: string, afterEdits: boolean): void {
    const message = ok ? '' : failureLine(output);
    this.runs.push({ t, ok, signature: errorSignature(message), message, afterEdits });
    if (this.runs.length > MAX_RUNS) this.runs.shift();
  }

  private streak(t: number, since: number): Run[] {
    const out: Run[] = [];
    for (let i = this.runs.length - 1; i >= 0; i--) {
      const run = this.runs[i];
      if (!run || run.ok || t - run.t > RUN_WINDOW || run.t < since) break;
      out.push(run);
    }
    return out;
  }

  /** Same failure after edits, again and again; a long failing streak of varied failures is
   * weaker evidence (the code may be changing for the better between them). */
  score(t: number, since = -Infinity): number {
    const streak = this.streak(t, since);
    const latest = streak[0];
    if (!latest) return 0;
    let same = 0;
    let attempts = 0;
    for (const run of streak) {
      if (!run.afterEdits && run !== streak[streak.length - 1]) continue;
      attempts++;
      if (run.signature === latest.signature) same++;
    }
    const varied = [0, 0, 0.2, 0.35, 0.5, 0.6][Math.min(attempts, 5)] ?? 0;
    return Math.max(countScore(same, SAME_FAILURE), varied);
  }

  /** When the current failing streak began (Infinity when the last run passed). */
  failingSince(t: number): number {
    const streak = this.streak(t, -Infinity);
    return streak.length > 0 ? (streak[streak.length - 1]?.t ?? Infinity) : Infinity;
  }

  /** A run elsewhere passed (the suite is green again): the failing streak is over here too. */
  passedElsewhere(t: number): void {
    if (this.lastFailed()) this.onResult(t, true, '', false);
  }

  lastFailed(): boolean {
    const last = this.runs[this.runs.length - 1];
    return last !== undefined && !last.ok;
  }

  messages(t: number): string[] {
    return this.streak(t, -Infinity)
      .map((r) => r.message)
      .filter((m) => m.length > 0);
  }

  reset(): void {
    this.runs = this.runs.filter((r) => r.ok).slice(-1);
  }
}

const SAME_FAILURE = [0.05, 0.4, 0.72, 0.85, 0.92] as const;
