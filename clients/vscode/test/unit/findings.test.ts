import { describe, expect, it } from 'vitest';

import { fixedFindings, severityOf, toDiagnosticSpecs } from '../../src/findings/mapping';
import { type Finding, parseReport } from '../../src/findings/types';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule_id: 'python/debugger',
    category: 'debugger',
    severity: 'error',
    path: 'app.py',
    line: 3,
    end_line: 3,
    column: 5,
    message: 'Debugger breakpoint left in code',
    fix: 'Remove it',
    lesson_id: 'debugger-statements',
    fingerprint: 'sha256:abc',
    snippet: 'breakpoint()',
    ...overrides,
  };
}

const doc = (lines: string[]) => ({ lineCount: lines.length, lineLength: (n: number) => (lines[n] ?? '').length });

describe('findings → diagnostics', () => {
  it('maps 1-based line and column to 0-based positions, to the end of the line', () => {
    const [spec] = toDiagnosticSpecs([finding()], doc(['def f():', '    x = 1', '    breakpoint()', '']));
    expect(spec).toMatchObject({
      line: 2,
      character: 4,
      endLine: 2,
      endCharacter: 16,
      severity: 'error',
      ruleId: 'python/debugger',
      lessonId: 'debugger-statements',
      fix: 'Remove it',
    });
  });

  it('spans multi-line findings and clamps positions to a document that changed since', () => {
    const [multi] = toDiagnosticSpecs([finding({ line: 1, end_line: 2, column: 0 })], doc(['def f():', '    pass']));
    expect(multi).toMatchObject({ line: 0, character: 0, endLine: 1, endCharacter: 8 });
    const [clamped] = toDiagnosticSpecs([finding({ line: 40, end_line: 41, column: 99 })], doc(['a', 'bb']));
    expect(clamped).toMatchObject({ line: 1, character: 2, endLine: 1, endCharacter: 2 });
  });

  it('maps severities, unknown ones to information', () => {
    expect(severityOf('error')).toBe('error');
    expect(severityOf('warning')).toBe('warning');
    expect(severityOf('info')).toBe('information');
    expect(severityOf('whatever')).toBe('information');
  });

  it('finds the findings that an edit made disappear (fix.applied), once each', () => {
    const a = finding({ fingerprint: 'sha256:a' });
    const b = finding({ fingerprint: 'sha256:b', rule_id: 'python/debug-print' });
    expect(fixedFindings([a, b, a], [b])).toEqual([a]);
    expect(fixedFindings([a], [a])).toEqual([]);
  });
});

describe('the audit JSON contract', () => {
  it('parses `aura audit --format json` and drops malformed findings', () => {
    const report = parseReport(JSON.stringify({ version: 1, status: 'fail', findings: [finding(), { rule_id: 3 }], suppressed: 1, stats: { files: 1 } }));
    expect(report.findings).toHaveLength(1);
    expect(report.suppressed).toBe(1);
  });

  it('rejects output that is not a version 1 report', () => {
    expect(() => parseReport('aura: error')).toThrow(/did not print JSON/);
    expect(() => parseReport('{"version": 2, "findings": []}')).toThrow(/version 2/);
    expect(() => parseReport('{"version": 1}')).toThrow(/without findings/);
  });
});
