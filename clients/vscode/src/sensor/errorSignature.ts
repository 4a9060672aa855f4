/** Error messages as comparable signatures: the same mistake reported twice must compare equal
 * even when line numbers, columns, addresses or temporary paths differ, while different names in
 * the message (`name 'x'` vs `name 'y'`) keep different mistakes apart. */

const LOCATION = /\b(?:line|ln|col|column)\s*\d+\b|:\d+(?::\d+)?\b|\(\d+,\d+\)/gi;
const HEX = /\b0x[0-9a-f]+\b/gi;
const PATHISH = /(?:[A-Za-z]:)?(?:[\w.-]*[\\/])+[\w.-]+/g;
const NUMBER = /\b\d+(?:\.\d+)?\b/g;
const TIMING = /\b\d+(?:\.\d+)?\s*(?:ms|s|sec|seconds?|us|µs|ns)\b/gi;

export function errorSignature(message: string): string {
  return message
    .replace(TIMING, ' ')
    .replace(LOCATION, ' ')
    .replace(HEX, '#')
    .replace(PATHISH, '<path>')
    .replace(NUMBER, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .slice(0, 240);
}

const STRONG = /\b(?:[A-Z]\w*(?:Error|Exception)|assert(?:ion)?(?:Error)?|expected|TS\d{4,5}|panic(?:ked)?)\b/;
const WEAK = /\b(?:error|failed|failure|cannot|undefined|not defined|not found)\b/i;
const NOISE = /^(?:at |File "|Traceback|\s*[~^]+\s*$|-{3,}|={3,}|_{3,}|\s*\|)/;

/** The line of a run or test output that names the failure: from the end, the first line naming
 * an error class or an assertion, else the first generic failure line (summaries such as
 * "1 failed, 3 passed" come last and say least), else the last line. Scans a bounded number of
 * lines. */
export function failureLine(output: string): string {
  const lines = output.split(/\r?\n/);
  let weak = '';
  let fallback = '';
  let scanned = 0;
  for (let i = lines.length - 1; i >= 0 && scanned < 80; i--) {
    const line = (lines[i] ?? '').trim();
    if (line.length === 0 || NOISE.test(line)) continue;
    scanned++;
    const strong = STRONG.exec(line);
    // From the error class on: "FAILED tests/x.py::test_y - KeyError: 'id'" and a traceback's
    // "KeyError: 'id'" are the same failure.
    if (strong) return line.slice(strong.index, strong.index + 500);
    if (!weak && WEAK.test(line)) weak = line;
    if (!fallback) fallback = line;
  }
  return (weak || fallback).slice(0, 500);
}
