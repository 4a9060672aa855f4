/** The offline event queue: events are persisted the moment they are queued, delivered in
 * batches with their client-generated ids (the server ignores ids it already has, so a batch
 * resent after a lost response is harmless), retried with exponential backoff, and bounded: when
 * full, the oldest events are dropped and counted. Pure: storage and transport are injected. */

export type EventType =
  | 'suppression.added'
  | 'lesson.shown'
  | 'lesson.opened'
  | 'lesson.completed'
  | 'struggle.detected'
  | 'feedback.not_useful'
  | 'feedback.helpful'
  | 'fix.applied';

export interface QueuedEvent {
  id: string;
  type: EventType;
  source: 'vscode';
  occurred_at: string;
  repo?: string;
  path?: string;
  rule_id?: string;
  lesson_id?: string;
  data: Record<string, unknown>;
}

export interface QueueState {
  version: 1;
  events: QueuedEvent[];
  /** Events dropped because the queue was full. */
  dropped: number;
  /** Events the server rejected as invalid (never retried). */
  rejected: number;
  delivered: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

export interface QueueStore {
  load(): Promise<unknown>;
  save(state: QueueState): Promise<void>;
}

export type SendResult =
  | { kind: 'ok'; accepted: number; duplicates: number; rejected: { index: number; message: string }[] }
  | { kind: 'retry'; message: string; retryAfterMs?: number }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'too-large' };

export interface Transport {
  send(events: QueuedEvent[]): Promise<SendResult>;
}

export interface QueueOptions {
  capacity: number;
  batchSize: number;
  baseDelayMs: number;
  maxDelayMs: number;
  now: () => number;
  random: () => number;
}

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  capacity: 5000,
  batchSize: 200,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  now: () => Date.now(),
  random: () => Math.random(),
};

export type FlushOutcome =
  | { status: 'empty' }
  | { status: 'delivered'; sent: number }
  | { status: 'waiting'; until: number }
  | { status: 'failed'; sent: number; error: string; retryAt: number }
  | { status: 'unauthorized'; sent: number; error: string };

export function emptyState(): QueueState {
  return { version: 1, events: [], dropped: 0, rejected: 0, delivered: 0, attempts: 0, nextAttemptAt: 0, lastError: null };
}

/** Accept a stored state only if it has the expected shape; anything else starts empty. */
export function coerceState(raw: unknown): QueueState {
  const base = emptyState();
  if (typeof raw !== 'object' || raw === null) return base;
  const r = raw as Partial<QueueState>;
  const events = Array.isArray(r.events)
    ? r.events.filter((e): e is QueuedEvent => typeof e === 'object' && e !== null && typeof e.id === 'string' && typeof e.type === 'string')
    : [];
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  return {
    ...base,
    events,
    dropped: num(r.dropped),
    rejected: num(r.rejected),
    delivered: num(r.delivered),
    attempts: num(r.attempts),
    nextAttemptAt: num(r.nextAttemptAt),
    lastError: typeof r.lastError === 'string' ? r.lastError : null,
  };
}

export class EventQueue {
  private state: QueueState = emptyState();
  private readonly options: QueueOptions;
  private flushing: Promise<FlushOutcome> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: QueueStore,
    private readonly transport: Transport,
    options: Partial<QueueOptions> = {},
  ) {
    this.options = { ...DEFAULT_QUEUE_OPTIONS, ...options };
  }

  async init(): Promise<void> {
    this.state = coerceState(await this.store.load());
    this.trim();
  }

  get size(): number {
    return this.state.events.length;
  }

  get snapshot(): Readonly<QueueState> {
    return this.state;
  }

  /** Queue an event and persist the queue before resolving. */
  async enqueue(event: QueuedEvent): Promise<void> {
    this.state.events.push(event);
    this.trim();
    await this.persist();
  }

  private trim(): void {
    const over = this.state.events.length - this.options.capacity;
    if (over > 0) {
      this.state.events.splice(0, over);
      this.state.dropped += over;
    }
  }

  private persist(): Promise<void> {
    const snapshot: QueueState = { ...this.state, events: this.state.events.slice() };
    // Writes are chained so an older snapshot can never overwrite a newer one.
    this.writing = this.writing.then(
      () => this.store.save(snapshot),
      () => this.store.save(snapshot),
    );
    return this.writing;
  }

  /** Deliver what is queued (unless backing off; `force` ignores the backoff). Flushes run one
   * after the other: a caller that queued an event and then flushes is never answered by a
   * flush that started before its event existed. */
  flush(force = false): Promise<FlushOutcome> {
    const previous = this.flushing ?? Promise.resolve<FlushOutcome>({ status: 'empty' });
    const next = previous.catch(() => undefined).then(() => this.run(force));
    this.flushing = next;
    void next.finally(() => {
      if (this.flushing === next) this.flushing = null;
    });
    return next;
  }

  private async run(force: boolean): Promise<FlushOutcome> {
    const now = this.options.now();
    if (this.state.events.length === 0) return { status: 'empty' };
    if (!force && now < this.state.nextAttemptAt) return { status: 'waiting', until: this.state.nextAttemptAt };
    let sent = 0;
    let batchSize = this.options.batchSize;
    while (this.state.events.length > 0) {
      const batch = this.state.events.slice(0, batchSize);
      let result: SendResult;
      try {
        result = await this.transport.send(batch);
      } catch (err) {
        result = { kind: 'retry', message: err instanceof Error ? err.message : String(err) };
      }
      if (result.kind === 'too-large' && batchSize > 1) {
        batchSize = Math.max(1, Math.floor(batchSize / 2));
        continue;
      }
      if (result.kind === 'ok') {
        const ids = new Set(batch.map((e) => e.id));
        this.state.events = this.state.events.filter((e) => !ids.has(e.id));
        this.state.delivered += result.accepted + result.duplicates;
        this.state.rejected += result.rejected.length;
        this.state.attempts = 0;
        this.state.nextAttemptAt = 0;
        this.state.lastError = result.rejected.length > 0 ? `rejected: ${result.rejected[0]?.message ?? ''}` : null;
        sent += batch.length;
        await this.persist();
        continue;
      }
      if (result.kind === 'unauthorized') {
        this.state.lastError = result.message;
        await this.persist();
        return { status: 'unauthorized', sent, error: result.message };
      }
      const message = result.kind === 'too-large' ? 'one event is larger than the server accepts' : result.message;
      this.state.attempts += 1;
      const retryAfter = result.kind === 'retry' ? result.retryAfterMs : undefined;
      this.state.nextAttemptAt = this.options.now() + (retryAfter ?? this.backoff(this.state.attempts));
      this.state.lastError = message;
      if (result.kind === 'too-large') {
        // A single event the server will never take: drop it rather than block the queue.
        this.state.events.shift();
        this.state.rejected += 1;
      }
      await this.persist();
      return { status: 'failed', sent, error: message, retryAt: this.state.nextAttemptAt };
    }
    return { status: 'delivered', sent };
  }

  /** Exponential backoff with full jitter, capped. */
  backoff(attempts: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(ceiling / 2 + (this.options.random() * ceiling) / 2);
  }

  /** Forget the backoff (the connection came back). */
  resetBackoff(): void {
    this.state.nextAttemptAt = 0;
    this.state.attempts = 0;
  }

  /** Wait for pending writes (deactivate). */
  async settle(): Promise<void> {
    await this.writing.catch(() => undefined);
  }
}
