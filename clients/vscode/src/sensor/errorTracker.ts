import { shiftOffset } from './edits';
import { errorSignature } from './errorSignature';
import { countScore } from './scoring';
import type { DiagnosticError } from './types';

export const ERROR_WINDOW = 600;
/** A diagnostic younger than this is what half-typed code looks like; it is not yet a problem. */
const SETTLED = 30;
/** Attempts on one error are counted at most this often (one per typing pause is not a fix
 * attempt each). */
const ATTEMPT_SPACING = 15;
const NEAR_LINES = 2;
const SAME_PLACE_LINES = 2;
const MAX_RECORDS = 32;
const MAX_ERRORS = 50;
const MAX_EDIT_MARKS = 16;
const FORGET = 900;

interface ErrorRecord {
  signature: string;
  message: string;
  at: number;
  firstSeen: number;
  lastSeen: number;
  present: boolean;
  /** It stayed long enough to be a real problem rather than half-typed code. */
  settled: boolean;
  attempts: number;
  lastAttempt: number;
}

export interface LineIndex {
  lineAt(offset: number): number;
  lineStart(line: number): number;
}

/** Diagnostics of one file: each error is tracked by its signature and place (shifted through
 * edits). An attempt is a publication that still shows a settled error after the user edited
 * next to it; re-publications without such edits are ignored, and errors that vanish after
 * attempts are reported as fixed. */
export class ErrorTracker {
  private records: ErrorRecord[] = [];
  private editMarks: number[] = [];

  onEdit(offset: number, deleted: number, insertedLength: number, byUser: boolean): void {
    for (const r of this.records) r.at = shiftOffset(r.at, offset, deleted, insertedLength);
    // Marks inside replaced text are gone (a formatter rewriting the file is not the user
    // editing its first line).
    this.editMarks = this.editMarks.filter((m) => byUser || m < offset || m > offset + deleted).map((m) => shiftOffset(m, offset, deleted, insertedLength));
    if (!byUser) return;
    const last = this.editMarks[this.editMarks.length - 1];
    if (last !== undefined && Math.abs(last - offset) < 40) {
      this.editMarks[this.editMarks.length - 1] = offset;
      return;
    }
    this.editMarks.push(offset);
    if (this.editMarks.length > MAX_EDIT_MARKS) this.editMarks.shift();
  }

  /** Returns how many persistent errors disappeared with this publication (fixes). */
  onDiagnostics(t: number, errors: readonly DiagnosticError[], lines: LineIndex): number {
    const editedLines = this.editMarks.map((o) => lines.lineAt(o));
    this.editMarks = [];
    const seen = new Set<ErrorRecord>();
    for (const error of errors.slice(0, MAX_ERRORS)) {
      const signature = errorSignature(error.message);
      const line = Math.max(1, Math.floor(error.line));
      const record = this.match(signature, line, lines, seen);
      const edited = editedLines.some((l) => Math.abs(l - line) <= NEAR_LINES);
      if (record) {
        if (!record.settled && t - record.firstSeen >= SETTLED) record.settled = true;
        if (edited && record.settled && t - record.lastAttempt >= ATTEMPT_SPACING) {
          record.attempts++;
          record.lastAttempt = t;
        }
        record.present = true;
        record.lastSeen = t;
        record.at = lines.lineStart(line);
        seen.add(record);
      } else {
        const fresh: ErrorRecord = {
          signature,
          message: error.message.slice(0, 500),
          at: lines.lineStart(line),
          firstSeen: t,
          lastSeen: t,
          present: true,
          settled: false,
          attempts: 0,
          lastAttempt: -Infinity,
        };
        this.records.push(fresh);
        seen.add(fresh);
      }
    }
    let fixed = 0;
    for (const r of this.records) {
      if (r.present && !seen.has(r)) {
        r.present = false;
        if (r.attempts >= 2 || (r.attempts >= 1 && t - r.firstSeen >= 90)) fixed++;
      }
    }
    // An error gone before it settled was half-typed code: forget it, so that the next
    // half-typed line nearby is not taken for the same error coming back.
    this.records = this.records.filter((r) => (r.present || r.settled) && t - r.lastSeen <= FORGET).slice(-MAX_RECORDS);
    return fixed;
  }

  private match(signature: string, line: number, lines: LineIndex, seen: Set<ErrorRecord>): ErrorRecord | undefined {
    let best: ErrorRecord | undefined;
    let bestDistance = Infinity;
    for (const r of this.records) {
      if (r.signature !== signature || seen.has(r)) continue;
      const distance = Math.abs(lines.lineAt(r.at) - line);
      if (distance <= SAME_PLACE_LINES && distance < bestDistance) {
        best = r;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** The error that has resisted the most attempts lately. */
  score(t: number, since = -Infinity): number {
    let attempts = 0;
    for (const r of this.records) {
      if (t - r.lastSeen <= ERROR_WINDOW && r.lastAttempt >= since) attempts = Math.max(attempts, r.attempts);
    }
    return countScore(attempts, ATTEMPT_TABLE);
  }

  /** A settled error is open right now (with `minAttempts`: one the user has been working on). */
  hasOpenError(t: number, minAttempts = 0): boolean {
    return this.records.some((r) => r.present && r.settled && r.attempts >= minAttempts && t - r.firstSeen >= 60);
  }

  /** Since when an error the user has been working on has been open (Infinity: none). */
  openSince(t: number): number {
    let since = Infinity;
    for (const r of this.records) {
      if (r.present && r.settled && r.attempts >= 1 && t - r.lastSeen <= ERROR_WINDOW) since = Math.min(since, r.firstSeen);
    }
    return since;
  }

  messages(): string[] {
    return this.records
      .filter((r) => r.present)
      .sort((a, b) => b.attempts - a.attempts || b.lastSeen - a.lastSeen)
      .map((r) => r.message);
  }

  reset(): void {
    for (const r of this.records) {
      r.attempts = 0;
      r.lastAttempt = -Infinity;
    }
  }
}

const ATTEMPT_TABLE = [0.15, 0.4, 0.65, 0.8, 0.9] as const;
