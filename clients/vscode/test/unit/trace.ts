/** Small helpers to write traces in tests: a clock, keystroke typing, and a sensor runner. */
import { StruggleSensor } from '../../src/sensor/sensor';
import type { Episode, TraceEvent } from '../../src/sensor/types';

type Draft<T> = T extends unknown ? Omit<T, 't' | 'file'> & { file?: string } : never;

export class TraceWriter {
  readonly events: TraceEvent[] = [];
  t = 0;

  constructor(readonly file = 'src/app.py') {}

  at(t: number): this {
    this.t = t;
    return this;
  }

  wait(seconds: number): this {
    this.t += seconds;
    return this;
  }

  push(event: Draft<TraceEvent>): this {
    this.events.push({ t: Number(this.t.toFixed(3)), file: this.file, ...event });
    return this;
  }

  open(text: string, language = 'python'): this {
    return this.push({ type: 'open', text, language });
  }

  edit(offset: number, deleted: number, inserted: string): this {
    return this.push({ type: 'edit', offset, deleted, inserted });
  }

  /** Type `text` at `offset` one key per `gap` seconds. */
  type(offset: number, text: string, gap = 0.2): this {
    for (let i = 0; i < text.length; i++) {
      this.wait(gap);
      this.edit(offset + i, 0, text[i] ?? '');
    }
    return this;
  }

  /** Backspace `count` characters ending at `end`. */
  backspace(end: number, count: number, gap = 0.1): this {
    for (let i = 0; i < count; i++) {
      this.wait(gap);
      this.edit(end - i - 1, 1, '');
    }
    return this;
  }

  diagnostics(errors: { line: number; message: string }[]): this {
    return this.push({ type: 'diagnostics', errors });
  }

  run(ok: boolean, output = '', type: 'run' | 'test' = 'test'): this {
    return this.push({ type, ok, output });
  }
}

export function replay(events: readonly TraceEvent[], sensor = new StruggleSensor()): Episode[] {
  const out: Episode[] = [];
  for (const e of events) {
    const episode = sensor.push(e);
    if (episode) out.push(episode);
  }
  return out;
}
