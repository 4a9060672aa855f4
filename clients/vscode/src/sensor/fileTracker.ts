import { ChurnTracker } from './churnTracker';
import { type AppliedEdit, type EditKind, REMOVED_CAP, isUserEdit } from './edits';
import { ErrorTracker } from './errorTracker';
import { RewriteTracker } from './rewriteTracker';
import { RunTracker } from './runTracker';
import { solidLength } from './similarity';
import { TextBuffer } from './textBuffer';
import type { DiagnosticError, EditEvent } from './types';
import { UndoTracker } from './undoTracker';

/** Documents larger than this are not mirrored: their edits still count, but removed text is
 * unknown (so no rewrite similarity), which keeps memory bounded per file. */
export const MAX_MIRRORED = 4_000_000;
/** Typing pauses longer than this start a new "burst" (a unit of activity). */
const BURST_PAUSE = 5;
const MAX_BURST_TIMES = 32;

/** Several edits at one `t` in descending offset order are one operation (rename, format,
 * multi-cursor); keystrokes that happen to share a `t` go forward, or backspace contiguously. */
function isOperation(group: readonly PendingEdit[]): boolean {
  if (group.length < 2) return false;
  let contiguous = true;
  for (let i = 1; i < group.length; i++) {
    const prev = group[i - 1]?.event;
    const next = group[i]?.event;
    if (!prev || !next || next.offset >= prev.offset) return false;
    if (next.offset + next.deleted !== prev.offset || next.inserted.length > 0) contiguous = false;
  }
  return !contiguous;
}

function userKind(inserted: string): EditKind {
  return solidLength(inserted) <= 2 ? 'typing' : 'bulk';
}

interface PendingEdit {
  event: EditEvent;
  removed: string;
  lengthBefore: number;
}

/** Everything the sensor knows about one open file. Edits are applied to the mirror at once
 * (later edits of the same operation are relative to it) but classified only when the
 * operation is complete: several edits at the same `t` are one operation, edits right after an
 * undo/redo at the same `t` are that step's, one edit replacing the whole document is a tool. */
export class FileTracker {
  readonly buffer: TextBuffer | null;
  readonly rewrites = new RewriteTracker();
  readonly churn = new ChurnTracker();
  readonly undo = new UndoTracker();
  readonly errors = new ErrorTracker();
  readonly runs = new RunTracker();
  language: string | undefined;
  lastActivity: number;
  lastProgress: number;
  /** When the user last typed in this file (not undo, not tools). */
  lastUserEdit = -Infinity;
  /** Bursts of typing since the last progress (a unit of being busy). */
  bursts = 0;
  /** Start times of recent typing bursts (bounded). */
  private burstTimes: number[] = [];
  private lastTyping = -Infinity;
  private pending: PendingEdit[] = [];
  private pendingT = Number.NaN;
  private undoAt = Number.NaN;
  private length: number;

  /** Called once per user edit (typing, completion, paste) after classification. */
  onUserEdit: () => void = () => undefined;

