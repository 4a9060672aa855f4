import * as path from 'node:path';

import { run } from './process';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export interface FileDiff {
  /** Repository root, or the file's folder when it is not in a repository. */
  root: string;
  /** Path relative to `root`, with forward slashes (what the engine's path rules see). */
  relative: string;
  diff: string;
  inRepo: boolean;
}

/** The file's changes against HEAD as a unified diff: tracked files with `git diff HEAD`, new
 * (untracked) files and repositories without commits as a whole-file addition, files outside any
 * repository too (everything in them is new to Aura). */
export async function diffAgainstHead(filePath: string): Promise<FileDiff> {
  const dir = path.dirname(filePath);
  const top = await run('git', ['rev-parse', '--show-toplevel'], { cwd: dir, timeoutMs: 15_000 });
  if (top.code !== 0 || top.missing) {
    return { root: dir, relative: path.basename(filePath), diff: await wholeFile(dir, path.basename(filePath)), inRepo: false };
  }
  const root = top.stdout.trim();
  const relative = path.relative(root, filePath).split(path.sep).join('/');
  const tracked = await run('git', ['ls-files', '--error-unmatch', '--', relative], { cwd: root, timeoutMs: 15_000 });
  if (tracked.code !== 0) return { root, relative, diff: await wholeFile(root, relative), inRepo: true };
  const head = await run('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: root, timeoutMs: 15_000 });
  const base = head.code === 0 ? 'HEAD' : EMPTY_TREE;
  const diff = await run('git', ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', base, '--', relative], { cwd: root, timeoutMs: 30_000 });
  if (diff.code !== 0) throw new Error(`git diff failed: ${diff.stderr.trim() || `exit ${String(diff.code)}`}`);
  return { root, relative, diff: diff.stdout, inRepo: true };
}

async function wholeFile(cwd: string, relative: string): Promise<string> {
  // `git diff --no-index` exits 1 when the files differ, which is the point here.
  const r = await run('git', ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--no-index', '--', '/dev/null', relative], {
    cwd,
    timeoutMs: 30_000,
  });
  if (r.code !== 0 && r.code !== 1) throw new Error(`git diff --no-index failed: ${r.stderr.trim() || `exit ${String(r.code)}`}`);
  return r.stdout;
}

export interface RepoDiff {
  root: string;
  diff: string;
  /** Changed and new files, relative to `root`. */
  files: string[];
}

/** Every change of a repository against HEAD (tracked files) plus its untracked files as
 * whole-file additions, as one diff: one audit for the whole working tree. */
export async function diffRepository(folder: string, maxUntracked = 200): Promise<RepoDiff | undefined> {
  const top = await run('git', ['rev-parse', '--show-toplevel'], { cwd: folder, timeoutMs: 15_000 });
  if (top.code !== 0 || top.missing) return undefined;
  const root = top.stdout.trim();
  const head = await run('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: root, timeoutMs: 15_000 });
  const base = head.code === 0 ? 'HEAD' : EMPTY_TREE;
  const tracked = await run('git', ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', base], { cwd: root, timeoutMs: 60_000 });
  if (tracked.code !== 0) throw new Error(`git diff failed: ${tracked.stderr.trim()}`);
  const names = await run('git', ['-c', 'core.quotePath=false', 'diff', '--name-only', '-z', base], { cwd: root, timeoutMs: 30_000 });
  const untracked = await run('git', ['ls-files', '--others', '--exclude-standard', '-z'], { cwd: root, timeoutMs: 30_000 });
  const newFiles = untracked.stdout.split('\0').filter(Boolean).slice(0, maxUntracked);
  const parts = [tracked.stdout];
  for (const file of newFiles) parts.push(await wholeFile(root, file));
  const files = [...names.stdout.split('\0').filter(Boolean), ...newFiles];
  return { root, diff: parts.join(''), files };
}
