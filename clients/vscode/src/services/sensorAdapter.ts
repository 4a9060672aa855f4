import * as vscode from 'vscode';

import { StruggleSensor } from '../sensor/sensor';
import type { Episode, Sensitivity, TraceEvent } from '../sensor/types';

const MAX_TEXT = 2 * 1024 * 1024;
const OUTPUT_CAP = 16 * 1024;
const TEST_COMMAND =
  /\b(pytest|jest|vitest|mocha|go test|cargo test|npm (run )?test|pnpm test|yarn test|tox|nox|unittest|rspec|phpunit|dotnet test|gradle test|mvn test)\b/;
const RUN_COMMAND = /^\s*(python3?|node|deno|bun|tsx|ts-node|go run|cargo run|npm (run|start)|pnpm|yarn|uv run|java|ruby|php|make)\b/;

export type Activity = { kind: 'edit' } | { kind: 'save' } | { kind: 'run' | 'test'; ok: boolean };

/** Turns what VS Code reports into the sensor's trace events (DESIGN.md) and feeds the pure
 * sensor: document changes (undo/redo reason first, then the edits in descending offset order),
 * diagnostics of other tools, saves, focus changes, task and terminal command results. Only
 * `file` documents are watched, and closed documents are forgotten. */
export class SensorAdapter implements vscode.Disposable {
  private sensor: StruggleSensor;
  private readonly start = performance.now();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly episodes = new vscode.EventEmitter<Episode>();
  readonly onEpisode = this.episodes.event;
  private readonly activity = new vscode.EventEmitter<Activity>();
  readonly onActivity = this.activity.event;
  private readonly reading = new Map<unknown, { chunks: string[]; size: number }>();
  /** Offset of the last edit per document (for an optional excerpt). */
  readonly lastEdit = new Map<string, number>();
  private on: boolean;

  constructor(
    private sensitivity: Sensitivity,
    enabled: boolean,
  ) {
    this.sensor = new StruggleSensor({ sensitivity });
    this.on = enabled;
    const w = vscode.workspace;
    this.subscriptions.push(
      w.onDidOpenTextDocument((d) => this.open(d)),
      w.onDidCloseTextDocument((d) => this.close(d)),
      w.onDidChangeTextDocument((e) => this.change(e)),
      w.onDidSaveTextDocument((d) => this.simple('save', d)),
      vscode.window.onDidChangeActiveTextEditor((e) => this.focus(e)),
      vscode.languages.onDidChangeDiagnostics((e) => this.diagnostics(e)),
      vscode.tasks.onDidEndTaskProcess((e) => this.taskEnded(e)),
    );
    // Terminal command results need shell integration (VS Code 1.93+); use it when present.
    const win = vscode.window as unknown as Partial<ShellIntegrationApi>;
    if (win.onDidStartTerminalShellExecution && win.onDidEndTerminalShellExecution) {
      this.subscriptions.push(
        win.onDidStartTerminalShellExecution((e) => void this.commandStarted(e)),
        win.onDidEndTerminalShellExecution((e) => this.commandEnded(e)),
      );
    }
    for (const d of w.textDocuments) this.open(d);
  }

  get enabled(): boolean {
    return this.on;
  }

  /** Turning the sensor on starts from the documents open now (it saw none while off). */
  set enabled(value: boolean) {
    if (value === this.on) return;
    this.on = value;
    if (value) this.setSensitivity(this.sensitivity);
  }

  /** Seconds since the adapter started: the trace clock. */
  now(): number {
    return (performance.now() - this.start) / 1000;
  }

  setSensitivity(sensitivity: Sensitivity): void {
    this.sensitivity = sensitivity;
    this.sensor = new StruggleSensor({ sensitivity });
    for (const d of vscode.workspace.textDocuments) this.open(d);
  }

  /** Feed one trace event (also used by tests to drive the real pipeline). */
  feed(event: TraceEvent): void {
    if (!this.on) return;
    const episode = this.sensor.push(event);
    if (episode) this.episodes.fire(episode);
  }

  tick(): void {
    this.sensor.tick(this.now());
  }

  get trackedFiles(): number {
    return this.sensor.trackedFiles;
  }

  private watched(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === 'file';
  }

  private key(doc: vscode.TextDocument): string {
    return vscode.workspace.asRelativePath(doc.uri, false);
  }

  private open(doc: vscode.TextDocument): void {
    if (!this.watched(doc)) return;
    const text = doc.getText();
    if (text.length > MAX_TEXT) return;
    this.feed({ t: this.now(), type: 'open', file: this.key(doc), language: doc.languageId, text });
  }

  private close(doc: vscode.TextDocument): void {
    if (!this.watched(doc)) return;
    const file = this.key(doc);
    this.sensor.forget(file);
    this.lastEdit.delete(doc.uri.toString());
  }