  /** `text` null: the file was never opened in the trace, so its content is unknown. */
  constructor(
    readonly file: string,
    text: string | null,
    t: number,
    language?: string,
  ) {
    this.buffer = text !== null && text.length <= MAX_MIRRORED ? new TextBuffer(text) : null;
    this.length = text === null ? Number.MAX_SAFE_INTEGER / 4 : text.length;
    this.language = language;
    this.lastActivity = t;
    this.lastProgress = t;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  get documentLength(): number {
    return this.length;
  }

  onUndoRedo(t: number, redo: boolean): void {
    this.flush();
    this.undoAt = t;
    this.undo.onStep(t, redo);
    this.rewrites.close();
    this.lastActivity = t;
  }

  onEdit(event: EditEvent): void {
    if (this.pending.length > 0 && event.t !== this.pendingT) this.flush();
    const offset = Math.max(0, Math.min(event.offset, this.length));
    const deleted = Math.max(0, Math.min(event.deleted, this.length - offset));
    const inserted = typeof event.inserted === 'string' ? event.inserted : '';
    const lengthBefore = this.length;
    let removed = '';
    if (this.buffer) {
      removed = this.buffer.replace(offset, deleted, inserted);
      // A whole-document replacement keeps all of it: narrowing it needs both versions.
      const whole = offset === 0 && deleted === lengthBefore;
      if (removed.length > REMOVED_CAP && !whole) removed = removed.slice(0, REMOVED_CAP);
    }
    this.length += inserted.length - deleted;
    this.pending.push({ event: { ...event, offset, deleted, inserted }, removed, lengthBefore });
    this.pendingT = event.t;
    this.lastActivity = event.t;
  }

  /** Classify and dispatch the pending operation (called when time moves on). */
  flush(): void {
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    const t = this.pendingT;
    const byUndo = this.undoAt === t;
    const first = group[0];
    if (!first) return;
    let kind: EditKind | null = null;
    if (byUndo) kind = 'undo';
    else if (isOperation(group)) kind = 'operation';
    else if (group.length === 1 && this.isWholeDocument(first)) kind = 'tool';
    if (kind === 'tool') this.dispatch(this.narrowed(first), 'tool');
    else if (kind) for (const p of group) this.dispatch(p, kind);
    else for (const p of group) this.dispatch(p, userKind(p.event.inserted));
    if (kind === null) {
      this.lastUserEdit = t;
      this.onUserEdit();
      if (t - this.lastTyping > BURST_PAUSE) {
        this.bursts++;
        this.burstTimes.push(t);
        if (this.burstTimes.length > MAX_BURST_TIMES) this.burstTimes.shift();
      }
      this.lastTyping = t;
      this.undo.onTyping();
    }
  }

  private isWholeDocument(p: PendingEdit): boolean {
    const e = p.event;
    return e.offset === 0 && e.deleted > 0 && e.deleted === p.lengthBefore && solidLength(e.inserted) >= 3;
  }

  /** A tool rewrite touches the whole document, but usually changes little: keep the common
   * prefix and suffix so that positions outside the real change survive. O(document), but only
   * for whole-document rewrites, never per keystroke. */
  private narrowed(p: PendingEdit): PendingEdit {
    const before = p.removed;
    const after = p.event.inserted;
    if (!this.buffer) return p;
    let head = 0;
    const max = Math.min(before.length, after.length);
    while (head < max && before.charCodeAt(head) === after.charCodeAt(head)) head++;
    let tail = 0;
    while (tail < max - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
    const event = { ...p.event, offset: head, deleted: before.length - head - tail, inserted: after.slice(head, after.length - tail) };
    return { event, removed: before.slice(head, before.length - tail).slice(0, REMOVED_CAP), lengthBefore: p.lengthBefore };
  }

  private dispatch(p: PendingEdit, kind: EditKind): void {
    const e = p.event;
    const edit: AppliedEdit = { t: e.t, offset: e.offset, deleted: e.deleted, inserted: e.inserted, removed: p.removed, kind };
    this.rewrites.onEdit(edit);
    this.churn.onEdit(edit);
    this.errors.onEdit(e.offset, e.deleted, e.inserted.length, isUserEdit(kind));
  }

  onDiagnostics(t: number, errors: readonly DiagnosticError[]): number {
    this.flush();
    if (!this.buffer) return 0;
    return this.errors.onDiagnostics(t, Array.isArray(errors) ? errors : [], this.buffer);
  }

  /** A pause in the work on this file: the current typing run is over. */
  pause(): void {
    this.flush();
    this.rewrites.close();
  }

  burstsSince(since: number): number {
    let n = 0;
    for (let i = this.burstTimes.length - 1; i >= 0 && (this.burstTimes[i] ?? -Infinity) >= since; i--) n++;
    return n;
  }

  tick(t: number): void {
    this.rewrites.tick(t);
  }

  /** Progress was made: forget the evidence gathered so far. */
  markProgress(t: number): void {
    this.lastProgress = t;
    this.bursts = 0;
  }

  resetEvidence(t: number): void {
    this.rewrites.reset();
    this.churn.reset();
    this.undo.reset();
    this.errors.reset();
    this.runs.reset();
    this.markProgress(t);
  }
}
