import { strict as assert } from 'node:assert';
import { writeFile } from 'node:fs/promises';

import * as vscode from 'vscode';

import { api, extension, waitFor, workspaceFile } from './helpers';

const RULES = `version: 1
team_rules:
  - id: team/no-todo-without-ticket
    pattern: 'TODO'
    unless: 'TODO\\(\\w+-\\d+\\)'
    message: TODO without a ticket reference
    fix: Write TODO(ABC-123) so the work is tracked
    severity: warning
    lesson: team-todo
`;

const LESSON = `---
id: team-todo
title: "TODOs carry a ticket"
rules: [team/no-todo-without-ticket]
languages: [python]
level: beginner
tags: [team]
---

# TODOs carry a ticket

A TODO without a ticket is forgotten. Write \`TODO(ABC-123)\`.
`;

export function registerKnowledge(): void {
  describe('team knowledge map', () => {
    it("applies the team's synced rules when the repository has no rules.yaml, and opens its lessons", async () => {
      const c = await extension();
      const team = await api<{ id: string }>('POST', '/api/v1/teams', { name: 'Extension team' });
      await api('PUT', `/api/v1/teams/${team.id}/knowledge`, { rules_yaml: RULES, lessons: { 'team-todo': LESSON }, message: 'extension test' });
      await vscode.workspace.getConfiguration('aura').update('team', team.id, vscode.ConfigurationTarget.Workspace);
      await waitFor('the team map to be synced', () => c.knowledge.rulesPath() !== undefined);
      const uri = workspaceFile('todo.py');
      await writeFile(uri.fsPath, 'def later():\n    # TODO tidy this up\n    return 1\n');
      const findings = await vscode.commands.executeCommand<{ rule_id: string; line: number; lesson_id: string }[]>('aura.auditFile', uri);
      const todo = findings.find((f) => f.rule_id === 'team/no-todo-without-ticket');
      assert.ok(todo, JSON.stringify(findings));
      assert.equal(todo.line, 2);
      assert.equal(await vscode.commands.executeCommand('aura.openLesson', { lessonId: todo.lesson_id }), 'team-todo');
      const lesson = await c.lessons.get('team-todo');
      assert.equal(lesson?.origin, 'team');
      assert.equal(lesson?.title, 'TODOs carry a ticket');
    });
  });
}
