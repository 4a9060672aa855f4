/** Normal work, including the kinds that look like struggle to a naive sensor: long refactors,
 * repeated formatting, red-green test cycles, undo used to explore, debugging prints. */
import { functionLines, identifier, statement, variable } from './code';
import type { Editor, SimFile } from './editor';
import { assertionMessage, errorPool, failOutput, passOutput } from './outputs';

export interface Workspace {
  ed: Editor;
  files: SimFile[];
}

export function pickFile(ws: Workspace): SimFile {
  const file = ws.ed.rng.chance(0.6) && ws.ed.active ? ws.ed.active : ws.ed.rng.pick(ws.files);
  ws.ed.focus(file);
  return file;
}

/** A random non-empty line (1-based) of the file. */
export function codeLine(file: SimFile, ed: Editor): number {
  const lines = file.text.split('\n');
  for (let attempt = 0; attempt < 20; attempt++) {
    const n = ed.rng.int(1, Math.max(1, lines.length - 1));
    const text = lines[n - 1] ?? '';
    if (text.trim().length > 12 && !/^(import|from)\b/.test(text)) return n;
  }
  return Math.max(1, Math.floor(lines.length / 2));
}

function indentOf(text: string): string {
  return /^\s*/.exec(text)?.[0] ?? '';
}

export function writeFunction(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const lines = functionLines(ed.rng, file.lang, ed.rng.int(3, 16));
  const at = ed.rng.chance(0.5) ? file.lineCount() - 1 : codeLine(file, ed);
  ed.typeLinesAfter(file, at, ['', ...lines]);
  ed.think(3);
  if (ed.rng.chance(0.7)) ed.save(file);
  if (ed.rng.chance(0.5)) testOnce(ws, file);
}

/** Run the tests; a first failure is fixed with one small edit and then they pass. */
export function testOnce(ws: Workspace, file: SimFile): void {
  const { ed } = ws;
  if (ed.rng.chance(0.35)) {
    const message = ed.rng.chance(0.5) ? assertionMessage(ed.rng, file.lang) : ed.rng.pick(errorPool(file.lang));
    ed.run(file, 'test', false, failOutput(ed.rng, file.lang, 'test', file.name, message));
    ed.think(15);
    editWord(ws, file);
    ed.save(file);
  }
  ed.run(file, 'test', true, passOutput(ed.rng, file.lang, 'test'));
}

export function editWord(ws: Workspace, file: SimFile, at?: number): void {
  const { ed } = ws;
  const line = at ?? codeLine(file, ed);
  const start = file.lineStart(line);
  const text = file.lineText(line);
  const words = [...text.matchAll(/[A-Za-z_]\w{2,}/g)];
  const word = words.length > 0 ? ed.rng.pick(words) : undefined;
  if (!word || word.index === undefined) return;
  const replacement = ed.rng.chance(0.5) ? variable(ed.rng, file.lang) : identifier(ed.rng, file.lang);
  ed.replaceRange(file, start + word.index, start + word.index + word[0].length, replacement);
}

export function editLines(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const n = ed.rng.int(1, 5);
  for (let i = 0; i < n; i++) {
    if (ed.rng.chance(0.6)) editWord(ws, file);
    else {
      const line = codeLine(file, ed);
      ed.typeLinesAfter(file, line, [indentOf(file.lineText(line)) + statement(ed.rng, file.lang)]);
    }
    ed.think(4);
  }
  if (ed.rng.chance(0.7)) ed.save(file);
}