  private change(e: vscode.TextDocumentChangeEvent): void {
    if (!this.watched(e.document) || e.contentChanges.length === 0) return;
    const t = this.now();
    const file = this.key(e.document);
    if (e.reason === vscode.TextDocumentChangeReason.Undo) this.feed({ t, type: 'undo', file });
    else if (e.reason === vscode.TextDocumentChangeReason.Redo) this.feed({ t, type: 'redo', file });
    // Ranges refer to the document before the change; applied in descending offset order each
    // one stays valid, which is the trace convention for multi-edit operations.
    const changes = [...e.contentChanges].sort((a, b) => b.rangeOffset - a.rangeOffset);
    for (const c of changes) this.feed({ t, type: 'edit', file, offset: c.rangeOffset, deleted: c.rangeLength, inserted: c.text });
    const first = changes[changes.length - 1];
    if (first) this.lastEdit.set(e.document.uri.toString(), first.rangeOffset);
    if (e.reason === undefined) this.activity.fire({ kind: 'edit' });
  }

  private simple(type: 'save', doc: vscode.TextDocument): void {
    if (!this.watched(doc)) return;
    this.feed({ t: this.now(), type, file: this.key(doc) });
    this.activity.fire({ kind: 'save' });
  }

  private activeFile: string | undefined;

  private focus(editor: vscode.TextEditor | undefined): void {
    const t = this.now();
    if (this.activeFile) this.feed({ t, type: 'blur', file: this.activeFile });
    this.activeFile = editor && this.watched(editor.document) ? this.key(editor.document) : undefined;
    if (this.activeFile) this.feed({ t, type: 'focus', file: this.activeFile });
  }

  private diagnostics(e: vscode.DiagnosticChangeEvent): void {
    const t = this.now();
    for (const uri of e.uris) {
      if (uri.scheme !== 'file') continue;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (!doc) continue;
      // Other tools' errors only: Aura's own findings are rules, not the user's errors.
      const errors = vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.severity === vscode.DiagnosticSeverity.Error && d.source !== 'aura')
        .slice(0, 50)
        .map((d) => ({ line: d.range.start.line + 1, message: d.message }));
      // VS Code reports a change per tool; the trace wants each file's full list, which this is.
      this.feed({ t, type: 'diagnostics', file: this.key(doc), errors });
    }
  }

  private activeDocument(): vscode.TextDocument | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    return doc && this.watched(doc) ? doc : undefined;
  }

  private taskEnded(e: vscode.TaskProcessEndEvent): void {
    const doc = this.activeDocument();
    if (!doc || e.exitCode === undefined) return;
    const kind = e.execution.task.group?.id === vscode.TaskGroup.Test.id ? 'test' : 'run';
    this.result(doc, kind, e.exitCode === 0, '');
  }

  private async commandStarted(e: ShellExecutionEvent): Promise<void> {
    const command = e.execution.commandLine.value;
    if (!TEST_COMMAND.test(command) && !RUN_COMMAND.test(command)) return;
    const buffer = { chunks: [] as string[], size: 0 };
    this.reading.set(e.execution, buffer);
    try {
      for await (const chunk of e.execution.read()) {
        buffer.chunks.push(chunk);
        buffer.size += chunk.length;
        while (buffer.size > OUTPUT_CAP && buffer.chunks.length > 1) buffer.size -= buffer.chunks.shift()?.length ?? 0;
      }
    } catch {
      // the terminal went away; whatever was read is kept
    }
  }

  private commandEnded(e: ShellExecutionEndEvent): void {
    const buffer = this.reading.get(e.execution);
    this.reading.delete(e.execution);
    const doc = this.activeDocument();
    if (!buffer || !doc || e.exitCode === undefined) return;
    const command = e.execution.commandLine.value;

    const output = buffer.chunks
      .join('')
      .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '')
      .slice(-OUTPUT_CAP);
    this.result(doc, TEST_COMMAND.test(command) ? 'test' : 'run', e.exitCode === 0, output);
  }

  private result(doc: vscode.TextDocument, kind: 'run' | 'test', ok: boolean, output: string): void {
    this.feed({ t: this.now(), type: kind, file: this.key(doc), ok, output });
    this.activity.fire({ kind, ok });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.episodes.dispose();
    this.activity.dispose();
  }
}

/** The shell-integration events of VS Code 1.93+, typed here because engines allow 1.90. */
interface ShellExecution {
  commandLine: { value: string };
  read(): AsyncIterable<string>;
}
interface ShellExecutionEvent {
  execution: ShellExecution;
}
interface ShellExecutionEndEvent {
  execution: ShellExecution;
  exitCode: number | undefined;
}
interface ShellIntegrationApi {
  onDidStartTerminalShellExecution: vscode.Event<ShellExecutionEvent>;
  onDidEndTerminalShellExecution: vscode.Event<ShellExecutionEndEvent>;
}
