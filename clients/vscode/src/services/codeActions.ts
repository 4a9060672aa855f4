import * as vscode from 'vscode';

import type { DiagnosticsService } from './diagnostics';

export interface LessonArgs {
  lessonId: string;
  ruleId?: string;
  uri?: string;
  source?: 'diagnostic' | 'hover' | 'prompt' | 'palette' | 'link';
}

export interface SuppressArgs {
  uri: string;
  line: number;
  ruleId: string;
  /** Given by tests and scripts; otherwise asked for. */
  reason?: string;
}

export interface NotUsefulArgs {
  uri: string;
  ruleId: string;
  lessonId?: string | null;
  fingerprint?: string;
}

/** Quick fixes on Aura diagnostics: open the lesson, suppress with a reason, "not useful". */
export class AuraCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: DiagnosticsService) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === 'aura');
    const found =
      ours.length > 0 ? this.diagnostics.at(doc.uri, range).filter((d) => ours.some((o) => o.range.isEqual(d.range) && o.message === d.message)) : [];
    const actions: vscode.CodeAction[] = [];
    for (const d of found) {
      const spec = d.aura;
      if (spec.lessonId) {
        const open = new vscode.CodeAction(`Aura: Open lesson for ${spec.ruleId}`, vscode.CodeActionKind.QuickFix);
        open.diagnostics = [d];
        open.command = {
          command: 'aura.openLesson',
          title: 'Open lesson',
          arguments: [{ lessonId: spec.lessonId, ruleId: spec.ruleId, uri: doc.uri.toString(), source: 'diagnostic' } satisfies LessonArgs],
        };
        actions.push(open);
      }
      const suppress = new vscode.CodeAction(`Aura: Suppress ${spec.ruleId} on this line…`, vscode.CodeActionKind.QuickFix);
      suppress.diagnostics = [d];
      suppress.command = {
        command: 'aura.suppressFinding',
        title: 'Suppress',
        arguments: [{ uri: doc.uri.toString(), line: spec.line, ruleId: spec.ruleId } satisfies SuppressArgs],
      };
      actions.push(suppress);
      const notUseful = new vscode.CodeAction(`Aura: This ${spec.ruleId} finding is not useful`, vscode.CodeActionKind.QuickFix);
      notUseful.diagnostics = [d];
      notUseful.command = {
        command: 'aura.markNotUseful',
        title: 'Not useful',
        arguments: [{ uri: doc.uri.toString(), ruleId: spec.ruleId, lessonId: spec.lessonId, fingerprint: spec.fingerprint } satisfies NotUsefulArgs],
      };
      actions.push(notUseful);
    }
    return actions;
  }
}

/** Hover on a finding: the rule, its fix and a link that opens the lesson. */
export class AuraHover implements vscode.HoverProvider {
  constructor(private readonly diagnostics: DiagnosticsService) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const found = this.diagnostics.at(doc.uri, position);
    if (found.length === 0) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['aura.openLesson'] };
    for (const d of found) {
      const spec = d.aura;
      md.appendMarkdown(`**Aura** \`${spec.ruleId}\`: `);
      md.appendText(spec.message);
      md.appendMarkdown('\n\n');
      if (spec.fix) {
        md.appendMarkdown('$(lightbulb) **Fix:** ');
        md.appendText(spec.fix);
        md.appendMarkdown('\n\n');
      }
      if (spec.lessonId) {
        const args = encodeURIComponent(
          JSON.stringify([{ lessonId: spec.lessonId, ruleId: spec.ruleId, uri: doc.uri.toString(), source: 'hover' } satisfies LessonArgs]),
        );
        md.appendMarkdown(`[$(book) Open lesson](command:aura.openLesson?${args})\n\n`);
      }
    }
    return new vscode.Hover(md, found[0]?.range);
  }
}
