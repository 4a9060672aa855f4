import { strict as assert } from 'node:assert';

import * as vscode from 'vscode';

import type { TraceEvent } from '../../src/sensor/types';
import { extension, waitFor, workspaceFile } from './helpers';

export function registerSensor(): void {
  describe('struggle sensor in the editor', () => {
    it('turns real edits, undo and redo into trace events (undo first, then its edit)', async () => {
      const c = await extension();
      const uri = workspaceFile('sensor_demo.py');
      await vscode.workspace.fs.writeFile(uri, Buffer.from('x = 1\ny = 2\n'));
      const editor = await vscode.window.showTextDocument(uri);
      const seen: TraceEvent[] = [];
      const original = c.sensor.feed.bind(c.sensor);
      c.sensor.feed = (e: TraceEvent) => {
        if (e.file.endsWith('sensor_demo.py')) seen.push(e);
        original(e);
      };
      try {
        await editor.edit((b) => b.insert(new vscode.Position(1, 5), '0'));
        await vscode.commands.executeCommand('undo');
        await vscode.commands.executeCommand('redo');
        await waitFor('undo and redo to reach the sensor', () => seen.some((e) => e.type === 'redo'));
        const types = seen.map((e) => e.type);
        const undo = types.indexOf('undo');
        assert.ok(undo >= 0, types.join(','));
        assert.equal(types[undo + 1], 'edit');
        const edit = seen[undo + 1] as Extract<TraceEvent, { type: 'edit' }>;
        assert.equal(edit.offset, 11);
        assert.equal(edit.deleted, 1);
        assert.equal(types[types.indexOf('redo') + 1], 'edit');
      } finally {
        c.sensor.feed = original;
      }
    });

    it('prompts with a lesson for a detected episode and records struggle events', async () => {
      const c = await extension();
      const file = 'loop.py';
      const t0 = c.sensor.now();
      const trace: TraceEvent[] = [{ t: t0, type: 'open', file, language: 'python', text: 'def f(items):\n    return items["total"]\n' }];
      // The same failure after every edit: three failing test runs in a row.
      for (let i = 0; i < 4; i++) {
        trace.push({ t: t0 + 10 + i * 30, type: 'edit', file, offset: 32, deleted: 1, inserted: String(i) });
        trace.push({ t: t0 + 20 + i * 30, type: 'test', file, ok: false, output: "Traceback (most recent call last):\nKeyError: 'total'" });
      }
      const episode = new Promise((resolve) => {
        const sub = c.sensor.onEpisode((e) => {
          sub.dispose();
          resolve(e);
        });
      });
      for (const e of trace) c.sensor.feed(e);
      const detected = (await episode) as { file: string; signals: { repeated_error: number } };
      assert.equal(detected.file, file);
      assert.ok(detected.signals.repeated_error >= 0.7);
      const prompted = new Promise<{ lesson: { id: string } }>((resolve) => {
        const sub = c.struggle.onDidPrompt((p) => {
          sub.dispose();
          resolve(p);
        });
      });
      const choice = await c.struggle.prompt({ episode: detected as never, uri: undefined });
      assert.ok(choice, 'a lesson was chosen');
      assert.equal((await prompted).lesson.id, choice.lesson.id);
      assert.match(choice.lesson.id, /key-error|dict|python/);
      // The server has an LLM: the personalised lesson streams into the panel over SSE.
      assert.ok(choice.streamUrl, 'the struggle run streams');
      const streamed = new Promise<string>((resolve) => {
        const sub = c.panel.onDidStream((text) => {
          sub.dispose();
          resolve(text);
        });
      });
      await c.panel.show(choice.lesson, { alternatives: choice.alternatives, streamUrl: choice.streamUrl });
      assert.equal(await streamed, process.env.AURA_TEST_LLM_TEXT);
      await waitFor('struggle.detected and lesson.shown to be recorded', async () => {
        await c.events.flush(true);
        return c.queue.size === 0;
      });
    });
  });
}
