import type * as vscode from 'vscode';

import type { PromptState } from '../prompting/policy';

const KEY = 'aura.promptState';

/** Prompt history and snooze survive reloads (global state, not synced across machines). */
export function loadPromptState(memento: vscode.Memento): PromptState {
  const raw = memento.get<PromptState>(KEY);
  const shownAt = Array.isArray(raw?.shownAt) ? raw.shownAt.filter((t): t is number => typeof t === 'number') : [];
  const snoozedUntil = typeof raw?.snoozedUntil === 'number' ? raw.snoozedUntil : 0;
  return { shownAt, snoozedUntil };
}

export function savePromptState(memento: vscode.Memento, state: PromptState): Thenable<void> {
  return memento.update(KEY, state);
}
