import { randomBytes } from 'node:crypto';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';

import * as vscode from 'vscode';

import { registerCommands } from './commands';
import { LessonPanel } from './panels/lessonPanel';
import { EventQueue } from './queue/eventQueue';
import { ApiClient } from './services/apiClient';
import { AuditRunner } from './services/auditRunner';
import { AuthService } from './services/auth';
import { AuraCodeActions, AuraHover } from './services/codeActions';
import { type AuraSettings, readSettings } from './services/config';
import { DiagnosticsService } from './services/diagnostics';
import { ApiTransport, EventRecorder } from './services/events';
import { KnowledgeService } from './services/knowledge';
import { LessonService } from './services/lessons';
import { createLog } from './services/log';
import { SensorAdapter } from './services/sensorAdapter';
import { StatusBar } from './services/statusBar';
import { StruggleService } from './services/struggle';
import { Connection } from './state/connection';
import { FileQueueStore } from './state/queueStore';

const SALT_KEY = 'aura.pathSalt';
const SYNC_INTERVAL_MS = 30 * 60_000;

/** Builds every service once, wires them together and owns their lifetime. Activation only
 * constructs and subscribes; disk and network work starts after activation returns. */
export class Container implements vscode.Disposable {
  readonly log = createLog();
  readonly connection = new Connection();
  readonly auth: AuthService;
  readonly api: ApiClient;
  readonly queue: EventQueue;
  readonly events: EventRecorder;
  readonly knowledge: KnowledgeService;
  readonly lessons: LessonService;
  readonly diagnostics: DiagnosticsService;
  readonly panel: LessonPanel;
  readonly sensor: SensorAdapter;
  readonly struggle: StruggleService;
  readonly status: StatusBar;
  readonly ready: Promise<void>;
  private readonly disposables: vscode.Disposable[] = [];
  private settingsCache: AuraSettings = readSettings();
  private syncTimer: NodeJS.Timeout | undefined;

  constructor(readonly context: vscode.ExtensionContext) {
    const storage = context.globalStorageUri.fsPath;
    let salt = context.globalState.get<string>(SALT_KEY);
    if (!salt) {
      salt = randomBytes(16).toString('hex');
      void context.globalState.update(SALT_KEY, salt);
    }
    const settings = (): AuraSettings => this.settingsCache;
    this.auth = new AuthService(context.secrets);
    this.api = new ApiClient({
      baseUrl: () => this.settingsCache.apiUrl,
      token: () => this.auth.token(),
      onResult: (ok, err) => this.connection.report(ok, err),
    });
    this.queue = new EventQueue(new FileQueueStore(path.join(storage, 'events.json')), new ApiTransport(this.api));
    this.events = new EventRecorder(this.queue, settings, salt, this.log);
    this.knowledge = new KnowledgeService(storage, this.api, () => this.settingsCache.team, this.log);
    this.lessons = new LessonService(storage, this.api, this.knowledge, () => this.settingsCache.cliPath, this.log);
    const runner = new AuditRunner(settings, this.api, this.knowledge, path.join(storage, 'cli-home'), this.log);
    this.diagnostics = new DiagnosticsService(runner, this.events, settings, (id) => lessonUri(context.extension.id, id), this.log);
    this.panel = new LessonPanel(context.extensionUri, this.lessons, this.events, () => this.auth.token(), this.log);
    this.sensor = new SensorAdapter(this.settingsCache.sensitivity, this.settingsCache.sensorEnabled);
    this.struggle = new StruggleService(
      this.sensor,
      context.globalState,
      this.api,
      this.lessons,
      this.diagnostics,
      this.events,
      this.panel,
      settings,
      salt,
      this.log,
    );
    this.status = new StatusBar(this.connection, this.diagnostics, this.events, () => this.sensor.enabled);
    const selector: vscode.DocumentSelector = { scheme: 'file' };
    this.disposables.push(
      this.log,
      this.connection,
      this.auth,
      this.events,
      this.diagnostics,
      this.panel,
      this.sensor,
      this.struggle,
      this.status,
      vscode.languages.registerCodeActionsProvider(selector, new AuraCodeActions(this.diagnostics), { providedCodeActionKinds: AuraCodeActions.kinds }),
      vscode.languages.registerHoverProvider(selector, new AuraHover(this.diagnostics)),
      vscode.window.registerUriHandler({ handleUri: (uri) => this.handleUri(uri) }),
      vscode.workspace.onDidChangeConfiguration((e) => this.configure(e)),
      this.auth.onDidChange(() => void this.online(true)),
      this.connection.onDidChange(({ from, to }) => {
        if (to === 'online' && from !== 'online' && from !== 'unknown') void this.online(false);
      }),
      ...registerCommands(this),
    );
    this.ready = this.start(storage);
  }

  get settings(): AuraSettings {
    return this.settingsCache;
  }

  private async start(storage: string): Promise<void> {
    await prepareCliHome(path.join(storage, 'cli-home'));
    await Promise.all([this.queue.init(), this.knowledge.load(), this.lessons.load()]);
    this.status.update();
    const token = await this.auth.token();
    await vscode.commands.executeCommand('setContext', 'aura.signedIn', token !== undefined);
    this.connection.set(token ? 'unknown' : 'signed-out');
    this.diagnostics.auditOpenDocuments();
    if (token) void this.online(false);
    this.syncTimer = setInterval(() => void this.online(false), SYNC_INTERVAL_MS);
  }

  /** Connected (or signed in): deliver queued events and refresh lessons and team rules. */
  async online(force: boolean): Promise<void> {
    if (!(await this.auth.token())) {
      this.connection.set('signed-out');
      return;
    }
    this.queue.resetBackoff();
    await this.events.flush(true);
    await Promise.all([this.lessons.refresh(force), this.knowledge.sync()]);
  }

  private configure(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('aura')) return;
    const before = this.settingsCache;
    this.settingsCache = readSettings();
    const now = this.settingsCache;
    if (before.sensitivity !== now.sensitivity) this.sensor.setSensitivity(now.sensitivity);
    this.sensor.enabled = now.sensorEnabled;
    if (before.maxPromptsPerHour !== now.maxPromptsPerHour || before.quietHours !== now.quietHours) this.struggle.reconfigure();
    if (before.team !== now.team || before.apiUrl !== now.apiUrl) void this.online(true);
    this.status.update();
  }

  private handleUri(uri: vscode.Uri): void {
    const id = new URLSearchParams(uri.query).get('id');
    if (uri.path === '/lesson' && id) void vscode.commands.executeCommand('aura.openLesson', { lessonId: id, source: 'link' });
  }

  async dispose(): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    await this.queue.settle();
    for (const d of this.disposables.reverse()) d.dispose();
  }
}

/** The private AURA_HOME of editor audits. Its queue only ever holds previews, so it starts
 * empty; its `knowledge/` is the user's own (a link), so the team map the hook applies is the
 * one the editor applies. */
async function prepareCliHome(cliHome: string): Promise<void> {
  await mkdir(cliHome, { recursive: true }).catch(() => undefined);
  await rm(path.join(cliHome, 'queue.db'), { force: true }).catch(() => undefined);
  const userHome = process.env.AURA_HOME || path.join(homedir(), '.aura');
  await symlink(path.join(userHome, 'knowledge'), path.join(cliHome, 'knowledge'), 'junction').catch(() => undefined);
}

/** A link into the extension that opens a lesson (diagnostic codes link here). */
export function lessonUri(extensionId: string, lessonId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: extensionId, path: '/lesson', query: `id=${encodeURIComponent(lessonId)}` });
}
