import { access, readFile } from 'node:fs/promises';
import * as path from 'node:path';

import type * as vscode from 'vscode';

import { type Finding, parseReport } from '../findings/types';
import { ApiError, type ApiClient } from './apiClient';
import type { AuraSettings } from './config';
import { diffAgainstHead, diffRepository } from './gitDiff';
import type { KnowledgeService } from './knowledge';
import { run } from './process';

export interface AuditOutcome {
  findings: Finding[];
  via: 'cli' | 'api';
  relative: string;
}

/** Neither the local CLI nor the API could audit (the status bar says so once). */
export class AuditUnavailable extends Error {}
/** The repository's rules are broken (`aura audit` exit 2); the message says where. */
export class AuditConfigError extends Error {}

/** Audits one file's changes against HEAD: the diff is piped to the local `aura audit --diff -
 * --format json` (offline, the same engine as the hook); when the CLI is missing the diff goes to
 * `POST /api/v1/workflows/audit`. The CLI runs with a private AURA_HOME: editor audits are
 * previews, and must not be queued as audit events in the user's CLI queue. */
export class AuditRunner {
  constructor(
    private readonly settings: () => AuraSettings,
    private readonly api: ApiClient,
    private readonly knowledge: KnowledgeService,
    private readonly cliHome: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async audit(filePath: string): Promise<AuditOutcome> {
    const d = await diffAgainstHead(filePath);
    if (!d.diff.trim()) return { findings: [], via: 'cli', relative: d.relative };
    const result = await this.auditDiff(d.root, d.diff, d.inRepo);
    return { findings: this.ours(result.findings, d.relative), via: result.via, relative: d.relative };
  }

  /** All changed and new files of the repository holding `folder`, in one audit. */
  async auditRepository(folder: string): Promise<{ root: string; files: string[]; findings: Finding[]; via: 'cli' | 'api' } | undefined> {
    const d = await diffRepository(folder);
    if (!d) return undefined;
    if (!d.diff.trim()) return { root: d.root, files: d.files, findings: [], via: 'cli' };
    return { root: d.root, files: d.files, ...(await this.auditDiff(d.root, d.diff, true)) };
  }

  private async auditDiff(root: string, diff: string, inRepo: boolean): Promise<{ findings: Finding[]; via: 'cli' | 'api' }> {
    const repoRules = path.join(root, '.aura', 'rules.yaml');
    const hasRepoRules = await access(repoRules).then(
      () => true,
      () => false,
    );
    const teamRules = hasRepoRules ? undefined : this.knowledge.rulesPath();
    const args = ['audit', '--diff', '-', '--format', 'json', '--fail-on', 'never', '--repo', root];
    if (teamRules) args.push('--config', teamRules);
    const cli = this.settings().cliPath;
    const env = { ...process.env, AURA_HOME: this.cliHome, AURA_NO_BACKGROUND_SYNC: '1', NO_COLOR: '1' };
    const r = await run(cli, args, { cwd: root, input: diff, env, timeoutMs: 120_000 });
    if (!r.missing && (r.code === 0 || r.code === 1)) return { findings: parseReport(r.stdout).findings, via: 'cli' };
    if (!r.missing && r.code === 2) throw new AuditConfigError(r.stderr.trim() || 'aura audit: configuration error');
    this.log.info(
      r.missing ? `aura CLI not found at "${cli}"; using the API` : `aura CLI failed (${r.stderr.trim() || `exit ${String(r.code)}`}); using the API`,
    );
    const rulesYaml = hasRepoRules ? await readFile(repoRules, 'utf8').catch(() => undefined) : this.knowledge.rulesYaml();
    try {
      const result = await this.api.audit(diff, inRepo ? path.basename(root) : undefined, rulesYaml);
      return { findings: result.findings, via: 'api' };
    } catch (err) {
      const why = err instanceof ApiError ? err.message : String(err);
      throw new AuditUnavailable(`${r.missing ? `the aura CLI ("${cli}") is not installed` : 'the aura CLI failed'} and the API fallback failed: ${why}`);
    }
  }

  /** The findings of this file (the diff only holds this file, but be strict). */
  private ours(findings: Finding[], relative: string): Finding[] {
    return findings.filter((f) => f.path === relative || f.path.endsWith('/' + relative) || relative.endsWith('/' + f.path));
  }
}
