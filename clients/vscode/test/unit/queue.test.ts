import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { EventQueue, type QueueState, type QueuedEvent, type SendResult, type Transport } from '../../src/queue/eventQueue';
import { FileQueueStore } from '../../src/state/queueStore';

let counter = 0;
function event(type: QueuedEvent['type'] = 'lesson.opened'): QueuedEvent {
  counter++;
  return { id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, type, source: 'vscode', occurred_at: new Date(0).toISOString(), data: {} };
}

class FakeServer implements Transport {
  received: QueuedEvent[][] = [];
  stored = new Set<string>();
  next: SendResult[] = [];

  send(events: QueuedEvent[]): Promise<SendResult> {
    this.received.push(events);
    const scripted = this.next.shift();
    if (scripted && scripted.kind !== 'ok') return Promise.resolve(scripted);
    let accepted = 0;
    let duplicates = 0;
    for (const e of events) {
      if (this.stored.has(e.id)) duplicates++;
      else {
        this.stored.add(e.id);
        accepted++;
      }
    }
    return Promise.resolve({ kind: 'ok', accepted, duplicates, rejected: [] });
  }
}

function store() {
  const dir = mkdtempSync(join(tmpdir(), 'aura-queue-'));
  return { file: join(dir, 'events.json'), store: new FileQueueStore(join(dir, 'events.json')) };
}

describe('event queue', () => {
  it('persists every event before enqueue resolves, so a reload loses nothing', async () => {
    const { file, store: s } = store();
    const server = new FakeServer();
    const q = new EventQueue(s, server);
    await q.init();
    const a = event();
    const b = event('struggle.detected');
    await q.enqueue(a);
    await q.enqueue(b);
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as QueueState;
    expect(onDisk.events.map((e) => e.id)).toEqual([a.id, b.id]);
    const reloaded = new EventQueue(s, server);
    await reloaded.init();
    expect(reloaded.size).toBe(2);
    expect((await reloaded.flush()).status).toBe('delivered');
    expect([...server.stored]).toEqual([a.id, b.id]);
  });

  it('resends the same ids after a failure, which the server ignores (idempotent)', async () => {
    const server = new FakeServer();
    const q = new EventQueue(store().store, server, { now: () => 0 });
    await q.init();
    const e = event();
    await q.enqueue(e);
    server.stored.add(e.id); // delivered, but the response was lost
    server.next = [{ kind: 'retry', message: 'connection reset' }];
    expect((await q.flush()).status).toBe('failed');
    expect(q.size).toBe(1);
    expect((await q.flush(true)).status).toBe('delivered');
    expect(server.received.map((batch) => batch[0]?.id)).toEqual([e.id, e.id]);
    expect(q.snapshot.delivered).toBe(1);
    expect(server.stored.size).toBe(1);
  });

  it('backs off exponentially with jitter, honours Retry-After, and resets after success', async () => {
    let now = 1_000_000;
    const server = new FakeServer();
    const q = new EventQueue(store().store, server, { now: () => now, random: () => 1, baseDelayMs: 1000, maxDelayMs: 16_000 });
    await q.init();
    await q.enqueue(event());
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      server.next = [{ kind: 'retry', message: 'down' }];
      const outcome = await q.flush(true);
      if (outcome.status === 'failed') delays.push(outcome.retryAt - now);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 16_000]);
    expect((await q.flush()).status).toBe('waiting');
    server.next = [{ kind: 'retry', message: 'busy', retryAfterMs: 30_000 }];
    const limited = await q.flush(true);
    expect(limited.status === 'failed' && limited.retryAt - now).toBe(30_000);
    now += 31_000;
    expect((await q.flush()).status).toBe('delivered');
    expect(q.snapshot.attempts).toBe(0);
    const jittered = new EventQueue(store().store, server, { random: () => 0, baseDelayMs: 1000 });
    expect(jittered.backoff(3)).toBe(2000); // between half and all of 4 s
  });

  it('is bounded: the oldest events are dropped and counted', async () => {
    const q = new EventQueue(store().store, new FakeServer(), { capacity: 3 });
    await q.init();
    const events = [event(), event(), event(), event(), event()];
    for (const e of events) await q.enqueue(e);
    expect(q.size).toBe(3);
    expect(q.snapshot.events.map((e) => e.id)).toEqual(events.slice(2).map((e) => e.id));
    expect(q.snapshot.dropped).toBe(2);
  });

  it('sends in batches, halves a batch the server finds too large, and counts rejected events', async () => {
    const server = new FakeServer();
    const q = new EventQueue(store().store, server, { batchSize: 4 });
    await q.init();
    for (let i = 0; i < 10; i++) await q.enqueue(event());
    server.next = [{ kind: 'too-large' }];
    expect(await q.flush()).toEqual({ status: 'delivered', sent: 10 });
    expect(server.received.map((b) => b.length)).toEqual([4, 2, 2, 2, 2, 2]);
    const rejecting: Transport = {
      send: (batch) =>
        Promise.resolve({ kind: 'ok', accepted: batch.length - 1, duplicates: 0, rejected: [{ index: 0, message: 'validation_error: bad type' }] }),
    };
    const r = new EventQueue(store().store, rejecting);
    await r.init();
    await r.enqueue(event());
    await r.enqueue(event());
    await r.flush();
    expect(r.size).toBe(0);
    expect(r.snapshot.rejected).toBe(1);
    expect(r.snapshot.lastError).toMatch(/validation_error/);
  });

  it('stops on a refused token without burning the backoff', async () => {
    const server = new FakeServer();
    server.next = [{ kind: 'unauthorized', message: 'token revoked' }];
    const q = new EventQueue(store().store, server);
    await q.init();
    await q.enqueue(event());
    expect((await q.flush()).status).toBe('unauthorized');
    expect(q.size).toBe(1);
    expect(q.snapshot.attempts).toBe(0);
  });

  it('runs concurrent flushes one after the other, so none sends an event twice', async () => {
    const server = new FakeServer();
    const q = new EventQueue(store().store, server);
    await q.init();
    await q.enqueue(event());
    const first = q.flush();
    const late = event();
    await q.enqueue(late); // queued while the first flush is under way
    const [a, b] = await Promise.all([first, q.flush()]);
    expect(a.status).toBe('delivered');
    expect(['delivered', 'empty']).toContain(b.status);
    expect(q.size).toBe(0);
    expect(server.stored.has(late.id)).toBe(true);
    // Every event went out exactly once.
    expect(server.received.flat().length).toBe(2);
  });

  it('starts empty from a missing or corrupt file and keeps only well-formed events', async () => {
    const { file, store: s } = store();
    writeFileSync(file, '{not json');
    const q = new EventQueue(s, new FakeServer());
    await q.init();
    expect(q.size).toBe(0);
    writeFileSync(file, JSON.stringify({ events: [event(), { nope: true }, 7], dropped: 'many' }));
    await q.init();
    expect(q.size).toBe(1);
    expect(q.snapshot.dropped).toBe(0);
  });
});
