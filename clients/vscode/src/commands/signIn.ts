import * as vscode from 'vscode';

import { ApiError } from '../services/apiClient';
import { looksLikeToken } from '../services/auth';
import type { Command } from './index';

/** Store a personal API token after checking it with the server (`GET /api/v1/auth/me`). */
export const signIn: Command = {
  id: 'aura.signIn',
  async run(c, arg?: unknown) {
    const given = typeof arg === 'string' ? arg : (arg as { token?: string } | undefined)?.token;
    const token =
      given ??
      (await vscode.window.showInputBox({
        title: 'Aura: sign in',
        prompt: `Personal API token for ${c.settings.apiUrl} (create one on the dashboard or with POST /api/v1/tokens)`,
        placeHolder: 'aura_pat_…',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (looksLikeToken(v) ? undefined : 'A token starts with aura_pat_'),
      }));
    if (!token) return false;
    if (!looksLikeToken(token)) throw new Error('that is not an Aura personal API token (aura_pat_…)');
    const previous = await c.auth.token();
    await c.auth.store(token.trim());
    try {
      const me = await c.api.me();
      void vscode.window.showInformationMessage(`Aura: signed in as ${me.email}.`);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.kind === 'offline') {
        void vscode.window.showWarningMessage(
          `Aura: token saved, but ${c.settings.apiUrl} cannot be reached right now; it will be used when the server is back.`,
        );
        return true;
      }
      if (previous) await c.auth.store(previous);
      else await c.auth.clear();
      throw new Error(
        err instanceof ApiError && err.kind === 'unauthorized'
          ? 'the server refused this token (revoked or expired?)'
          : err instanceof Error
            ? err.message
            : String(err),
      );
    }
  },
};
