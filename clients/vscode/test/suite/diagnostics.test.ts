import { strict as assert } from 'node:assert';
import { writeFile } from 'node:fs/promises';

import * as vscode from 'vscode';

import { api, extension, waitFor, workspaceFile } from './helpers';

const CHANGED = 'def main():\n    value = 1\n    breakpoint()\n    return value\n';

export function registerDiagnostics(): void {
  describe('diagnostics from the local aura CLI', () => {
    it('reports a finding of a real `aura audit` at the exact line and column', async () => {
      await extension();
      const uri = workspaceFile('app.py');
      await writeFile(uri.fsPath, CHANGED);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const d = await waitFor('an aura diagnostic on app.py', () => vscode.languages.getDiagnostics(uri).find((x) => x.source === 'aura'));
      const code = d.code as { value: string; target: vscode.Uri };
      assert.equal(code.value, 'python/debugger');
      assert.match(code.target.query, /id=debugger-statements/);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(d.range.start.line, 2);
      assert.equal(d.range.start.character, 4);
    });

    it('shows the fix and a lesson link on hover', async () => {
      const uri = workspaceFile('app.py');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(2, 6));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      assert.match(text, /python\/debugger/);
      assert.match(text, /Fix:/);
      assert.match(text, /command:aura\.openLesson/);
    });

    it('suppresses a finding by inserting the comment above it, and the finding goes away', async () => {
      const c = await extension();
      const uri = workspaceFile('app.py');
      const d = vscode.languages.getDiagnostics(uri).find((x) => x.source === 'aura');
      assert.ok(d);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
      const titles = actions.map((a) => a.title);
      assert.ok(
        titles.some((t) => t.startsWith('Aura: Open lesson')),
        titles.join(', '),
      );
      assert.ok(
        titles.some((t) => t.startsWith('Aura: This python/debugger finding is not useful')),
        titles.join(', '),
      );
      const suppress = actions.find((a) => a.title.startsWith('Aura: Suppress python/debugger'));
      assert.ok(suppress?.command, titles.join(', '));
      const args = { ...(suppress.command.arguments?.[0] as object), reason: 'exercising the debugger on purpose' };
      const queued = c.queue.size;
      assert.equal(await vscode.commands.executeCommand(suppress.command.command, args), true);
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.equal(doc.lineAt(2).text, '    # aura: allow python/debugger reason="exercising the debugger on purpose"');
      assert.equal(doc.lineAt(3).text, '    breakpoint()');
      assert.ok(c.queue.size > queued || c.queue.snapshot.delivered > 0, 'suppression.added was queued');
      await doc.save();
      await waitFor('the suppressed finding to disappear', () => vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'aura').length === 0);
    });

    it('audits all changed files of the repository in one pass', async () => {
      await extension();
      const result = await vscode.commands.executeCommand<{ files: number; findings: number }>('aura.auditWorkspace');
      assert.ok(result.files >= 1, JSON.stringify(result));
    });

    it('audits an untracked file as wholly new', async () => {
      await extension();
      const uri = workspaceFile('src/new_module.py');
      await vscode.workspace.fs.writeFile(uri, Buffer.from('import pdb\n\ndef f():\n    pdb.set_trace()\n'));
      const findings = await vscode.commands.executeCommand<{ rule_id: string; line: number }[]>('aura.auditFile', uri);
      assert.ok(
        findings.some((f) => f.rule_id === 'python/debugger' && f.line === 4),
        JSON.stringify(findings),
      );
    });

    it('reports a finding that disappears after an edit as fix.applied (a suppression is not a fix)', async () => {
      const c = await extension();
      const uri = workspaceFile('src/new_module.py');
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc);
      await waitFor('the finding in the open file', () => vscode.languages.getDiagnostics(uri).some((x) => x.source === 'aura'));
      await editor.edit((b) => b.replace(new vscode.Range(3, 0, 3, doc.lineAt(3).text.length), '    return None'));
      await doc.save();
      await waitFor('the finding to be gone', () => vscode.languages.getDiagnostics(uri).every((x) => x.source !== 'aura'));
      // Queued, or already delivered by the debounced flush: ask the server after a flush.
      await c.events.flush(true);
      const listed = await waitFor('fix.applied on the server', async () => {
        await c.events.flush(true);
        const page = await api<{ items: { type: string; rule_id: string | null; path: string | null }[] }>('GET', '/api/v1/events?type=fix.applied');
        return page.items.some((e) => e.rule_id === 'python/debugger') ? page.items : undefined;
      }).catch((err: Error) => {
        const q = c.queue.snapshot;
        throw new Error(`${err.message}; queued: ${JSON.stringify(q.events.map((e) => [e.type, e.rule_id, e.path]))}; last error: ${String(q.lastError)}`);
      });
      assert.ok(listed.some((e) => e.path === 'src/new_module.py'));
      // The suppression in app.py earlier produced no fix.applied of its own.
      assert.ok(!listed.some((e) => e.path === 'app.py'), JSON.stringify(listed));
    });
  });
}
