/** Struggle episodes of several kinds, each returning its label (file, kind, start, end). */
import { functionLines, statement, variant } from './code';
import type { Bug, Editor, SimFile } from './editor';
import { type Workspace, codeLine, pickFile } from './normal';
import { errorPool, failOutput, passOutput } from './outputs';

export type StruggleKind = 'rewrite-loop' | 'error-loop' | 'undo-thrash' | 'no-progress' | 'churn';

export interface Label {
  file: string;
  kind: StruggleKind;
  start: number;
  end: number;
  quiet?: boolean;
}

export interface StruggleParams {
  /** No runs and no diagnostics: the struggle shows only in how the code is edited. */
  quiet: boolean;
  /** Runs are reported on this other file (the active test module), not the edited one. */
  runElsewhere?: SimFile;
  /** Multiplies the number of attempts (1 = as drawn). */
  persistence: number;
  /** Multiplies the time between attempts. */
  pace: number;
}

function attempts(ed: Editor, low: number, high: number, p: StruggleParams): number {
  return Math.max(low, Math.round(ed.rng.int(low, high) * p.persistence));
}

function addBug(ed: Editor, file: SimFile, line: number, wanted: boolean, p: StruggleParams): Bug {
  const inDiagnostics = wanted && !p.quiet;
  const message = ed.rng.pick(errorPool(file.lang));
  const bug: Bug = { offset: file.lineStart(line), message, runMessage: message, active: true, inDiagnostics };
  file.bugs.push(bug);
  return bug;
}

function check(ed: Editor, file: SimFile, bug: Bug, p: StruggleParams, runChance: number): void {
  if (ed.rng.chance(0.8)) ed.save(file);
  if (!p.quiet && ed.rng.chance(runChance))
    ed.run(file, ed.rng.chance(0.5) ? 'test' : 'run', false, failOutput(ed.rng, file.lang, 'test', file.name, bug.runMessage));
  ed.wait(ed.rng.lognormal(12 * p.pace, 0.7));
}

function finish(ed: Editor, file: SimFile, bug: Bug | null, label: Label, solved: boolean): Label {
  if (bug) {
    bug.active = false;
    file.bugs = file.bugs.filter((b) => b !== bug);
  }
  if (solved) {
    ed.save(file);
    ed.run(file, 'test', true, passOutput(ed.rng, file.lang, 'test'));
  }
  label.end = ed.t;
  return label;
}

/** Delete a line's code and type a similar variant, again and again. */
export function rewriteLoop(ws: Workspace, p: StruggleParams): Label {
  const { ed } = ws;
  const file = pickFile(ws);
  const line = codeLine(file, ed);
  const label: Label = { file: file.name, kind: 'rewrite-loop', start: ed.t, end: ed.t };
  const bug = addBug(ed, file, line, ed.rng.chance(0.7), p);
  const n = attempts(ed, 3, 7, p);
  for (let i = 0; i < n; i++) {
    const text = file.lineText(line);
    const indent = /^\s*/.exec(text)?.[0].length ?? 0;
    const start = file.lineStart(line) + indent;
    const end = file.lineStart(line) + text.length;
    const next = variant(ed.rng, text.slice(indent), file.lang);
    const how = ed.rng.weighted([
      ['over', 3],
      ['backspace', 2],
      ['word', 2],
      ['partial', 2],
    ] as const);
    if (how === 'over') ed.replaceRange(file, start, end, next);
    else if (how === 'partial') {
      // Keep the start of the line, rewrite its second half.
      const cut = start + Math.floor((end - start) / 2);
      ed.deleteRange(file, cut, end, 'backspace');
      ed.typeText(file, cut, next.slice(cut - start));
    } else {
      ed.deleteRange(file, start, end, how);
      ed.typeText(file, start, next);
    }
    if (i === 0) label.start = Math.min(label.start, ed.t);
    ed.wait(ed.rng.lognormal(4 * p.pace, 0.6));
    check(ed, file, bug, p, 0.6);
  }
  return finish(ed, file, bug, label, ed.rng.chance(0.75));
}

/** The same error keeps coming back after small edits meant to fix it. */
export function errorLoop(ws: Workspace, p: StruggleParams): Label {
  const { ed } = ws;
  const file = pickFile(ws);
  const line = codeLine(file, ed);
  const bug = addBug(ed, file, line, ed.rng.chance(0.6), p);
  const label: Label = { file: file.name, kind: 'error-loop', start: ed.t, end: ed.t };
  if (!p.quiet && ed.rng.chance(0.7)) ed.run(file, 'test', false, failOutput(ed.rng, file.lang, 'test', file.name, bug.runMessage));
  ed.wait(ed.rng.lognormal(10 * p.pace, 0.6));
  const n = attempts(ed, 3, 7, p);
  for (let i = 0; i < n; i++) {
    const target = Math.max(1, file.lineAt(bug.offset) + ed.rng.int(-1, 1));
    const text = file.lineText(target);
    const what = ed.rng.weighted([
      ['token', 4],
      ['insert', 2],
      ['guard', 2],
    ] as const);
    const words = [...text.matchAll(/[A-Za-z_]\w{2,}|\d+/g)];
    const word = words.length > 0 ? ed.rng.pick(words) : undefined;
    if (what === 'token' && word && word.index !== undefined) {
      const at = file.lineStart(target) + word.index;
      const replacement = /^\d+$/.test(word[0]) ? String(ed.rng.int(0, 99)) : variant(ed.rng, word[0], file.lang);
      ed.replaceRange(file, at, at + word[0].length, replacement);
    } else if (what === 'insert') {
      const at = file.lineStart(target) + text.length;
      ed.typeText(file, at, file.lang === 'python' ? ed.rng.pick([' or {}', '.strip()', ' or 0', '[0]']) : ed.rng.pick([' ?? {}', '!', ' as Item', '?.[0]']));
    } else {
      const indent = /^\s*/.exec(text)?.[0] ?? '';
      ed.typeLinesAfter(file, Math.max(1, target - 1), [
        indent +
          (file.lang === 'python'
            ? `if not ${statement(ed.rng, 'python').split(' ')[0]}: return None`
            : `if (!${statement(ed.rng, 'typescript').split(' ')[1]}) return;`),
      ]);
    }
    ed.wait(ed.rng.lognormal(3 * p.pace, 0.6));
    check(ed, file, bug, p, 0.8);
  }
  return finish(ed, file, bug, label, ed.rng.chance(0.8));
}

