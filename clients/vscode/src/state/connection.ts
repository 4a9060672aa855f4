import * as vscode from 'vscode';

import type { ApiError } from '../services/apiClient';

export type ConnectionState = 'unknown' | 'online' | 'offline' | 'unauthorized' | 'signed-out';

/** The last known state of the link to the API, updated after every request. */
export class Connection implements vscode.Disposable {
  private value: ConnectionState = 'unknown';
  private readonly changed = new vscode.EventEmitter<{ from: ConnectionState; to: ConnectionState }>();
  readonly onDidChange = this.changed.event;
  detail = '';

  get state(): ConnectionState {
    return this.value;
  }

  report(ok: boolean, error?: ApiError): void {
    let next: ConnectionState = ok ? 'online' : 'offline';
    if (error?.kind === 'unauthorized') next = 'unauthorized';
    else if (error?.kind === 'signed-out') next = 'signed-out';
    this.detail = error?.message ?? '';
    if (next !== this.value) {
      const from = this.value;
      this.value = next;
      this.changed.fire({ from, to: next });
    }
  }

  set(state: ConnectionState, detail = ''): void {
    const from = this.value;
    this.value = state;
    this.detail = detail;
    if (from !== state) this.changed.fire({ from, to: state });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
