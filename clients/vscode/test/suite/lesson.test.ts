import { strict as assert } from 'node:assert';

import * as vscode from 'vscode';

import { extension } from './helpers';

export function registerLesson(): void {
  describe('lesson panel', () => {
    it('opens a lesson and renders its Mermaid diagram inside the webview', async () => {
      const c = await extension();
      const rendered = new Promise<{ lessonId: string; diagrams: number; failed: string[] }>((resolve) => {
        const sub = c.panel.onDidRender((m) => {
          sub.dispose();
          resolve(m);
        });
      });
      const id = await vscode.commands.executeCommand<string>('aura.openLesson', { lessonId: 'debugger-statements', source: 'palette' });
      assert.equal(id, 'debugger-statements');
      const result = await rendered;
      assert.equal(result.lessonId, 'debugger-statements');
      assert.deepEqual(result.failed, []);
      assert.ok(result.diagrams >= 1, `diagrams rendered: ${result.diagrams}`);
      assert.ok(c.panel.visible);
    });

    it('renders the bundled getting-started lesson offline', async () => {
      const c = await extension();
      const rendered = new Promise<{ diagrams: number; failed: string[] }>((resolve) => {
        const sub = c.panel.onDidRender((m) => {
          sub.dispose();
          resolve(m);
        });
      });
      await vscode.commands.executeCommand('aura.welcome');
      const result = await rendered;
      assert.deepEqual(result.failed, []);
      assert.equal(result.diagrams, 1);
    });
  });
}
