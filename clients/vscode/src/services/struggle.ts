import * as vscode from 'vscode';

import { redact } from '../findings/redact';
import type { LessonPanel } from '../panels/lessonPanel';
import { DEFAULT_PROMPT_SETTINGS, type Decision, PromptPolicy } from '../prompting/policy';
import type { Episode } from '../sensor/types';
import { loadPromptState, savePromptState } from '../state/promptState';
import { type ApiClient, ApiError, type StruggleRunCreate } from './apiClient';
import type { AuraSettings } from './config';
import type { DiagnosticsService } from './diagnostics';
import { type EventRecorder, hashPath } from './events';
import type { Lesson, LessonService } from './lessons';
import type { SensorAdapter } from './sensorAdapter';

const TICK_MS = 5_000;
const EXCERPT_LINES = 20;
const EXCERPT_CHARS = 2_000;

interface Offer {
  episode: Episode;
  uri: vscode.Uri | undefined;
}

interface Choice {
  lesson: Lesson;
  alternatives: string[];
  reasons: string[];
  streamUrl?: string;
}

/** From episode to prompt: records `struggle.detected`, lets the prompt policy pick the moment,
 * asks the API's struggle workflow for the lesson (offline: the cached lesson index), shows the
 * prompt, and opens the lesson panel (with the personalised text streaming when the server has
 * an LLM). */
export class StruggleService implements vscode.Disposable {
  private policy: PromptPolicy<Offer>;
  private readonly timer: NodeJS.Timeout;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly prompted = new vscode.EventEmitter<{ episode: Episode; lesson: Lesson }>();
  /** Fires when a prompt is shown (tests wait on it). */
  readonly onDidPrompt = this.prompted.event;

  constructor(
    private readonly adapter: SensorAdapter,
    private readonly memento: vscode.Memento,
    private readonly api: ApiClient,
    private readonly lessons: LessonService,
    private readonly diagnostics: DiagnosticsService,
    private readonly events: EventRecorder,
    private readonly panel: LessonPanel,
    private readonly settings: () => AuraSettings,
    private readonly salt: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.policy = this.makePolicy();
    this.subscriptions.push(
      adapter.onEpisode((e) => void this.detected(e)),
      adapter.onActivity((a) => {
        const now = Date.now();
        if (a.kind === 'edit') this.policy.onEdit(now);
        else this.decide(this.policy.onPause(a.kind, now));
      }),
    );
    this.timer = setInterval(() => {
      adapter.tick();
      this.decide(this.policy.tick(Date.now()));
    }, TICK_MS);
  }

  private makePolicy(): PromptPolicy<Offer> {
    const s = this.settings();
    return new PromptPolicy<Offer>(
      { ...DEFAULT_PROMPT_SETTINGS, maxPerHour: s.maxPromptsPerHour, quietHours: s.quietHours || null },
      loadPromptState(this.memento),
    );
  }

  /** Settings changed: keep the history, apply the new limits. */
  reconfigure(): void {
    const held = this.policy.pending;
    this.policy = this.makePolicy();
    if (held) this.policy.offer(held.episode, held.since);
  }

  snooze(ms: number): void {
    this.policy.snooze(ms, Date.now());
    void savePromptState(this.memento, this.policy.snapshot);
  }

  get snoozedUntil(): number {
    return this.policy.snapshot.snoozedUntil;
  }

  private uriOf(file: string): vscode.Uri | undefined {
    return vscode.workspace.textDocuments.find((d) => vscode.workspace.asRelativePath(d.uri, false) === file)?.uri;
  }

  private async detected(episode: Episode): Promise<void> {
    const uri = this.uriOf(episode.file);
    this.log.info(`struggle detected in ${episode.file} (score ${episode.score}): ${episode.reason}`);
    await this.events.record('struggle.detected', { uri, data: { score: episode.score, signals: episode.signals, reason: episode.reason } });
    this.policy.offer({ episode, uri }, Date.now());
  }

