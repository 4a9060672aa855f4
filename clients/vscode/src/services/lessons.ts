import * as path from 'node:path';

import type * as vscode from 'vscode';

import { type LessonEntry, type LessonQuery, type Ranked, pickLessons } from '../lessons/localPick';
import { JsonFile } from '../state/jsonFile';
import type { ApiClient } from './apiClient';
import type { KnowledgeService } from './knowledge';
import { run } from './process';

export interface Lesson {
  id: string;
  title: string;
  markdown: string;
  /** Where it came from: the server, the offline cache, a team's map or the local CLI. */
  origin: 'server' | 'cache' | 'team' | 'cli' | 'bundled';
}

interface Cache {
  fetchedAt: number;
  index: LessonEntry[];
  bodies: Record<string, { title: string; markdown: string }>;
}

const REFRESH_MS = 24 * 3_600_000;

/** Lessons: the index and every body cached in global storage (so lessons open offline),
 * refreshed daily from the API; team lessons from the knowledge map; as a last resort the
 * local `aura learn` (same corpus, terminal rendering). */
export class LessonService {
  private readonly file: JsonFile<Cache>;
  private cache: Cache = { fetchedAt: 0, index: [], bodies: {} };

  constructor(
    storageDir: string,
    private readonly api: ApiClient,
    private readonly knowledge: KnowledgeService,
    private readonly cli: () => string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.file = new JsonFile(path.join(storageDir, 'lessons.json'));
  }

  async load(): Promise<void> {
    const stored = await this.file.read();
    if (stored && Array.isArray(stored.index) && typeof stored.bodies === 'object') this.cache = stored;
  }

  get index(): LessonEntry[] {
    const team = this.knowledge.lessons();
    const ids = new Set(team.map((l) => l.id));
    return [...team, ...this.cache.index.filter((l) => !ids.has(l.id))];
  }

  /** Refresh the index and bodies when stale (or `force`); quiet when offline. */
  async refresh(force = false): Promise<boolean> {
    if (!force && Date.now() - this.cache.fetchedAt < REFRESH_MS && this.cache.index.length > 0) return false;
    try {
      const items = await this.api.lessons();
      const bodies: Cache['bodies'] = {};
      for (let i = 0; i < items.length; i += 4) {
        const slice = items.slice(i, i + 4);
        const read = await Promise.all(slice.map((l) => this.api.lesson(l.id).catch(() => undefined)));
        for (const l of read) if (l) bodies[l.id] = { title: l.title, markdown: l.markdown };
      }
      this.cache = {
        fetchedAt: Date.now(),
        index: items.map((l) => ({ id: l.id, title: l.title, rules: l.rules, languages: l.languages, tags: l.tags, errors: l.errors })),
        bodies,
      };
      await this.file.write(this.cache);
      this.log.info(`lessons cached: ${items.length}`);
      return true;
    } catch (err) {
      this.log.info(`lessons not refreshed: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  async get(id: string): Promise<Lesson | undefined> {
    const team = this.knowledge.teamLesson(id);
    if (team) return { id, title: titleOf(team, id), markdown: team, origin: 'team' };
    try {
      const l = await this.api.lesson(id);
      this.cache.bodies[id] = { title: l.title, markdown: l.markdown };
      void this.file.write(this.cache);
      return { id, title: l.title, markdown: l.markdown, origin: 'server' };
    } catch {
      const cached = this.cache.bodies[id];
      if (cached) return { id, ...cached, origin: 'cache' };
    }
    return this.fromCli(id);
  }

  private async fromCli(id: string): Promise<Lesson | undefined> {
    const r = await run(this.cli(), ['learn', id], { env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 20_000 });
    if (r.code !== 0 || !r.stdout.trim()) return undefined;
    const [title = id, ...rest] = r.stdout.split('\n');
    return { id, title: title.trim(), markdown: `# ${title.trim()}\n\n${rest.join('\n')}`, origin: 'cli' };
  }

  pick(query: LessonQuery, limit = 3): Ranked[] {
    return pickLessons(this.index, query, limit);
  }

  title(id: string): string {
    return this.index.find((l) => l.id === id)?.title ?? id;
  }
}

function titleOf(markdown: string, fallback: string): string {
  const fm = /^---[\s\S]*?\ntitle:\s*["']?(.+?)["']?\s*\n[\s\S]*?---/.exec(markdown);
  if (fm?.[1]) return fm[1];
  return /^#\s+(.+)$/m.exec(markdown)?.[1] ?? fallback;
}
