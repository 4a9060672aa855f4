/** Write simulated, labelled editor traces for the struggle sensor.
 *
 *   npm run simulate -- --out DIR [--count 12] [--hours 2] [--seed 1] [--normal-minutes 18]
 *                       [--kinds rewrite-loop,error-loop,...] [--no-struggle]
 *
 * Each trace is DIR/trace-NN.jsonl (the DESIGN.md trace format) with DIR/trace-NN.labels.json
 * ({persona, hours, labels: [{file, kind, start, end}]}). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { simulateSession } from './simulate/session';
import type { StruggleKind } from './simulate/struggle';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const out = arg('out', '');
if (!out) {
  process.stderr.write('usage: npm run simulate -- --out DIR [--count N] [--hours H] [--seed S]\n');
  process.exit(2);
}
const count = Number(arg('count', '12'));
const hours = Number(arg('hours', '2'));
const seed = Number(arg('seed', '1'));
const normalMinutes = process.argv.includes('--no-struggle') ? Infinity : Number(arg('normal-minutes', '18'));
const kinds = arg('kinds', '') ? (arg('kinds', '').split(',') as StruggleKind[]) : undefined;
mkdirSync(out, { recursive: true });
for (let i = 0; i < count; i++) {
  const session = simulateSession(seed * 1000 + i, { hours, normalMinutes, ...(kinds ? { kinds } : {}) });
  const name = `trace-${String(i).padStart(2, '0')}`;
  writeFileSync(join(out, `${name}.jsonl`), session.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(join(out, `${name}.labels.json`), JSON.stringify({ hours, persona: session.persona, labels: session.labels }, null, 1) + '\n');
  process.stderr.write(`${name}: ${session.events.length} events, ${session.labels.length} episodes\n`);
}
