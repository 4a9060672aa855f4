import { randomBytes } from 'node:crypto';

import * as vscode from 'vscode';

import type { EventRecorder } from '../services/events';
import type { Lesson, LessonService } from '../services/lessons';
import { streamRun } from '../services/sse';
import type { Alternative, HostMessage, ViewMessage } from '../webviews/lesson/protocol';
import { isViewMessage } from '../webviews/lesson/protocol';

export interface ShowOptions {
  reasons?: string[];
  alternatives?: string[];
  context?: string;
  uri?: vscode.Uri;
  ruleId?: string;
  /** A struggle run's SSE endpoint: the personalised lesson streams into the panel. */
  streamUrl?: string;
}

/** The lesson panel: one webview panel, reused, rendering Markdown and Mermaid with code that
 * ships inside the extension (strict CSP with a nonce, nothing remote). "Got it" records
 * `lesson.completed`, "Not helpful" `feedback.not_useful`. */
export class LessonPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queued: HostMessage[] = [];
  private shown: { lesson: Lesson; options: ShowOptions } | undefined;
  private readonly rendered = new vscode.EventEmitter<Extract<ViewMessage, { type: 'rendered' }>>();
  /** Fires when the webview has rendered a lesson (with its diagram count). */
  readonly onDidRender = this.rendered.event;
  private stream: AbortController | undefined;
  private readonly streamed = new vscode.EventEmitter<string>();
  /** Fires with the whole personalised text once it has streamed into the panel. */
  readonly onDidStream = this.streamed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly lessons: LessonService,
    private readonly events: EventRecorder,
    private readonly token: () => Promise<string | undefined>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get visible(): boolean {
    return this.panel !== undefined;
  }

  async show(lesson: Lesson, options: ShowOptions = {}): Promise<void> {
    this.shown = { lesson, options };
    const panel = this.ensure();
    panel.title = `Aura: ${lesson.title}`;
    panel.reveal(vscode.ViewColumn.Beside, false);
    const alternatives: Alternative[] = (options.alternatives ?? []).slice(0, 2).map((id) => ({ id, title: this.lessons.title(id) }));
    const message: HostMessage = {
      type: 'lesson/show',
      lesson: { id: lesson.id, title: lesson.title, markdown: lesson.markdown, reasons: options.reasons ?? [], origin: lesson.origin },
      alternatives,
    };
    if (options.context) message.context = options.context;
    this.post(message);
    this.stream?.abort();
    if (options.streamUrl) void this.relay(options.streamUrl);
  }

  private async relay(url: string): Promise<void> {
    const controller = new AbortController();
    this.stream = controller;
    let started = false;
    let text = '';
    try {
      await streamRun(url, await this.token(), controller.signal, {
        token: (token) => {
          if (!started) {
            started = true;
            this.post({ type: 'personalised/start' });
          }
          text += token;
          this.post({ type: 'personalised/token', text: token });
        },
        lesson: (personalised) => {
          if (personalised && !started) {
            started = true;
            text = personalised;
            this.post({ type: 'personalised/start' });
            this.post({ type: 'personalised/token', text: personalised });
          }
        },
      });
      if (started) {
        this.post({ type: 'personalised/done', ok: true });
        this.streamed.fire(text);
      }
    } catch (err) {
      if (!controller.signal.aborted) {
        this.log.info(`personalised lesson not streamed: ${err instanceof Error ? err.message : String(err)}`);
        if (started) this.post({ type: 'personalised/done', ok: false, message: 'The personalised explanation was interrupted.' });
      }
    }
  }

  private ensure(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel(
      'aura.lesson',
      'Aura lesson',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
      },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    this.ready = false;
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
      this.queued = [];
      this.stream?.abort();
    });
    this.panel = panel;
    return panel;
  }

  private post(message: HostMessage): void {
    if (!this.panel) return;
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queued.push(message);
  }

  private async receive(raw: unknown): Promise<void> {
    if (!isViewMessage(raw)) return;
    const shown = this.shown;
    const fields = { uri: shown?.options.uri, ruleId: shown?.options.ruleId ?? null };
    switch (raw.type) {
      case 'ready':
        this.ready = true;
        for (const m of this.queued.splice(0)) void this.panel?.webview.postMessage(m);
        break;
      case 'rendered':
        this.rendered.fire(raw);
        if (raw.failed.length > 0) this.log.warn(`lesson ${raw.lessonId}: ${raw.failed.length} diagram(s) failed: ${raw.failed[0] ?? ''}`);
        break;
      case 'lesson/completed':
        await this.events.record('lesson.completed', { ...fields, lessonId: raw.lessonId });
        void vscode.window.setStatusBarMessage('$(check) Aura: lesson marked as done', 3000);
        this.panel?.dispose();
        break;
      case 'lesson/notHelpful':
        await this.events.record('feedback.not_useful', { ...fields, lessonId: raw.lessonId, data: { what: 'lesson' } });
        void vscode.window.setStatusBarMessage('Aura: thanks, noted', 3000);
        break;
      case 'lesson/open': {
        const lesson = await this.lessons.get(raw.lessonId);
        if (lesson) {
          await this.events.record('lesson.opened', { ...fields, lessonId: lesson.id, data: { from: 'alternative' } });
          await this.show(lesson, { ...(shown?.options ?? {}), alternatives: [], streamUrl: undefined });
        }
        break;
      }
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(18).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'lesson.js'));
    const mermaid = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'mermaid.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'lesson.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Aura lesson</title>
</head>
<body>
<main id="lesson" aria-live="polite"><p>Loading the lesson…</p></main>
<section id="personalised" hidden aria-live="polite" aria-busy="false"><p class="label">For your code</p><div class="text"></div></section>
<nav id="actions" aria-label="Lesson actions"></nav>
<section id="alternatives" aria-label="Other lessons"></section>
<p id="origin" class="origin"></p>
<script nonce="${nonce}" src="${script.toString()}"></script>
<script nonce="${nonce}" src="${mermaid.toString()}" defer></script>
</body>
</html>`;
  }

  dispose(): void {
    this.stream?.abort();
    this.panel?.dispose();
    this.rendered.dispose();
    this.streamed.dispose();
  }
}
