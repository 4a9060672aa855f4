import * as vscode from 'vscode';

import type { Command } from './index';

/** Forget the stored token; queued events stay queued for the next sign-in. */
export const signOut: Command = {
  id: 'aura.signOut',
  async run(c) {
    await c.auth.clear();
    c.connection.set('signed-out');
    void vscode.window.showInformationMessage(
      `Aura: signed out.${c.queue.size ? ` ${c.queue.size} queued event(s) stay on this machine until you sign in again.` : ''}`,
    );
  },
};
