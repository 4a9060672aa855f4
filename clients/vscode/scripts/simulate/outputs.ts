/** Run and test outputs as real tools print them. */
import { type Language, PY_ERRORS, TS_ERRORS } from './code';
import type { Rng } from './rng';

export function errorPool(lang: Language): readonly string[] {
  return lang === 'python' ? PY_ERRORS : TS_ERRORS;
}

export function passOutput(rng: Rng, lang: Language, kind: 'run' | 'test'): string {
  const n = rng.int(3, 120);
  const secs = rng.uniform(0.05, 9).toFixed(2);
  if (kind === 'run') return rng.chance(0.5) ? '' : `done in ${secs}s`;
  return lang === 'python'
    ? `${'.'.repeat(Math.min(n, 40))}\n==== ${n} passed in ${secs}s ====`
    : `Test Suites: 4 passed, 4 total\nTests:       ${n} passed, ${n} total\nTime:        ${secs} s`;
}

/** A failing run or test whose last meaningful line is `message`. */
export function failOutput(rng: Rng, lang: Language, kind: 'run' | 'test', file: string, message: string): string {
  const line = rng.int(5, 400);
  const secs = rng.uniform(0.05, 9).toFixed(2);
  if (lang === 'python') {
    const trace = `Traceback (most recent call last):\n  File "/home/dev/proj/${file}", line ${line}, in main\n    result = handler(payload)\n  File "/home/dev/proj/${file}", line ${line + rng.int(1, 40)}, in handler\n    return compute(payload)\n${message}`;
    if (kind === 'run') return trace;
    const n = rng.int(2, 80);
    return `${trace}\n\nFAILED tests/test_${rng.int(1, 9)}.py::test_case_${rng.int(1, 30)} - ${message}\n==== 1 failed, ${n} passed in ${secs}s ====`;
  }
  const stack = `    at handler (/home/dev/proj/${file}:${line}:${rng.int(1, 40)})\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)`;
  if (kind === 'run') return `${file}:${line}\n${message}\n${stack}`;
  return `FAIL src/${rng.pick(['app', 'api', 'model'])}.test.ts\n  ● handles the case\n\n    ${message}\n\n${stack}\n\nTests:       1 failed, ${rng.int(2, 80)} passed\nTime:        ${secs} s`;
}

/** An assertion failure as a first red test in TDD prints it. */
export function assertionMessage(rng: Rng, lang: Language): string {
  const a = rng.int(0, 500);
  const b = a + rng.int(1, 50);
  return lang === 'python' ? `AssertionError: assert ${a} == ${b}` : `expect(received).toBe(expected) // Expected: ${b} Received: ${a}`;
}