/** Back and forth with undo and redo, small edits between, nothing sticks. */
export function undoThrash(ws: Workspace, p: StruggleParams): Label {
  const { ed } = ws;
  const file = pickFile(ws);
  const line = codeLine(file, ed);
  const bug = addBug(ed, file, line, true, p);
  const label: Label = { file: file.name, kind: 'undo-thrash', start: ed.t, end: ed.t };
  const rounds = attempts(ed, 3, 6, p);
  for (let r = 0; r < rounds; r++) {
    const at = file.lineStart(line) + file.lineText(line).length;
    ed.typeText(file, at, ' ' + statement(ed.rng, file.lang).slice(0, ed.rng.int(6, 20)));
    ed.wait(ed.rng.lognormal(3 * p.pace, 0.5));
    const steps = ed.rng.int(2, 7);
    let redo = false;
    for (let s = 0; s < steps; s++) {
      ed.wait(ed.rng.uniform(0.3, 2.5));
      ed.undo(file, redo);
      redo = ed.rng.chance(0.5) ? !redo : redo;
    }
    ed.wait(ed.rng.lognormal(8 * p.pace, 0.6));
    if (ed.rng.chance(0.5)) check(ed, file, bug, p, 0.5);
  }
  return finish(ed, file, bug, label, ed.rng.chance(0.7));
}

/** A long stretch of small, undone edits and failing runs with different errors. */
export function noProgress(ws: Workspace, p: StruggleParams): Label {
  const { ed } = ws;
  const file = pickFile(ws);
  const line = codeLine(file, ed);
  const bug = addBug(ed, file, line, ed.rng.chance(0.5), p);
  const label: Label = { file: file.name, kind: 'no-progress', start: ed.t, end: ed.t };
  const until = ed.t + ed.rng.uniform(480, 960) * p.persistence;
  while (ed.t < until) {
    const target = Math.max(1, file.lineAt(bug.offset) + ed.rng.int(-3, 3));
    const at = file.lineStart(target) + file.lineText(target).length;
    const typed = ' ' + statement(ed.rng, file.lang).slice(0, ed.rng.int(3, 14));
    ed.typeText(file, at, typed);
    ed.wait(ed.rng.lognormal(6 * p.pace, 0.7));
    if (ed.rng.chance(0.6)) ed.deleteRange(file, at, at + typed.length, ed.rng.chance(0.5) ? 'backspace' : 'select');
    else if (ed.rng.chance(0.5)) ed.undo(file);
    if (!p.quiet && ed.rng.chance(0.5)) {
      ed.save(file);
      bug.runMessage = ed.rng.pick(errorPool(file.lang));
      ed.run(file, 'run', false, failOutput(ed.rng, file.lang, 'run', file.name, bug.runMessage));
    }
    ed.wait(ed.rng.lognormal(35 * p.pace, 0.8));
  }
  return finish(ed, file, bug, label, ed.rng.chance(0.7));
}

/** Write an attempt, throw it away, write another one. */
export function churn(ws: Workspace, p: StruggleParams): Label {
  const { ed } = ws;
  const file = pickFile(ws);
  const line = codeLine(file, ed);
  const bug = addBug(ed, file, line, ed.rng.chance(0.5), p);
  const label: Label = { file: file.name, kind: 'churn', start: ed.t, end: ed.t };
  const rounds = attempts(ed, 3, 5, p);
  for (let r = 0; r < rounds; r++) {
    const anchor = Math.max(1, file.lineAt(bug.offset));
    const block = functionLines(ed.rng, file.lang, ed.rng.int(2, 6))
      .slice(1)
      .map((l) => '    ' + l.trim());
    const start = file.lineStart(anchor + 1) - 1;
    ed.typeLinesAfter(file, anchor, block);
    const end = file.cursor;
    ed.wait(ed.rng.lognormal(4 * p.pace, 0.6));
    check(ed, file, bug, p, 0.7);
    if (ed.rng.chance(0.3)) ed.undo(file);
    else ed.deleteRange(file, start, end, ed.rng.chance(0.7) ? 'select' : 'word');
    ed.wait(ed.rng.lognormal(10 * p.pace, 0.6));
  }
  return finish(ed, file, bug, label, ed.rng.chance(0.8));
}
