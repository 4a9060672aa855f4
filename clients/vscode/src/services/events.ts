import { createHash, randomUUID } from 'node:crypto';
import * as path from 'node:path';

import * as vscode from 'vscode';

import { type EventQueue, type EventType, type FlushOutcome, type QueuedEvent, type SendResult, type Transport } from '../queue/eventQueue';
import { ApiError, type ApiClient } from './apiClient';
import type { AuraSettings } from './config';

/** Delivers queued events through the API client, mapping its errors onto the queue's terms. */
export class ApiTransport implements Transport {
  constructor(private readonly api: ApiClient) {}

  async send(events: QueuedEvent[]): Promise<SendResult> {
    try {
      const result = await this.api.ingest(events);
      return {
        kind: 'ok',
        accepted: result.accepted,
        duplicates: result.duplicates,
        rejected: result.rejected.map((r) => ({ index: r.index, message: `${r.error.code}: ${r.error.message}` })),
      };
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.kind === 'unauthorized' || err.kind === 'signed-out') return { kind: 'unauthorized', message: err.message };
        if (err.kind === 'too-large') return { kind: 'too-large' };
        const out: SendResult = { kind: 'retry', message: err.message };
        if (err.retryAfterMs !== undefined) out.retryAfterMs = err.retryAfterMs;
        return out;
      }
      return { kind: 'retry', message: err instanceof Error ? err.message : String(err) };
    }
  }
}

export interface EventFields {
  uri?: vscode.Uri;
  ruleId?: string | null;
  lessonId?: string | null;
  data?: Record<string, unknown>;
}

const FLUSH_DELAY_MS = 5_000;
const RETRY_INTERVAL_MS = 60_000;

/** Builds events (ids, time, repository, path per the privacy settings) and queues them; a
 * short debounce batches bursts, a timer retries after failures, and reconnecting flushes. */
export class EventRecorder implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly retry: NodeJS.Timeout;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  lastOutcome: FlushOutcome | null = null;

  constructor(
    readonly queue: EventQueue,
    private readonly settings: () => AuraSettings,
    private readonly salt: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.retry = setInterval(() => void this.flush(), RETRY_INTERVAL_MS);
  }

  async record(type: EventType, fields: EventFields = {}): Promise<QueuedEvent> {
    const event: QueuedEvent = { id: randomUUID(), type, source: 'vscode', occurred_at: new Date().toISOString(), data: fields.data ?? {} };
    if (fields.uri) {
      const folder = vscode.workspace.getWorkspaceFolder(fields.uri);
      if (folder) event.repo = folder.name;
      const relative = folder ? path.relative(folder.uri.fsPath, fields.uri.fsPath).split(path.sep).join('/') : path.basename(fields.uri.fsPath);
      event.path = this.settings().hashPaths ? hashPath(this.salt, relative) : relative;
    }
    if (fields.ruleId) event.rule_id = fields.ruleId;
    if (fields.lessonId) event.lesson_id = fields.lessonId;
    await this.queue.enqueue(event);
    this.log.debug(`queued ${type} (${this.queue.size} waiting)`);
    this.changed.fire();
    this.schedule();
    return event;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, FLUSH_DELAY_MS);
  }

  /** Deliver now; `force` ignores the backoff (a reconnect or "Sync Now"). */
  async flush(force = false): Promise<FlushOutcome> {
    const outcome = await this.queue.flush(force);
    this.lastOutcome = outcome;
    if (outcome.status === 'delivered') this.log.info(`delivered ${outcome.sent} events`);
    else if (outcome.status === 'failed')
      this.log.warn(`event delivery failed (${outcome.error}); ${this.queue.size} queued, next try ${new Date(outcome.retryAt).toLocaleTimeString()}`);
    else if (outcome.status === 'unauthorized') this.log.warn(`event delivery refused: ${outcome.error}`);
    this.changed.fire();
    return outcome;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.retry);
    this.changed.dispose();
  }
}

/** `sha256:` of a per-install salt and the path (the CLI's format), so the server can group
 * by file without learning its name. */
export function hashPath(salt: string, relative: string): string {
  return 'sha256:' + createHash('sha256').update(`${salt}\0${relative}`).digest('hex');
}
