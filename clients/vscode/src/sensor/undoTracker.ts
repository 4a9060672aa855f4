export const UNDO_WINDOW = 300;
/** Undo/redo steps closer together than this, with no typing between, form one burst. */
const BURST_GAP = 10;
const MAX_STEPS = 64;

interface Step {
  t: number;
  redo: boolean;
  /** The user typed between the previous step and this one. */
  afterTyping: boolean;
}

/** Counts undo/redo bursts and back-and-forth flips. One long undo run (stepping back to a
 * known good state) is ordinary; undo, redo, undo again, or burst after burst, is not. */
export class UndoTracker {
  private steps: Step[] = [];
  private typedSinceStep = false;

  onStep(t: number, redo: boolean): void {
    this.steps.push({ t, redo, afterTyping: this.typedSinceStep });
    this.typedSinceStep = false;
    if (this.steps.length > MAX_STEPS) this.steps.shift();
  }

  onTyping(): void {
    this.typedSinceStep = true;
  }

  stats(t: number, since = -Infinity): { steps: number; bursts: number; flips: number; oscillations: number } {
    let steps = 0;
    let bursts = 0;
    let flips = 0;
    let oscillations = 0;
    let burstFlips = 0;
    let prev: Step | undefined;
    for (const step of this.steps) {
      if (t - step.t > UNDO_WINDOW || step.t < since) continue;
      steps++;
      if (!prev || step.afterTyping || step.t - prev.t > BURST_GAP) {
        bursts++;
        burstFlips = 0;
      } else if (prev.redo !== step.redo) {
        // Back and forth within one burst. One flip is overshooting and correcting; a second
        // one (undo, redo, undo) is hesitating between versions.
        flips++;
        burstFlips++;
        if (burstFlips >= 2) oscillations++;
      }
      prev = step;
    }
    return { steps, bursts, flips, oscillations };
  }

  score(t: number, since = -Infinity): number {
    const { steps, bursts, flips, oscillations } = this.stats(t, since);
    if (steps === 0) return 0;
    const x = 0.1 * Math.max(0, bursts - 1) + 0.08 * (flips - oscillations) + 0.25 * oscillations + 0.01 * steps;
    return Math.min(0.92, x);
  }

  reset(): void {
    this.steps = [];
  }
}
