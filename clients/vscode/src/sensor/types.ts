/** The trace format of DESIGN.md ("Struggle sensor and lessons"): what the editor reports, one
 * event at a time, `t` in seconds. The VS Code adapter produces these; replay reads them. */

export interface OpenEvent {
  t: number;
  type: 'open';
  file: string;
  language?: string;
  text: string;
}

export interface CloseEvent {
  t: number;
  type: 'close';
  file: string;
}

export interface EditEvent {
  t: number;
  type: 'edit';
  file: string;
  offset: number;
  deleted: number;
  inserted: string;
}

export interface UndoRedoEvent {
  t: number;
  type: 'undo' | 'redo';
  file: string;
}

export interface DiagnosticError {
  line: number;
  message: string;
}

export interface DiagnosticsEvent {
  t: number;
  type: 'diagnostics';
  file: string;
  errors: DiagnosticError[];
}

export interface SimpleEvent {
  t: number;
  type: 'save' | 'focus' | 'blur';
  file: string;
}

export interface RunEvent {
  t: number;
  type: 'run' | 'test';
  file: string;
  ok: boolean;
  output?: string;
}

export type TraceEvent = OpenEvent | CloseEvent | EditEvent | UndoRedoEvent | DiagnosticsEvent | SimpleEvent | RunEvent;

/** The signals the sensor scores, each in 0..1 (also the `signals` of the struggle workflow). */
export interface Signals {
  /** The same region rewritten with similar content, again and again. */
  rewrite: number;
  /** Undo and redo in bursts, back and forth. */
  undo_redo: number;
  /** The same error (diagnostic or failed run) back after edits meant to fix it. */
  repeated_error: number;
  /** Most of what was typed recently has been deleted again. */
  unproductive: number;
  /** Busy for a long time with a problem open and nothing getting better. */
  no_progress: number;
}

export type SignalName = keyof Signals;

export const SIGNAL_NAMES: readonly SignalName[] = ['rewrite', 'undo_redo', 'repeated_error', 'unproductive', 'no_progress'];

/** One detected struggle episode, emitted at the moment of detection. */
export interface Episode {
  t: number;
  file: string;
  score: number;
  signals: Signals;
  reason: string;
  /** The error messages in scope when it fired (for the lesson lookup), most recent first. */
  errors: string[];
  language?: string;
}

export type Sensitivity = 'low' | 'normal' | 'high';
