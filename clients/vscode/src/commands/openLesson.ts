import * as vscode from 'vscode';

import type { LessonArgs } from '../services/codeActions';
import type { Command } from './index';

/** Open a lesson in the lesson panel (from a finding, a hover, a link or the palette). */
export const openLesson: Command = {
  id: 'aura.openLesson',
  async run(c, arg?: unknown) {
    let args = (typeof arg === 'string' ? { lessonId: arg } : arg) as LessonArgs | undefined;
    if (!args?.lessonId) {
      const items = c.lessons.index.map((l) => ({
        label: l.title,
        description: l.id,
        detail: l.rules.length ? `rules: ${l.rules.join(', ')}` : undefined,
        id: l.id,
      }));
      if (items.length === 0) throw new Error('no lessons cached yet: sign in and run "Aura: Sync Now", or open one from a finding');
      const picked = await vscode.window.showQuickPick(items, { title: 'Aura: open a lesson', matchOnDescription: true, matchOnDetail: true });
      if (!picked) return undefined;
      args = { lessonId: picked.id, source: 'palette' };
    }
    const lesson = await c.lessons.get(args.lessonId);
    if (!lesson) throw new Error(`lesson ${args.lessonId} is not available offline and the server cannot be reached`);
    const uri = args.uri ? vscode.Uri.parse(args.uri) : undefined;
    await c.events.record('lesson.opened', { uri, ruleId: args.ruleId ?? null, lessonId: lesson.id, data: { from: args.source ?? 'command' } });
    await c.panel.show(lesson, { uri, ruleId: args.ruleId });
    return lesson.id;
  },
};
