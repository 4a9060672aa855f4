import * as vscode from 'vscode';

import { indentationOf, suppressionLine } from '../findings/suppression';
import type { SuppressArgs } from '../services/codeActions';
import type { Command } from './index';

/** Insert `aura: allow <rule> reason="…"` above the finding, in the file's comment syntax. */
export const suppressFinding: Command = {
  id: 'aura.suppressFinding',
  async run(c, arg?: unknown) {
    const args = arg as SuppressArgs | undefined;
    if (!args?.uri || typeof args.line !== 'number' || !args.ruleId) throw new Error("run this from a finding's quick fixes");
    const uri = vscode.Uri.parse(args.uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const reason =
      args.reason ??
      (await vscode.window.showInputBox({
        title: `Aura: suppress ${args.ruleId}`,
        prompt: 'Why is this finding acceptable here? The reason is kept in the comment and counted as suppression debt.',
        placeHolder: 'e.g. test fixture, not a real key',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().length < 3 ? 'Give a short reason' : undefined),
      }));
    if (!reason) return false;
    const line = Math.min(Math.max(0, args.line), doc.lineCount - 1);
    const comment = suppressionLine(doc.languageId, args.ruleId, reason, indentationOf(doc.lineAt(line).text));
    if (!comment) throw new Error(`no comment syntax known for ${doc.languageId}: record it in the baseline instead (aura baseline update)`);
    c.diagnostics.noteSuppressed(uri, line, args.ruleId);
    const edit = new vscode.WorkspaceEdit();
    const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    edit.insert(uri, new vscode.Position(line, 0), comment + eol);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor refused the edit');
    await c.events.record('suppression.added', { uri, ruleId: args.ruleId, data: { reason_length: reason.trim().length } });
    return true;
  },
};
