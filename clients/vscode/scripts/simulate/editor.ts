/** A simulated editor that turns developer actions (type this line, rename that, undo, run the
 * tests) into trace events with the conventions of DESIGN.md: per-keystroke edits, completions
 * inserted at once, multi-edit operations at one `t` in descending offset order, whole-file tool
 * rewrites, undo/redo followed by the edit they produce, diagnostics re-published after typing
 * pauses (often unchanged, with transient syntax errors on half-typed lines), run/test results. */
import type { Language } from './code';
import type { Rng } from './rng';

export interface Persona {
  /** Characters per second while typing. */
  cps: number;
  typo: number;
  pauseScale: number;
  completion: number;
  autoClose: boolean;
  formatOnSave: 'none' | 'operation' | 'tool';
  diagDelay: number;
  republishUnchanged: boolean;
  partialNames: boolean;
  resolution: number;
}

export interface Bug {
  offset: number;
  message: string;
  runMessage: string;
  active: boolean;
  inDiagnostics: boolean;
}

interface Unit {
  offset: number;
  before: string;
  after: string;
}

export class SimFile {
  text: string;
  cursor = 0;
  bugs: Bug[] = [];
  noise: string | null = null;
  /** An unclosed bracket being typed over several lines (offset of its line). */
  openConstruct: number | null = null;
  undoStack: Unit[] = [];
  redoStack: Unit[] = [];
  snapshot: string | null = null;
  lastPublished = '';

  constructor(
    readonly name: string,
    readonly lang: Language,
    text: string,
  ) {
    this.text = text;
  }

  lineStart(line: number): number {
    let offset = 0;
    for (let i = 1; i < line; i++) {
      const next = this.text.indexOf('\n', offset);
      if (next < 0) return this.text.length;
      offset = next + 1;
    }
    return offset;
  }

  lineAt(offset: number): number {
    let n = 1;
    for (let i = this.text.indexOf('\n'); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) n++;
    return n;
  }

  lineCount(): number {
    return this.text.split('\n').length;
  }

  lineText(line: number): string {
    return this.text.split('\n')[line - 1] ?? '';
  }
}

export type TraceLine = Record<string, unknown> & { t: number; type: string };

export class Editor {
  t = 0;
  readonly events: TraceLine[] = [];
  readonly files = new Map<string, SimFile>();
  active: SimFile | null = null;
  private diagDue: number | null = null;
  private diagFile: SimFile | null = null;

  constructor(
    readonly rng: Rng,
    readonly persona: Persona,
  ) {}

  private stamp(): number {
    const r = this.persona.resolution;
    return Math.round(this.t / r) * r;
  }

  emit(event: Record<string, unknown> & { type: string }): void {
    this.events.push({ t: Number(this.stamp().toFixed(3)), ...event });
  }

  /** Let `seconds` pass; due diagnostics are published on the way. */
  wait(seconds: number): void {
    const end = this.t + Math.max(0, seconds);
    if (this.diagDue !== null && this.diagDue <= end && this.diagFile) {
      this.t = Math.max(this.t, this.diagDue);
      this.publish(this.diagFile);
      this.diagDue = null;
    }
    this.t = end;
  }

  think(median: number): void {
    this.wait(this.rng.lognormal(median * this.persona.pauseScale, 0.6));
  }

  open(name: string, lang: Language, text: string): SimFile {
    const file = new SimFile(name, lang, text);
    this.files.set(name, file);
    this.emit({ type: 'open', file: name, language: lang, text });
    this.focus(file);
    this.wait(this.persona.diagDelay);
    this.publish(file);
    return file;
  }

  focus(file: SimFile): void {
    if (this.active === file) return;
    if (this.active) this.emit({ type: 'blur', file: this.active.name });
    this.active = file;
    this.emit({ type: 'focus', file: file.name });
  }

  close(file: SimFile): void {
    this.emit({ type: 'close', file: file.name });
    this.files.delete(file.name);
    if (this.active === file) this.active = null;
  }

  /** One change as the editor reports it. */
  rawEdit(file: SimFile, offset: number, deleted: number, inserted: string): void {
    this.emit({ type: 'edit', file: file.name, offset, deleted, inserted });
    file.text = file.text.slice(0, offset) + inserted + file.text.slice(offset + deleted);
    for (const bug of file.bugs) {
      if (bug.offset >= offset + deleted) bug.offset += inserted.length - deleted;
      else if (bug.offset > offset) bug.offset = offset;
    }
    if (file.openConstruct !== null && file.openConstruct >= offset + deleted) file.openConstruct += inserted.length - deleted;
    file.cursor = offset + inserted.length;
    this.diagDue = this.t + this.persona.diagDelay;
    this.diagFile = file;
  }

