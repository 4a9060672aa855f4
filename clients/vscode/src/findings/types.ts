/** The findings JSON every Aura channel shares (DESIGN.md, schema version 1). */
export interface Finding {
  rule_id: string;
  category: string;
  /** error | warning | info (other values are shown as information). */
  severity: string;
  path: string;
  line: number;
  end_line: number;
  column: number;
  message: string;
  fix: string;
  lesson_id: string | null;
  fingerprint: string;
  snippet: string;
}

export interface AuditReport {
  version: number;
  /** pass | fail */
  status: string;
  findings: Finding[];
  suppressed: number;
  stats: Record<string, unknown>;
}

/** Parse `aura audit --format json` output; throws with a short reason when it is not one. */
export function parseReport(stdout: string): AuditReport {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    throw new Error('aura audit did not print JSON');
  }
  if (typeof raw !== 'object' || raw === null) throw new Error('aura audit printed something other than a report');
  const r = raw as Partial<AuditReport>;
  if (r.version !== 1) throw new Error(`unsupported report version ${String(r.version)}`);
  if (!Array.isArray(r.findings)) throw new Error('report without findings');
  const findings = r.findings.filter(isFinding);
  return { version: 1, status: String(r.status ?? 'pass'), findings, suppressed: Number(r.suppressed ?? 0), stats: r.stats ?? {} };
}

function isFinding(value: unknown): value is Finding {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return typeof f.rule_id === 'string' && typeof f.path === 'string' && typeof f.line === 'number' && typeof f.message === 'string';
}
