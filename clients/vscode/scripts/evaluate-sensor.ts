/** Score the struggle sensor on labelled traces (from simulate-traces.ts or any source with the
 * same label format) and print precision, recall, detection latency and false prompts per hour.
 *
 *   npm run evaluate -- DIR [--sensitivity normal] [--threshold 0.7] [--any-file] [--verbose]
 *
 * A detection is a true positive when it falls inside a labelled episode of the same file
 * (from its start until 60 s after its end); each episode counts once, and a second detection
 * inside an already detected episode counts as a false positive. Latency is measured from the
 * episode's start. False prompts per hour divide the detections outside every episode by the
 * hours of normal work (trace duration minus the episodes). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { StruggleSensor } from '../src/sensor/sensor';
import type { Episode, Sensitivity } from '../src/sensor/types';

interface Label {
  file: string;
  kind: string;
  start: number;
  end: number;
  quiet?: boolean;
}

const GRACE_AFTER = 60;
const GRACE_BEFORE = 5;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dir = process.argv[2];
if (!dir || dir.startsWith('--')) {
  process.stderr.write('usage: npm run evaluate -- DIR [--sensitivity low|normal|high] [--threshold X] [--any-file] [--verbose]\n');
  process.exit(2);
}
const anyFile = process.argv.includes('--any-file');
const verbose = process.argv.includes('--verbose');
const threshold = arg('threshold');
const sensitivity = (arg('sensitivity') ?? 'normal') as Sensitivity;

let tp = 0;
let fp = 0;
let duplicates = 0;
let labelsTotal = 0;
let normalSeconds = 0;
const latencies: number[] = [];
const perKind = new Map<string, { total: number; found: number; latencies: number[] }>();

for (const name of readdirSync(dir)
  .filter((n) => n.endsWith('.jsonl'))
  .sort()) {
  const meta = JSON.parse(readFileSync(join(dir, name.replace(/\.jsonl$/, '.labels.json')), 'utf8')) as { labels: Label[] };
  const sensor = new StruggleSensor(threshold ? { threshold: Number(threshold) } : { sensitivity });
  const episodes: Episode[] = [];
  let last = 0;
  for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
    if (!line) continue;
    const event = JSON.parse(line) as { t: number };
    last = event.t;
    const episode = sensor.push(event);
    if (episode) episodes.push(episode);
  }
  const labels = meta.labels;
  labelsTotal += labels.length;
  normalSeconds += last - labels.reduce((s, l) => s + (l.end - l.start), 0);
  const matched = new Set<Label>();
  for (const e of episodes) {
    const label = labels.find((l) => (anyFile || l.file === e.file) && e.t >= l.start - GRACE_BEFORE && e.t <= l.end + GRACE_AFTER);
    if (!label) {
      fp++;
      if (verbose) process.stdout.write(`${name} FP t=${e.t.toFixed(0)} ${e.file} score=${e.score} ${JSON.stringify(e.signals)} ${e.reason}\n`);
    } else if (matched.has(label)) {
      duplicates++;
    } else {
      matched.add(label);
      tp++;
      latencies.push(Math.max(0, e.t - label.start));
    }
  }
  for (const l of labels) {
    const kindKey = l.quiet ? `${l.kind} (quiet)` : l.kind;
    const k = perKind.get(kindKey) ?? { total: 0, found: 0, latencies: [] };
    k.total++;
    const hit = episodes.find((e) => (anyFile || l.file === e.file) && e.t >= l.start - GRACE_BEFORE && e.t <= l.end + GRACE_AFTER);
    if (hit) {
      k.found++;
      k.latencies.push(hit.t - l.start);
    } else if (verbose)
      process.stdout.write(
        `${name} MISS ${l.kind}${l.quiet ? ' (quiet)' : ''} ${l.file} ${l.start.toFixed(0)}..${l.end.toFixed(0)} (${((l.end - l.start) / 60).toFixed(1)} min)\n`,
      );
    perKind.set(kindKey, k);
  }
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

const precision = tp / Math.max(1, tp + fp + duplicates);
const recall = tp / Math.max(1, labelsTotal);
const normalHours = normalSeconds / 3600;
const summary = {
  episodes: labelsTotal,
  detections: tp + fp + duplicates,
  true_positives: tp,
  false_positives: fp,
  duplicates,
  precision: Number(precision.toFixed(3)),
  recall: Number(recall.toFixed(3)),
  median_latency_s: Number(median(latencies).toFixed(1)),
  normal_hours: Number(normalHours.toFixed(2)),
  false_prompts_per_hour: Number((fp / Math.max(normalHours, 1e-9)).toFixed(3)),
};
process.stdout.write(JSON.stringify(summary) + '\n');
process.stdout.on('error', () => process.exit(0));
for (const [kind, k] of [...perKind].sort()) {
  process.stdout.write(
    `  ${kind.padEnd(14)} recall ${(k.found / k.total).toFixed(2)} (${k.found}/${k.total})  median latency ${median(k.latencies).toFixed(0)} s\n`,
  );
}
