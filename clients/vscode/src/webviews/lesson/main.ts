/** The lesson webview: renders Markdown (markdown-it, raw HTML disabled) and Mermaid diagrams
 * (bundled locally, strict security level) inside a strict CSP; follows the editor theme through
 * VS Code's CSS variables and body classes; every control is a real button (keyboard reachable). */
import MarkdownIt from 'markdown-it';
import type mermaidApi from 'mermaid';

import type { Alternative, HostMessage, LessonView, ViewMessage } from './protocol';

declare function acquireVsCodeApi(): { postMessage(message: ViewMessage): void; setState(state: unknown): void; getState(): unknown };

const vscode = acquireVsCodeApi();
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';

function themeOf(): 'dark' | 'default' | 'neutral' {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast') || c.contains('vscode-high-contrast-light')) return 'neutral';
  return c.contains('vscode-dark') ? 'dark' : 'default';
}

let diagramCounter = 0;
let current: LessonView | null = null;

function stripFrontMatter(text: string): string {
  return text.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
}

/** Mermaid's SVG carries a <style> element, which the CSP (styles only with our nonce) would
 * block: its rules move into a nonce-carrying <style> of the document. Labels are SVG text
 * (htmlLabels off), so Mermaid's layout never depends on style attributes the CSP drops. */
function adoptSvg(svg: string, host: HTMLElement): void {
  host.innerHTML = svg;
  for (const style of Array.from(host.querySelectorAll('style'))) {
    const adopted = document.createElement('style');
    adopted.nonce = nonce;
    adopted.textContent = style.textContent;
    document.head.appendChild(adopted);
    style.remove();
  }
}

type Mermaid = typeof mermaidApi;

/** Mermaid arrives in its own script; wait for it (it is local, so this is short). */
function mermaidReady(): Promise<Mermaid> {
  const loaded = (globalThis as { auraMermaid?: Mermaid }).auraMermaid;
  if (loaded) return Promise.resolve(loaded);
  return new Promise((resolve) => {
    window.addEventListener('aura-mermaid-ready', () => resolve((globalThis as { auraMermaid?: Mermaid }).auraMermaid as Mermaid), { once: true });
  });
}

async function renderDiagrams(root: HTMLElement, lessonId: string): Promise<void> {
  if (!root.querySelector('pre > code.language-mermaid')) {
    vscode.postMessage({ type: 'rendered', lessonId, diagrams: 0, failed: [] });
    return;
  }
  const mermaid = await mermaidReady();
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: themeOf(), htmlLabels: false, flowchart: { htmlLabels: false } });
  const blocks = Array.from(root.querySelectorAll<HTMLElement>('pre > code.language-mermaid'));
  const failed: string[] = [];
  let rendered = 0;
  for (const code of blocks) {
    const pre = code.parentElement as HTMLElement;
    const figure = document.createElement('figure');
    figure.className = 'diagram';
    figure.setAttribute('role', 'img');
    figure.setAttribute('aria-label', 'Diagram');
    try {
      const { svg } = await mermaid.render(`aura-diagram-${++diagramCounter}`, code.textContent ?? '');
      adoptSvg(svg, figure);
      pre.replaceWith(figure);
      rendered++;
    } catch (err) {
      failed.push(err instanceof Error ? err.message : String(err));
      pre.classList.add('diagram-error');
    }
  }
  vscode.postMessage({ type: 'rendered', lessonId, diagrams: rendered, failed });
}

function button(label: string, onClick: () => void, primary = false): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (!primary) b.className = 'secondary';
  b.addEventListener('click', onClick);
  return b;
}

function show(lesson: LessonView, alternatives: Alternative[], context?: string): void {
  current = lesson;
  vscode.setState({ lessonId: lesson.id });
  document.title = lesson.title;
  const main = document.getElementById('lesson') as HTMLElement;
  main.replaceChildren();
  if (context) {
    const note = document.createElement('p');
    note.className = 'context';
    note.textContent = context;
    main.appendChild(note);
  }
  const body = document.createElement('article');
  body.innerHTML = md.render(stripFrontMatter(lesson.markdown));
  main.appendChild(body);
  const personal = document.getElementById('personalised') as HTMLElement;
  personal.hidden = true;
  personal.querySelector('.text')?.replaceChildren();
  const actions = document.getElementById('actions') as HTMLElement;
  actions.replaceChildren(
    button('Got it', () => vscode.postMessage({ type: 'lesson/completed', lessonId: lesson.id }), true),
    button('Not helpful', () => vscode.postMessage({ type: 'lesson/notHelpful', lessonId: lesson.id })),
  );
  const others = document.getElementById('alternatives') as HTMLElement;
  others.replaceChildren();
  if (alternatives.length > 0) {
    const heading = document.createElement('h2');
    heading.textContent = 'Other lessons';
    const list = document.createElement('ul');
    for (const alt of alternatives) {
      const item = document.createElement('li');
      item.appendChild(button(alt.title, () => vscode.postMessage({ type: 'lesson/open', lessonId: alt.id })));
      list.appendChild(item);
    }
    others.append(heading, list);
  }
  const origin = document.getElementById('origin') as HTMLElement;
  origin.textContent =
    lesson.origin === 'cache' ? 'Offline copy' : lesson.origin === 'cli' ? 'From the local aura CLI' : lesson.origin === 'team' ? "Your team's lesson" : '';
  (main.querySelector('h1') as HTMLElement | null)?.setAttribute('tabindex', '-1');
  void renderDiagrams(body, lesson.id);
}

let streamed = '';

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  const personal = document.getElementById('personalised') as HTMLElement;
  const text = personal.querySelector('.text') as HTMLElement;
  switch (m.type) {
    case 'lesson/show':
      show(m.lesson, m.alternatives, m.context);
      break;
    case 'personalised/start':
      streamed = '';
      personal.hidden = false;
      personal.setAttribute('aria-busy', 'true');
      text.textContent = '';
      break;
    case 'personalised/token':
      streamed += m.text;
      text.textContent = streamed;
      break;
    case 'personalised/done':
      personal.setAttribute('aria-busy', 'false');
      if (m.ok && streamed) {
        text.innerHTML = md.render(streamed);
        if (current) void renderDiagrams(text, current.id);
      } else if (!m.ok) {
        personal.hidden = streamed === '';
      }
      break;
  }
});

vscode.postMessage({ type: 'ready' });