  private decide(decision: Decision<Offer> | null): void {
    if (!decision) return;
    void savePromptState(this.memento, this.policy.snapshot);
    void this.prompt(decision.episode).catch((err: unknown) => this.log.warn(`struggle prompt failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** Show the prompt for an episode now (the policy said so; tests call it directly). */
  async prompt(offer: Offer): Promise<Choice | undefined> {
    const choice = await this.choose(offer);
    if (!choice) {
      this.log.info('struggle prompt skipped: no lesson matches');
      return undefined;
    }
    const { episode, uri } = offer;
    await this.events.record('lesson.shown', { uri, lessonId: choice.lesson.id, data: { trigger: 'struggle', score: episode.score } });
    this.prompted.fire({ episode, lesson: choice.lesson });
    void this.ask(offer, choice);
    return choice;
  }

  private async ask(offer: Offer, choice: Choice): Promise<void> {
    const { episode, uri } = offer;
    const others = choice.alternatives.length > 0 ? ['Other lessons…'] : [];
    const picked = await vscode.window.showInformationMessage(
      `Aura: looks like a tough spot (${episode.reason}). "${choice.lesson.title}" may help.`,
      'Open lesson',
      ...others,
      'Snooze 1 hour',
      'Not helpful',
    );
    if (picked === 'Open lesson') await this.open(choice.lesson, choice, offer);
    else if (picked === 'Other lessons…') {
      const items = choice.alternatives.map((id) => ({ label: this.lessons.title(id), id }));
      const alt = await vscode.window.showQuickPick(items, { title: 'Aura: other lessons', placeHolder: 'Pick a lesson' });
      const lesson = alt ? await this.lessons.get(alt.id) : undefined;
      if (lesson) await this.open(lesson, { ...choice, alternatives: [], streamUrl: undefined }, offer);
    } else if (picked === 'Snooze 1 hour') this.snooze(3_600_000);
    else if (picked === 'Not helpful') await this.events.record('feedback.not_useful', { uri, lessonId: choice.lesson.id, data: { what: 'struggle-prompt' } });
  }

  private async open(lesson: Lesson, choice: Choice, offer: Offer): Promise<void> {
    await this.events.record('lesson.opened', { uri: offer.uri, lessonId: lesson.id, data: { from: 'struggle-prompt' } });
    await this.panel.show(lesson, {
      reasons: choice.reasons,
      alternatives: choice.alternatives,
      context: `Offered because: ${offer.episode.reason}.`,
      uri: offer.uri,
      streamUrl: choice.streamUrl,
    });
  }

  /** Ask the API's struggle workflow; offline (or when it has nothing), pick locally. */
  private async choose(offer: Offer): Promise<Choice | undefined> {
    const { episode, uri } = offer;
    const s = this.settings();
    const rules = uri ? this.diagnostics.ruleIds(uri).slice(0, 20) : [];
    const body: StruggleRunCreate = {
      signals: { ...episode.signals },
      errors: episode.errors.slice(0, 10).map((e) => redact(e.slice(0, 4000))),
      rule_ids: rules,
      language: episode.language ?? null,
      file_path: s.hashPaths ? hashPath(this.salt, episode.file) : episode.file.slice(0, 500),
      code: s.sendCodeExcerpts && uri ? redact(this.excerpt(uri)) : '',
      stream: true,
    };
    try {
      const run = await this.api.struggle(body);
      if (run.lesson) {
        const lesson: Lesson = { id: run.lesson.id, title: run.lesson.title, markdown: run.lesson.markdown, origin: 'server' };
        const choice: Choice = { lesson, alternatives: run.alternatives.slice(0, 2), reasons: run.lesson.reasons ?? [] };
        if (run.status === 'streaming' && run.stream_url) choice.streamUrl = this.api.absolute(run.stream_url);
        else if (run.personalised) lesson.markdown = `${lesson.markdown}\n\n---\n\n**For your code**\n\n${run.personalised}`;
        return choice;
      }
    } catch (err) {
      if (!(err instanceof ApiError) || err.kind !== 'signed-out')
        this.log.info(`struggle workflow unavailable, choosing locally: ${err instanceof Error ? err.message : String(err)}`);
    }
    const ranked = this.lessons.pick({ ruleIds: rules, errors: episode.errors, language: episode.language }, 3);
    for (const [i, r] of ranked.entries()) {
      const lesson = await this.lessons.get(r.lesson.id);
      if (lesson) return { lesson, alternatives: ranked.filter((_, j) => j !== i).map((x) => x.lesson.id), reasons: r.reasons };
    }
    return undefined;
  }

  /** A short excerpt around the last edit, only when privacy settings allow it (the server
   * redacts secrets again before anything reaches an LLM). */
  private excerpt(uri: vscode.Uri): string {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const offset = this.adapter.lastEdit.get(uri.toString());
    if (!doc || offset === undefined) return '';
    const line = doc.positionAt(offset).line;
    const from = Math.max(0, line - EXCERPT_LINES / 2);
    const to = Math.min(doc.lineCount, from + EXCERPT_LINES);
    return doc.getText(new vscode.Range(from, 0, to, 0)).slice(0, EXCERPT_CHARS);
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.prompted.dispose();
  }
}
