import { strict as assert } from 'node:assert';

import * as vscode from 'vscode';

import { EXTENSION_ID, extension } from './helpers';

export function registerActivation(): void {
  describe('activation', () => {
    it('activates in a workspace with .aura/ and registers its commands', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, 'installed');
      const started = performance.now();
      const c = await extension();
      const ms = performance.now() - started;
      assert.ok(ext.isActive);
      const commands = await vscode.commands.getCommands(true);
      for (const id of [
        'aura.signIn',
        'aura.signOut',
        'aura.auditFile',
        'aura.auditWorkspace',
        'aura.openLesson',
        'aura.suppressFinding',
        'aura.markNotUseful',
        'aura.snoozePrompts',
        'aura.syncNow',
        'aura.showLog',
        'aura.welcome',
      ]) {
        assert.ok(commands.includes(id), `${id} registered`);
      }
      assert.match(c.status.text, /Aura/);
      console.log(`    activation + start-up: ${ms.toFixed(1)} ms`);
    });

    it('signs in with a personal API token checked against the server', async () => {
      const c = await extension();
      const ok = await vscode.commands.executeCommand<boolean>('aura.signIn', { token: process.env.AURA_TEST_TOKEN });
      assert.equal(ok, true);
      assert.equal(await c.auth.token(), process.env.AURA_TEST_TOKEN);
      assert.equal(c.connection.state, 'online');
    });
  });
}
