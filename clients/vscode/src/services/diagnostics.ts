import * as path from 'node:path';

import * as vscode from 'vscode';

import { type DiagnosticSpec, type Severity, fixedFindings, toDiagnosticSpecs } from '../findings/mapping';
import type { Finding } from '../findings/types';
import { AuditConfigError, type AuditRunner, AuditUnavailable } from './auditRunner';
import type { AuraSettings } from './config';
import type { EventRecorder } from './events';

const DEBOUNCE_MS = 400;
const MAX_BYTES = 2 * 1024 * 1024;

export interface AuraDiagnostic extends vscode.Diagnostic {
  aura: DiagnosticSpec;
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/** Turns audit findings into diagnostics (source `aura`, code = rule id linked to its lesson),
 * audits on open and on save (debounced), and reports a finding that disappears after an edit
 * as `fix.applied`. */
export class DiagnosticsService implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('aura');
  private readonly findings = new Map<string, Finding[]>();
  /** Saves per document, and the save count the last applied audit had seen: an audit that
   * started before a save must not decide what that save fixed. */
  private readonly saves = new Map<string, number>();
  private readonly auditedSaves = new Map<string, number>();
  /** Fingerprints suppressed through the quick fix: gone, but not fixed. */
  private readonly suppressed = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Set once neither the CLI nor the API could audit; cleared by the next success. */
  unavailable: string | null = null;
  configError: string | null = null;

  constructor(
    private readonly runner: AuditRunner,
    private readonly events: EventRecorder,
    private readonly settings: () => AuraSettings,
    private readonly lessonUri: (lessonId: string) => vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (this.settings().auditOnOpen) this.schedule(doc, 0);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const key = doc.uri.toString();
        this.saves.set(key, (this.saves.get(key) ?? 0) + 1);
        if (this.settings().auditOnSave) this.schedule(doc, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
    );
  }

