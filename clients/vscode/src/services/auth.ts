import * as vscode from 'vscode';

const KEY = 'aura.apiToken';

/** The personal API token (`aura_pat_…`) in VS Code's SecretStorage, never in settings. */
export class AuthService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<boolean>();
  readonly onDidChange = this.changed.event;
  private cached: string | undefined | null = null;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key !== KEY) return;
      this.cached = null;
      void this.token().then((t) => this.changed.fire(t !== undefined));
    });
  }

  async token(): Promise<string | undefined> {
    if (this.cached === null) this.cached = (await this.secrets.get(KEY)) || undefined;
    return this.cached;
  }

  async store(token: string): Promise<void> {
    await this.secrets.store(KEY, token);
    this.cached = token;
    this.changed.fire(true);
    await vscode.commands.executeCommand('setContext', 'aura.signedIn', true);
  }

  async clear(): Promise<void> {
    await this.secrets.delete(KEY);
    this.cached = undefined;
    this.changed.fire(false);
    await vscode.commands.executeCommand('setContext', 'aura.signedIn', false);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function looksLikeToken(value: string): boolean {
  return /^aura_pat_[A-Za-z0-9_-]{16,}$/.test(value.trim());
}
