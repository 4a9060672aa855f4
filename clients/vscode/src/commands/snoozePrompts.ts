import * as vscode from 'vscode';

import type { Command } from './index';

const CHOICES = [
  { label: 'For 1 hour', ms: 3_600_000 },
  { label: 'For the rest of the day (24 hours)', ms: 24 * 3_600_000 },
];

/** Pause struggle prompts for an hour or a day (the sensor keeps running, silently). */
export const snoozePrompts: Command = {
  id: 'aura.snoozePrompts',
  async run(c, arg?: unknown) {
    const ms = typeof arg === 'number' ? arg : (await vscode.window.showQuickPick(CHOICES, { title: 'Aura: snooze struggle prompts' }))?.ms;
    if (!ms) return undefined;
    c.struggle.snooze(ms);
    vscode.window.setStatusBarMessage(`Aura: prompts snoozed until ${new Date(c.struggle.snoozedUntil).toLocaleTimeString()}`, 5000);
    return c.struggle.snoozedUntil;
  },
};
