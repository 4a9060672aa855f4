import * as vscode from 'vscode';

import type { Command } from './index';

/** Deliver queued events now and refresh lessons and the team's knowledge map. */
export const syncNow: Command = {
  id: 'aura.syncNow',
  async run(c) {
    if (!(await c.auth.token())) throw new Error('sign in first ("Aura: Sign In")');
    c.queue.resetBackoff();
    const outcome = await c.events.flush(true);
    const [lessons, knowledge] = await Promise.all([c.lessons.refresh(true), c.knowledge.sync()]);
    const sent =
      outcome.status === 'delivered'
        ? `${outcome.sent} event(s) sent`
        : outcome.status === 'empty'
          ? 'no events waiting'
          : `events not sent (${'error' in outcome ? outcome.error : outcome.status})`;
    void vscode.window.showInformationMessage(`Aura: ${sent}; lessons ${lessons ? 'refreshed' : 'unchanged'}; team rules ${knowledge}.`);
    return { outcome, lessons, knowledge };
  },
};
