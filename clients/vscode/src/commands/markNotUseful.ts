import * as vscode from 'vscode';

import type { NotUsefulArgs } from '../services/codeActions';
import type { Command } from './index';

/** Tell the team's rule-precision view that a finding was not useful here. */
export const markNotUseful: Command = {
  id: 'aura.markNotUseful',
  async run(c, arg?: unknown) {
    const args = arg as NotUsefulArgs | undefined;
    if (!args?.ruleId) throw new Error("run this from a finding's quick fixes");
    const uri = args.uri ? vscode.Uri.parse(args.uri) : undefined;
    await c.events.record('feedback.not_useful', {
      uri,
      ruleId: args.ruleId,
      lessonId: args.lessonId ?? null,
      data: { what: 'finding', fingerprint: args.fingerprint ?? null },
    });
    vscode.window.setStatusBarMessage(`Aura: noted, ${args.ruleId} was not useful here`, 4000);
    return true;
  },
};
