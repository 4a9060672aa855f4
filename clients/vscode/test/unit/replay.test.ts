import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, '..', '..', 'node_modules', '.bin', 'tsx');

function replay(...args: string[]) {
  return spawnSync(TSX, [join(ROOT, 'src', 'sensor', 'replay.ts'), ...args], { encoding: 'utf8', cwd: ROOT });
}

describe('npm run replay', () => {
  it('prints only the JSON lines of the detected episodes on stdout', () => {
    const r = replay(join(ROOT, 'test', 'fixtures', 'error-loop.jsonl'));
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const episode = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(episode)).toEqual(['t', 'file', 'score', 'signals', 'reason']);
    expect(episode.file).toBe('src/orders.py');
    expect(episode.t).toBeGreaterThan(40); // after the third failure, not at the first
  });

  it('prints nothing for a calm trace and reports bad input on stderr', () => {
    const calm = replay(join(ROOT, 'test', 'fixtures', 'calm.jsonl'));
    expect(calm.status).toBe(0);
    expect(calm.stdout).toBe('');
    expect(calm.stderr).toMatch(/line 3: not JSON/);
    const missing = replay('/nonexistent/trace.jsonl');
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    const usage = replay();
    expect(usage.status).toBe(2);
  });
});
