import * as vscode from 'vscode';

import type { Command } from './index';

/** Audit every changed or new file of the workspace's repositories in one pass, then show the
 * Problems panel and the first finding. */
export const auditWorkspace: Command = {
  id: 'aura.auditWorkspace',
  async run(c) {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) throw new Error('open a folder first');
    let files = 0;
    let findings = 0;
    let first: vscode.Uri | undefined;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Aura: auditing changes' }, async () => {
      for (const folder of folders) {
        const result = await c.diagnostics.auditRepository(folder.uri);
        files += result.files;
        findings += result.findings.length;
        first ??= result.first;
      }
    });
    if (first) {
      const editor = await vscode.window.showTextDocument(first, { preview: false });
      const d = vscode.languages.getDiagnostics(first).find((x) => x.source === 'aura');
      if (d) editor.selection = new vscode.Selection(d.range.start, d.range.start);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
    vscode.window.setStatusBarMessage(`Aura: ${files} changed file(s), ${findings} finding(s)`, 8000);
    return { files, findings };
  },
};
