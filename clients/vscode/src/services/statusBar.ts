import * as vscode from 'vscode';

import type { Connection } from '../state/connection';
import type { DiagnosticsService } from './diagnostics';
import type { EventRecorder } from './events';

/** One status bar item: connection state, findings, queued events; click for the menu. Audit
 * unavailability (no CLI, no API) is said once per session, then stays in the tooltip. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('aura.status', vscode.StatusBarAlignment.Left, 50);
  private warnedUnavailable = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly diagnostics: DiagnosticsService,
    private readonly events: EventRecorder,
    private readonly sensorOn: () => boolean,
  ) {
    this.item.name = 'Aura';
    this.item.command = 'aura.showMenu';
    this.subscriptions.push(
      connection.onDidChange(() => this.update()),
      diagnostics.onDidChange(() => this.update()),
      events.onDidChange(() => this.update()),
    );
    this.update();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  update(): void {
    const state = this.connection.state;
    const icon = { unknown: '$(mortar-board)', online: '$(mortar-board)', offline: '$(cloud-offline)', unauthorized: '$(warning)', 'signed-out': '$(account)' }[
      state
    ];
    const findings = this.diagnostics.count;
    const queued = this.events.queue.size;
    const parts = [`${icon} Aura`];
    if (findings > 0) parts.push(`$(checklist) ${findings}`);
    if (queued > 0) parts.push(`$(cloud-upload) ${queued}`);
    this.item.text = parts.join(' ');
    const lines = [
      `**Aura** · ${describe(state)}${this.connection.detail ? ` (${this.connection.detail})` : ''}`,
      `${findings} finding(s) in open files`,
      `${queued} event(s) waiting to be sent${this.events.queue.snapshot.dropped ? `, ${this.events.queue.snapshot.dropped} dropped while the queue was full` : ''}`,
      `Struggle sensor: ${this.sensorOn() ? 'on' : 'off'}`,
    ];
    if (this.diagnostics.unavailable) lines.push(`$(error) Cannot audit: ${this.diagnostics.unavailable}`);
    if (this.diagnostics.configError) lines.push(`$(error) Rules problem: ${this.diagnostics.configError}`);
    const tooltip = new vscode.MarkdownString(lines.join('\n\n'), true);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = this.diagnostics.configError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (this.diagnostics.unavailable && !this.warnedUnavailable) {
      this.warnedUnavailable = true;
      vscode.window.setStatusBarMessage('$(error) Aura cannot audit: install the aura CLI (setting aura.cliPath) or sign in to an Aura server', 15_000);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

function describe(state: string): string {
  switch (state) {
    case 'online':
      return 'connected';
    case 'offline':
      return 'offline, working locally';
    case 'unauthorized':
      return 'the server refused the token (sign in again)';
    case 'signed-out':
      return 'not signed in (local audits only)';
    default:
      return 'not contacted yet';
  }
}
