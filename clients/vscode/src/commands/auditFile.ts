import * as vscode from 'vscode';

import type { Command } from './index';

/** Audit the active file (or the given one) now; returns its findings. */
export const auditFile: Command = {
  id: 'aura.auditFile',
  async run(c, arg?: unknown) {
    const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : vscode.window.activeTextEditor?.document.uri;
    if (!uri) throw new Error('open a file to audit');
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.isDirty) await doc.save();
    const findings = await c.diagnostics.audit(doc);
    if (c.diagnostics.unavailable) throw new Error(c.diagnostics.unavailable);
    if (c.diagnostics.configError) throw new Error(c.diagnostics.configError);
    if (arg === undefined) vscode.window.setStatusBarMessage(findings.length ? `Aura: ${findings.length} finding(s)` : '$(check) Aura: no findings', 4000);
    return findings;
  },
};