  beginUnit(file: SimFile): void {
    file.snapshot = file.text;
  }

  endUnit(file: SimFile): void {
    const before = file.snapshot;
    file.snapshot = null;
    if (before === null || before === file.text) return;
    const after = file.text;
    let head = 0;
    while (head < before.length && head < after.length && before[head] === after[head]) head++;
    let tail = 0;
    while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
    file.undoStack.push({ offset: head, before: before.slice(head, before.length - tail), after: after.slice(head, after.length - tail) });
    if (file.undoStack.length > 100) file.undoStack.shift();
    file.redoStack = [];
  }

  private keyDelay(): number {
    return this.rng.lognormal(1 / this.persona.cps, 0.35);
  }

  /** Type `text` at `offset` key by key (typos fixed with backspace, completions accepted,
   * brackets auto-closed, Enter followed by the indentation of the next line). */
  typeText(file: SimFile, offset: number, text: string): void {
    this.beginUnit(file);
    let pos = offset;
    let skipClosers = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] ?? '';
      this.wait(this.keyDelay());
      if (c === '\n') {
        const indent = /^[ \t]*/.exec(text.slice(i + 1))?.[0] ?? '';
        this.rawEdit(file, pos, 0, '\n' + indent);
        pos += 1 + indent.length;
        i += indent.length;
        skipClosers = 0;
        if (this.rng.chance(0.7)) this.wait(this.rng.lognormal(2.5 * this.persona.pauseScale, 0.8));
        continue;
      }
      if (skipClosers > 0 && ')]}'.includes(c) && file.text[pos] === c) {
        skipClosers--;
        pos++;
        continue;
      }
      const word = /^[A-Za-z_]\w{5,}/.exec(text.slice(i))?.[0];
      const atWordStart = word !== undefined && (i === 0 || !/\w/.test(text[i - 1] ?? ''));
      if (atWordStart && word && this.rng.chance(this.persona.completion)) {
        const typed = this.rng.int(2, 3);
        for (let k = 0; k < typed; k++) {
          this.rawEdit(file, pos, 0, word[k] ?? '');
          pos++;
          this.wait(this.keyDelay());
        }
        this.wait(this.rng.uniform(0.2, 0.8));
        this.rawEdit(file, pos, 0, word.slice(typed));
        pos += word.length - typed;
        i += word.length - 1;
        continue;
      }
      if (this.rng.chance(this.persona.typo) && /\w/.test(c)) {
        this.rawEdit(file, pos, 0, String.fromCharCode(97 + this.rng.int(0, 25)));
        this.wait(this.keyDelay() * 2);
        this.rawEdit(file, pos, 1, '');
        this.wait(this.keyDelay());
      }
      if (this.persona.autoClose && '([{'.includes(c)) {
        this.rawEdit(file, pos, 0, c + ({ '(': ')', '[': ']', '{': '}' } as Record<string, string>)[c]);
        skipClosers++;
      } else {
        this.rawEdit(file, pos, 0, c);
      }
      pos++;
      if (c === ' ' && this.rng.chance(0.08)) this.wait(this.rng.lognormal(0.9 * this.persona.pauseScale, 0.7));
    }
    file.cursor = pos;
    this.endUnit(file);
  }

  /** Type whole lines after `line` (Enter, indentation, then the code). */
  typeLinesAfter(file: SimFile, line: number, lines: string[]): void {
    const end = file.lineStart(line + 1) - 1;
    const at = Math.max(0, Math.min(end, file.text.length));
    this.typeText(file, at, lines.map((l) => '\n' + l).join(''));
  }

  /** Delete [start, end): one selection delete, or backspaces (word-wise or char-wise). */
  deleteRange(file: SimFile, start: number, end: number, mode: 'select' | 'backspace' | 'word'): void {
    this.beginUnit(file);
    if (mode === 'select' || end - start <= 1) {
      this.wait(this.rng.uniform(0.4, 1.5));
      this.rawEdit(file, start, end - start, '');
    } else {
      let pos = end;
      while (pos > start) {
        let n = 1;
        if (mode === 'word') {
          const m = /(\w+|\W)$/.exec(file.text.slice(start, pos));
          n = Math.max(1, m?.[0].length ?? 1);
        }
        this.wait(this.rng.lognormal(0.12, 0.4));
        this.rawEdit(file, pos - n, n, '');
        pos -= n;
      }
    }
    this.endUnit(file);
  }

  /** Select [start, end) and type `text` over it (the first key replaces the selection). */
  replaceRange(file: SimFile, start: number, end: number, text: string): void {
    if (text.length === 0) return this.deleteRange(file, start, end, 'select');
    this.beginUnit(file);
    this.wait(this.rng.uniform(0.4, 1.5));
    this.rawEdit(file, start, end - start, text[0] ?? '');
    this.endUnit(file);
    this.typeText(file, start + 1, text.slice(1));
  }

  /** One operation with several changes at one `t`, given as [offset, deleted, inserted]
   * against the current text; emitted in descending offset order. */
  operation(file: SimFile, changes: [number, number, string][]): void {
    if (changes.length === 0) return;
    this.beginUnit(file);
    const sorted = changes.slice().sort((a, b) => b[0] - a[0]);
    for (const [offset, deleted, inserted] of sorted) this.rawEdit(file, offset, deleted, inserted);
    this.endUnit(file);
  }

  /** The whole document replaced by a tool (formatter on disk, generator). */
  toolRewrite(file: SimFile, text: string): void {
    this.beginUnit(file);
    this.rawEdit(file, 0, file.text.length, text);
    this.endUnit(file);
  }

  undo(file: SimFile, redo = false): boolean {
    const from = redo ? file.redoStack : file.undoStack;
    const unit = from.pop();
    this.emit({ type: redo ? 'redo' : 'undo', file: file.name });
    if (!unit) return false;
    if (redo) this.rawEdit(file, unit.offset, unit.before.length, unit.after);
    else this.rawEdit(file, unit.offset, unit.after.length, unit.before);
    (redo ? file.undoStack : file.redoStack).push(unit);
    return true;
  }

  save(file: SimFile): void {
    if (this.persona.formatOnSave !== 'none') this.format(file, this.persona.formatOnSave);
    this.emit({ type: 'save', file: file.name });
  }

  /** Format the document: trailing spaces and blank-line runs fixed, as an operation or a tool
   * rewrite (which also happens when nothing changes: tools rewrite the file anyway). */
  format(file: SimFile, how: 'operation' | 'tool'): void {
    const formatted = file.text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
    if (how === 'tool') {
      this.toolRewrite(file, formatted);
      return;
    }
    const changes: [number, number, string][] = [];
    const re = /[ \t]+\n|\n{3,}/g;
    for (let m = re.exec(file.text); m; m = re.exec(file.text)) {
      changes.push([m.index, m[0].length, m[0].startsWith('\n') ? '\n\n' : '\n']);
    }
    this.operation(file, changes);
  }

  run(file: SimFile, kind: 'run' | 'test', ok: boolean, output: string): void {
    this.wait(this.rng.lognormal(2, 0.6));
    this.emit({ type: kind, file: file.name, ok, output });
  }

  /** Publish the file's current error list. */
  publish(file: SimFile): void {
    const errors = this.lint(file);
    const key = JSON.stringify(errors);
    if (!this.persona.republishUnchanged && key === file.lastPublished) return;
    file.lastPublished = key;
    this.emit({ type: 'diagnostics', file: file.name, errors });
  }

  private lint(file: SimFile): { line: number; message: string }[] {
    const errors: { line: number; message: string }[] = [];
    if (file.noise) errors.push({ line: 1, message: file.noise });
    if (file.openConstruct !== null) {
      errors.push({ line: file.lineAt(file.openConstruct), message: file.lang === 'python' ? "SyntaxError: '(' was never closed" : "')' expected." });
    }
    for (const bug of file.bugs) {
      if (bug.active && bug.inDiagnostics) errors.push({ line: file.lineAt(bug.offset), message: bug.message });
    }
    const line = file.lineAt(file.cursor);
    const text = file.lineText(line);
    let balance = 0;
    for (const c of text) balance += '([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0;
    if (balance > 0) {
      errors.push({ line, message: file.lang === 'python' ? "SyntaxError: '(' was never closed" : "')' expected." });
    } else if (this.persona.partialNames && /[A-Za-z_]\w{1,}$/.test(text.slice(0, file.cursor - file.lineStart(line))) && this.rng.chance(0.5)) {
      const partial = /[A-Za-z_]\w*$/.exec(text.slice(0, file.cursor - file.lineStart(line)))?.[0] ?? 'x';
      errors.push({ line, message: file.lang === 'python' ? `"${partial}" is not defined` : `Cannot find name '${partial}'.` });
    }
    return errors.sort((a, b) => a.line - b.line);
  }
}
