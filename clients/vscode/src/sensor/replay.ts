/** `npm run replay -- TRACE.jsonl [--sensitivity low|normal|high]`: feed a trace to the struggle
 * sensor and print one JSON line per detected episode on stdout (nothing else goes to stdout).
 * Reads the file as a stream, so hours of trace take constant memory. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

import { StruggleSensor } from './sensor';
import type { Episode, Sensitivity } from './types';

function usage(message: string): never {
  process.stderr.write(`replay: ${message}\nusage: npm run replay -- TRACE.jsonl [--sensitivity low|normal|high]\n`);
  process.exit(2);
}

export function episodeLine(e: Episode): string {
  return JSON.stringify({ t: e.t, file: e.file, score: e.score, signals: e.signals, reason: e.reason });
}

async function main(argv: string[]): Promise<void> {
  let path: string | undefined;
  let sensitivity: Sensitivity = 'normal';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sensitivity') {
      const value = argv[++i];
      if (value !== 'low' && value !== 'normal' && value !== 'high') usage(`unknown sensitivity ${String(value)}`);
      sensitivity = value;
    } else if (arg === '-h' || arg === '--help') {
      usage('replay a JSONL editor trace through the struggle sensor');
    } else if (arg !== undefined && path === undefined) {
      path = arg;
    } else {
      usage(`unexpected argument ${String(arg)}`);
    }
  }
  if (!path) usage('missing TRACE.jsonl (use - for stdin)');
  const sensor = new StruggleSensor({ sensitivity });
  const input = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  input.on('error', (err: Error) => usage(`cannot read ${path}: ${err.message}`));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  let skipped = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      skipped++;
      if (skipped <= 5) process.stderr.write(`replay: line ${number}: not JSON, skipped\n`);
      continue;
    }
    const episode = sensor.push(event);
    if (episode) process.stdout.write(episodeLine(episode) + '\n');
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`replay: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
