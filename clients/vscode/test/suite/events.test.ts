import { strict as assert } from 'node:assert';

import * as vscode from 'vscode';

import { api, env, extension, waitFor, workspaceFile } from './helpers';

interface EventList {
  items: { id: string; type: string; source: string; rule_id: string | null; lesson_id: string | null; path: string | null }[];
}

export function registerEvents(): void {
  describe('event queue', () => {
    it('flushes queued events to the running API, where GET /api/v1/events lists them', async () => {
      const c = await extension();
      const first = await c.events.record('feedback.not_useful', { uri: workspaceFile('app.py'), ruleId: 'python/debugger', data: { what: 'finding' } });
      const second = await c.events.record('lesson.completed', { lessonId: 'debugger-statements' });
      const outcome = await c.events.flush(true);
      assert.equal(outcome.status, 'delivered');
      assert.equal(c.queue.size, 0);
      const listed = await api<EventList>('GET', '/api/v1/events?limit=200');
      const ids = new Set(listed.items.map((e) => e.id));
      assert.ok(ids.has(first.id) && ids.has(second.id), 'both events arrived');
      const stored = listed.items.find((e) => e.id === first.id);
      assert.equal(stored?.source, 'vscode');
      assert.equal(stored?.rule_id, 'python/debugger');
      assert.equal(stored?.path, 'app.py');
      // Events of the earlier suites (suppression, lesson opened) arrived too.
      assert.ok(listed.items.some((e) => e.type === 'suppression.added' && e.source === 'vscode'));
    });

    it('keeps events while the server is unreachable and delivers them once it is back', async () => {
      const c = await extension();
      const config = vscode.workspace.getConfiguration('aura');
      await config.update('apiUrl', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Workspace);
      try {
        await waitFor('the new API URL', () => c.settings.apiUrl === 'http://127.0.0.1:9');
        const event = await c.events.record('feedback.helpful', { lessonId: 'debugger-statements' });
        const down = await c.events.flush(true);
        assert.equal(down.status, 'failed');
        assert.equal(c.queue.size, 1);
        assert.ok(c.queue.snapshot.nextAttemptAt > Date.now(), 'backing off');
        assert.equal(c.connection.state, 'offline');
        await config.update('apiUrl', env('AURA_TEST_API_URL'), vscode.ConfigurationTarget.Workspace);
        await waitFor('the queue to drain after reconnecting', () => c.queue.size === 0);
        const listed = await api<EventList>('GET', '/api/v1/events?type=feedback.helpful');
        assert.ok(listed.items.some((e) => e.id === event.id));
      } finally {
        await config.update('apiUrl', env('AURA_TEST_API_URL'), vscode.ConfigurationTarget.Workspace);
      }
    });
  });
}