export function rename(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const counts = new Map<string, number>();
  for (const m of file.text.matchAll(/\b[a-z_][A-Za-z_]{4,}\b/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  const candidates = [...counts].filter(([, c]) => c >= 2).map(([w]) => w);
  if (candidates.length === 0) return;
  const old = ed.rng.pick(candidates);
  const name = identifier(ed.rng, file.lang);
  const changes: [number, number, string][] = [];
  for (const m of file.text.matchAll(new RegExp(`\\b${old}\\b`, 'g'))) changes.push([m.index ?? 0, old.length, name]);
  ed.think(3);
  ed.operation(file, changes);
  ed.think(2);
  if (ed.rng.chance(0.6)) ed.save(file);
}

export function formatRepeatedly(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const times = ed.rng.int(1, 5);
  for (let i = 0; i < times; i++) {
    if (ed.rng.chance(0.4)) {
      const line = codeLine(file, ed);
      ed.rawEdit(file, file.lineStart(line + 1) - 1, 0, '   ');
      ed.wait(0.3);
    }
    ed.format(file, ed.rng.chance(0.5) ? 'tool' : 'operation');
    ed.wait(ed.rng.uniform(1, 12));
    ed.save(file);
    ed.wait(ed.rng.uniform(0.5, 8));
  }
}

export function organiseImports(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const first = file.lineText(1);
  const second = file.lineText(2);
  if (!first || !second) return;
  ed.operation(file, [
    [0, first.length, second],
    [file.lineStart(2), second.length, first],
  ]);
  ed.think(2);
}

/** Red, green, sometimes red twice with different failures. */
export function tddCycle(ws: Workspace): void {
  const { ed } = ws;
  const cycles = ed.rng.int(1, 4);
  for (let c = 0; c < cycles; c++) {
    const file = pickFile(ws);
    ed.typeLinesAfter(file, file.lineCount() - 1, ['', ...functionLines(ed.rng, file.lang, ed.rng.int(2, 5))]);
    ed.save(file);
    ed.run(file, 'test', false, failOutput(ed.rng, file.lang, 'test', file.name, assertionMessage(ed.rng, file.lang)));
    ed.think(6);
    const impl = ed.rng.pick(ws.files);
    ed.focus(impl);
    ed.typeLinesAfter(
      impl,
      codeLine(impl, ed),
      functionLines(ed.rng, impl.lang, ed.rng.int(2, 8)).map((l) => '    ' + l.trim()),
    );
    ed.save(impl);
    if (ed.rng.chance(0.3)) {
      ed.run(impl, 'test', false, failOutput(ed.rng, impl.lang, 'test', impl.name, assertionMessage(ed.rng, impl.lang)));
      ed.think(10);
      editWord(ws, impl);
      ed.save(impl);
    }
    ed.run(impl, 'test', true, passOutput(ed.rng, impl.lang, 'test'));
    ed.think(8);
  }
}

export function read(ws: Workspace): void {
  const { ed } = ws;
  const hops = ed.rng.int(0, 3);
  for (let i = 0; i < hops; i++) {
    ed.focus(ed.rng.pick(ws.files));
    ed.wait(ed.rng.lognormal(25, 0.8));
  }
  ed.wait(ed.rng.lognormal(60, 0.9));
}

/** Try something, undo it (maybe overshoot and redo once), then write what stays. */
export function exploreWithUndo(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const tries = ed.rng.int(1, 3);
  for (let i = 0; i < tries; i++) {
    const line = codeLine(file, ed);
    const block = functionLines(ed.rng, file.lang, ed.rng.int(1, 4))
      .slice(1)
      .map((l) => indentOf(file.lineText(line)) + l.trim());
    ed.typeLinesAfter(file, line, block);
    ed.think(6);
    const steps = ed.rng.int(1, 3);
    for (let s = 0; s < steps; s++) {
      ed.wait(ed.rng.uniform(0.2, 1.2));
      ed.undo(file);
    }
    if (ed.rng.chance(0.3)) {
      ed.wait(ed.rng.uniform(0.3, 1.5));
      ed.undo(file, true);
    }
    ed.think(5);
  }
  const line = codeLine(file, ed);
  ed.typeLinesAfter(
    file,
    line,
    functionLines(ed.rng, file.lang, ed.rng.int(4, 10))
      .slice(1)
      .map((l) => indentOf(file.lineText(line)) + l.trim()),
  );
  ed.save(file);
  if (ed.rng.chance(0.5)) ed.run(file, 'test', true, passOutput(ed.rng, file.lang, 'test'));
}

/** A long refactor: rename a function by hand, fix call sites one by one (errors come and go),
 * move code around, rename with the tool, then the tests pass. */
export function longRefactor(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const steps = ed.rng.int(6, 16);
  for (let i = 0; i < steps; i++) {
    const what = ed.rng.weighted([
      ['word', 4],
      ['rename', 2],
      ['move', 2],
      ['type', 2],
      ['delete', 1],
    ] as const);
    if (what === 'word') {
      const line = codeLine(file, ed);
      file.bugs.push({ offset: file.lineStart(line), message: ed.rng.pick(errorPool(file.lang)), runMessage: '', active: true, inDiagnostics: true });
      ed.think(4);
      editWord(ws, file, line);
      ed.think(3);
      const bug = file.bugs.pop();
      if (bug) bug.active = false;
    } else if (what === 'rename') rename(ws);
    else if (what === 'move') {
      const line = codeLine(file, ed);
      const start = file.lineStart(line);
      const end = file.lineStart(line + ed.rng.int(1, 4));
      const block = file.text.slice(start, end);
      ed.deleteRange(file, start, end, 'select');
      ed.think(3);
      const target = file.lineStart(codeLine(file, ed));
      ed.beginUnit(file);
      ed.rawEdit(file, target, 0, block);
      ed.endUnit(file);
    } else if (what === 'type') {
      const line = codeLine(file, ed);
      ed.typeLinesAfter(file, line, [indentOf(file.lineText(line)) + statement(ed.rng, file.lang)]);
    } else {
      const line = codeLine(file, ed);
      ed.deleteRange(file, file.lineStart(line), file.lineStart(line + ed.rng.int(1, 3)), ed.rng.chance(0.7) ? 'select' : 'word');
    }
    ed.think(8);
    if (ed.rng.chance(0.3)) ed.save(file);
  }
  ed.save(file);
  ed.run(file, 'test', true, passOutput(ed.rng, file.lang, 'test'));
}

export function debugPrints(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const line = codeLine(file, ed);
  const print =
    indentOf(file.lineText(line)) +
    (file.lang === 'python' ? `print("debug", ${variable(ed.rng, file.lang)})` : `console.log('debug', ${variable(ed.rng, file.lang)});`);
  ed.typeLinesAfter(file, line, [print]);
  ed.save(file);
  ed.run(file, 'run', true, `debug ${ed.rng.int(1, 999)}`);
  ed.think(10);
  ed.deleteRange(file, file.lineStart(line + 1), file.lineStart(line + 2), 'select');
  ed.save(file);
}

export function pasteBlock(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const line = codeLine(file, ed);
  const block = functionLines(ed.rng, file.lang, ed.rng.int(4, 18)).join('\n') + '\n';
  ed.beginUnit(file);
  ed.rawEdit(file, file.lineStart(line + 1), 0, block);
  ed.endUnit(file);
  ed.think(4);
  for (let i = ed.rng.int(0, 3); i > 0; i--) editWord(ws, file);
  ed.save(file);
}

export function tuneConstant(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const rounds = ed.rng.int(2, 5);
  for (let i = 0; i < rounds; i++) {
    const m = /\b\d+\b/.exec(file.text.slice(file.lineStart(codeLine(file, ed))));
    const line = codeLine(file, ed);
    const start = file.lineStart(line) + ((m?.index ?? 0) % Math.max(1, file.lineText(line).length));
    ed.replaceRange(file, start, start + 1, String(ed.rng.int(1, 99)));
    ed.save(file);
    ed.run(file, 'run', true, passOutput(ed.rng, file.lang, 'run'));
    ed.think(10);
  }
}

/** A call or literal typed over many lines: the unclosed bracket is a syntax error on its first
 * line until the last line closes it, while the user types right below it. */
export function multilineCall(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const line = codeLine(file, ed);
  const indent = indentOf(file.lineText(line));
  const head =
    file.lang === 'python'
      ? `${variable(ed.rng, file.lang)} = ${identifier(ed.rng, file.lang)}(`
      : `const ${variable(ed.rng, file.lang)} = ${identifier(ed.rng, file.lang)}({`;
  ed.typeLinesAfter(file, line, [indent + head]);
  file.openConstruct = file.lineStart(line + 1);
  const n = ed.rng.int(3, 12);
  for (let i = 0; i < n; i++) {
    const arg =
      file.lang === 'python'
        ? `${variable(ed.rng, file.lang)}=${statement(ed.rng, file.lang).split(' ')[0]},`
        : `${variable(ed.rng, file.lang)}: ${variable(ed.rng, file.lang)},`;
    ed.typeLinesAfter(file, line + 1 + i, [indent + '    ' + arg]);
    ed.think(6);
  }
  file.openConstruct = null;
  ed.typeLinesAfter(file, line + 1 + n, [indent + (file.lang === 'python' ? ')' : '});')]);
  ed.think(3);
  if (ed.rng.chance(0.6)) ed.save(file);
}

/** A failure, a print to look closer, the same failure again, then the fix. */
export function debugSession(ws: Workspace): void {
  const { ed } = ws;
  const file = pickFile(ws);
  const message = ed.rng.pick(errorPool(file.lang));
  ed.run(file, 'run', false, failOutput(ed.rng, file.lang, 'run', file.name, message));
  ed.think(20);
  const line = codeLine(file, ed);
  const print =
    indentOf(file.lineText(line)) + (file.lang === 'python' ? `print(${variable(ed.rng, file.lang)})` : `console.log(${variable(ed.rng, file.lang)});`);
  ed.typeLinesAfter(file, line, [print]);
  ed.save(file);
  ed.run(file, 'run', false, `${ed.rng.int(1, 99)}\n` + failOutput(ed.rng, file.lang, 'run', file.name, message));
  ed.think(30);
  ed.deleteRange(file, file.lineStart(line + 1), file.lineStart(line + 2), 'select');
  editWord(ws, file);
  ed.save(file);
  ed.run(file, 'run', true, passOutput(ed.rng, file.lang, 'run'));
}