  /** Audit the documents already open when the extension starts. */
  auditOpenDocuments(): void {
    if (!this.settings().auditOnOpen) return;
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private auditable(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === 'file' && !doc.isUntitled && doc.getText().length <= MAX_BYTES;
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!this.auditable(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.audit(doc);
      }, delay),
    );
  }

  /** Audit now (the command, tests); resolves when the diagnostics are updated. */
  async audit(doc: vscode.TextDocument): Promise<Finding[]> {
    const key = doc.uri.toString();
    const previous = this.running.get(key);
    if (previous) await previous.catch(() => undefined);
    let result: Finding[] = [];
    const job = (async () => {
      const savesSeen = this.saves.get(key) ?? 0;
      try {
        const outcome = await this.runner.audit(doc.uri.fsPath);
        this.unavailable = null;
        this.configError = null;
        result = outcome.findings;
        this.apply(doc, outcome.findings, savesSeen);
        this.log.info(`audited ${outcome.relative} via ${outcome.via}: ${outcome.findings.length} finding(s)`);
      } catch (err) {
        if (err instanceof AuditUnavailable) this.unavailable = err.message;
        else if (err instanceof AuditConfigError) this.configError = err.message;
        this.log.warn(`audit of ${doc.uri.fsPath} failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.changed.fire();
      }
    })();
    this.running.set(key, job);
    await job;
    if (this.running.get(key) === job) this.running.delete(key);
    return result;
  }

  /** Audit every changed file of the workspace folder's repository at once. */
  async auditRepository(folder: vscode.Uri): Promise<{ files: number; findings: Finding[]; first?: vscode.Uri }> {
    try {
      const result = await this.runner.auditRepository(folder.fsPath);
      this.unavailable = null;
      this.configError = null;
      if (!result) return { files: 0, findings: [] };
      const byPath = new Map<string, Finding[]>();
      for (const file of result.files) byPath.set(file, []);
      for (const f of result.findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
      let first: vscode.Uri | undefined;
      for (const [relative, findings] of byPath) {
        const uri = vscode.Uri.file(path.join(result.root, relative));
        const doc = await vscode.workspace.openTextDocument(uri).then(
          (d) => d,
          () => undefined,
        );
        if (!doc) continue;
        this.apply(doc, findings);
        if (findings.length > 0 && !first) first = uri;
      }
      this.log.info(`audited ${result.files.length} changed file(s) via ${result.via}: ${result.findings.length} finding(s)`);
      return { files: result.files.length, findings: result.findings, first };
    } catch (err) {
      if (err instanceof AuditUnavailable) this.unavailable = err.message;
      else if (err instanceof AuditConfigError) this.configError = err.message;
      throw err;
    } finally {
      this.changed.fire();
    }
  }

  /** `savesSeen`: the document's save count when the audit started (undefined: not a save). */
  private apply(doc: vscode.TextDocument, findings: Finding[], savesSeen?: number): void {
    const key = doc.uri.toString();
    const before = this.findings.get(key) ?? [];
    const audited = this.auditedSaves.get(key) ?? 0;
    if (savesSeen !== undefined && savesSeen > audited && this.findings.has(key)) {
      // The user saved an edit since the last audit: what it removed was fixed.
      for (const fixed of fixedFindings(before, findings)) {
        if (this.suppressed.delete(fixed.fingerprint)) continue;
        void this.events.record('fix.applied', {
          uri: doc.uri,
          ruleId: fixed.rule_id,
          lessonId: fixed.lesson_id,
          data: { fingerprint: fixed.fingerprint, category: fixed.category },
        });
      }
    }
    if (savesSeen !== undefined) this.auditedSaves.set(key, Math.max(audited, savesSeen));
    this.findings.set(key, findings);
    const lines = { lineCount: doc.lineCount, lineLength: (n: number) => doc.lineAt(Math.min(n, doc.lineCount - 1)).text.length };
    const diagnostics = toDiagnosticSpecs(findings, lines).map((spec) => this.toDiagnostic(spec));
    this.collection.set(doc.uri, diagnostics);
  }

  private toDiagnostic(spec: DiagnosticSpec): AuraDiagnostic {
    const range = new vscode.Range(spec.line, spec.character, spec.endLine, spec.endCharacter);
    const d = new vscode.Diagnostic(range, spec.message, SEVERITY[spec.severity]) as AuraDiagnostic;
    d.source = 'aura';
    d.code = spec.lessonId ? { value: spec.ruleId, target: this.lessonUri(spec.lessonId) } : spec.ruleId;
    d.aura = spec;
    return d;
  }

  /** A finding is being suppressed: its disappearance will not be reported as a fix. */
  noteSuppressed(uri: vscode.Uri, line: number, ruleId: string): void {
    for (const d of this.at(uri, new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER))) {
      if (d.aura.ruleId === ruleId && d.aura.fingerprint) this.suppressed.add(d.aura.fingerprint);
    }
  }

  /** The Aura diagnostics of a document at a position or range. */
  at(uri: vscode.Uri, range: vscode.Range | vscode.Position): AuraDiagnostic[] {
    const all = (this.collection.get(uri) ?? []) as readonly AuraDiagnostic[];
    return all.filter((d) => d.aura && (range instanceof vscode.Position ? d.range.contains(range) : d.range.intersection(range) !== undefined));
  }

  get count(): number {
    let n = 0;
    this.collection.forEach((_uri, diagnostics) => {
      n += diagnostics.length;
    });
    return n;
  }

  /** Rule ids with findings in a document (for the struggle workflow's scope). */
  ruleIds(uri: vscode.Uri): string[] {
    return [...new Set((this.findings.get(uri.toString()) ?? []).map((f) => f.rule_id))];
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.findings.delete(key);
    this.saves.delete(key);
    this.auditedSaves.delete(key);
    this.collection.delete(uri);
    this.changed.fire();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
    this.changed.dispose();
  }
}
