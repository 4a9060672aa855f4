import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import type * as vscode from 'vscode';

import { JsonFile } from '../state/jsonFile';
import type { LessonEntry } from '../lessons/localPick';
import { ApiError, type ApiClient } from './apiClient';

interface CachedMap {
  teamId: string;
  etag: string | null;
  version: number;
  rulesYaml: string;
  lessons: LessonEntry[];
  teamLessons: Record<string, string>;
}

/** The team's knowledge map (team rules.yaml and lessons), synced with ETags and cached in
 * global storage so it applies offline too. */
export class KnowledgeService {
  private readonly cache: JsonFile<CachedMap>;
  private map: CachedMap | undefined;
  private readonly rulesFile: string;

  constructor(
    storageDir: string,
    private readonly api: ApiClient,
    private readonly team: () => string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.cache = new JsonFile(path.join(storageDir, 'knowledge-map.json'));
    this.rulesFile = path.join(storageDir, 'team-rules', 'rules.yaml');
  }

  async load(): Promise<void> {
    this.map = await this.cache.read();
  }

  private current(): CachedMap | undefined {
    const team = this.team();
    return team && this.map?.teamId === team ? this.map : undefined;
  }

  /** Refresh from the server; keeps the cached copy when offline. */
  async sync(): Promise<'updated' | 'unchanged' | 'no-team' | 'unavailable'> {
    const team = this.team();
    if (!team) return 'no-team';
    try {
      const result = await this.api.knowledgeMap(team, this.current()?.etag ?? undefined);
      if (!result) return 'unchanged';
      const m = result.map;
      this.map = {
        teamId: team,
        etag: result.etag,
        version: m.version,
        rulesYaml: m.rules_yaml,
        lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, rules: l.rules, languages: l.languages, tags: l.tags })),
        teamLessons: m.team_lessons,
      };
      await this.cache.write(this.map);
      if (m.rules_yaml.trim()) {
        await mkdir(path.dirname(this.rulesFile), { recursive: true });
        await writeFile(this.rulesFile, m.rules_yaml, 'utf8');
      }
      this.log.info(`knowledge map of team ${team}: version ${m.version}`);
      return 'updated';
    } catch (err) {
      if (err instanceof ApiError && err.kind === 'not-found') return 'unavailable';
      this.log.warn(`knowledge map not synced: ${err instanceof Error ? err.message : String(err)}`);
      return 'unavailable';
    }
  }

  rulesYaml(): string | undefined {
    const yaml = this.current()?.rulesYaml;
    return yaml && yaml.trim() ? yaml : undefined;
  }

  /** Path of the synced team rules file (for `aura audit --config`), if any. */
  rulesPath(): string | undefined {
    return this.rulesYaml() ? this.rulesFile : undefined;
  }

  lessons(): LessonEntry[] {
    return this.current()?.lessons ?? [];
  }

  teamLesson(id: string): string | undefined {
    return this.current()?.teamLessons[id];
  }
}
