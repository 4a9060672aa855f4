import type { Finding } from './types';

export type Severity = 'error' | 'warning' | 'information';

/** Where and how a finding is shown, independent of the VS Code API (0-based positions). */
export interface DiagnosticSpec {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  severity: Severity;
  message: string;
  ruleId: string;
  lessonId: string | null;
  fix: string;
  fingerprint: string;
}

/** Only the lines the mapping needs, so tests can pass a plain array. */
export interface LineSource {
  lineCount: number;
  lineLength(line: number): number;
}

export function severityOf(value: string): Severity {
  if (value === 'error') return 'error';
  if (value === 'warning') return 'warning';
  return 'information';
}

/** Findings of one file → diagnostics at the exact line and column (findings use 1-based lines
 * and columns; a column of 0 or less means "the whole line"). Positions are clamped to the
 * document, which may have changed since the audit ran. The range runs to the end of
 * `end_line`, trimmed of nothing: the finding names a statement, not a token. */
export function toDiagnosticSpecs(findings: readonly Finding[], doc: LineSource): DiagnosticSpec[] {
  const last = Math.max(0, doc.lineCount - 1);
  return findings.map((f) => {
    const line = Math.min(Math.max(0, Math.floor(f.line) - 1), last);
    const endLine = Math.min(Math.max(line, Math.floor(f.end_line || f.line) - 1), last);
    const length = doc.lineLength(line);
    const character = f.column > 0 ? Math.min(Math.floor(f.column) - 1, length) : 0;
    let endCharacter = doc.lineLength(endLine);
    if (endLine === line && endCharacter <= character) endCharacter = Math.max(character, length);
    return {
      line,
      character,
      endLine,
      endCharacter,
      severity: severityOf(f.severity),
      message: f.message,
      ruleId: f.rule_id,
      lessonId: f.lesson_id ?? null,
      fix: f.fix ?? '',
      fingerprint: f.fingerprint ?? '',
    };
  });
}

/** Findings that were there before and are gone now, by fingerprint: each one is a fix. */
export function fixedFindings(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const still = new Set(after.map((f) => f.fingerprint || `${f.rule_id}@${f.line}`));
  const seen = new Set<string>();
  return before.filter((f) => {
    const key = f.fingerprint || `${f.rule_id}@${f.line}`;
    if (still.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
