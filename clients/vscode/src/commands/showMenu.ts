import * as vscode from 'vscode';

import type { Command } from './index';

/** The status bar item's menu: the common actions in one place. */
export const showMenu: Command = {
  id: 'aura.showMenu',
  async run(c) {
    const signedIn = (await c.auth.token()) !== undefined;
    const items: (vscode.QuickPickItem & { command: string })[] = [
      { label: '$(checklist) Audit current file', command: 'aura.auditFile' },
      { label: '$(book) Open a lesson…', command: 'aura.openLesson' },
      { label: '$(sync) Sync now', description: `${c.queue.size} event(s) waiting`, command: 'aura.syncNow' },
      { label: signedIn ? '$(sign-out) Sign out' : '$(sign-in) Sign in…', command: signedIn ? 'aura.signOut' : 'aura.signIn' },
      { label: '$(bell-slash) Snooze struggle prompts…', command: 'aura.snoozePrompts' },
      { label: `$(pulse) Turn struggle sensor ${c.settings.sensorEnabled ? 'off' : 'on'}`, command: 'aura.toggleSensor' },
      { label: '$(output) Show log', command: 'aura.showLog' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Aura' });
    if (picked) await vscode.commands.executeCommand(picked.command);
  },
};
