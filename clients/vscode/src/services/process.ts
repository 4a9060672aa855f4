import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The executable could not be started (missing, not executable). */
  missing: boolean;
}

/** Run a command with optional stdin, collect its output (bounded), never throw. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; maxBytes?: number } = {},
): Promise<RunResult> {
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    } catch (err) {
      resolve({ code: null, stdout: '', stderr: err instanceof Error ? err.message : String(err), missing: true });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ code: null, stdout: '', stderr: `${command} timed out`, missing: false });
    }, options.timeoutMs ?? 60_000);
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size <= maxBytes) out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 256) err.push(b);
    });
    child.on('error', (e: NodeJS.ErrnoException) => finish({ code: null, stdout: '', stderr: e.message, missing: e.code === 'ENOENT' || e.code === 'EACCES' }));
    child.on('close', (code) => finish({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), missing: false }));
    child.stdin.on('error', () => undefined); // the child may exit before reading stdin
    child.stdin.end(options.input ?? '');
  });
}
