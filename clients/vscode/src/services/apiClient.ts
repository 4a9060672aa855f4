import type { components } from '../api/schema';

/** Types generated from services/api/openapi.json (`npm run generate:api`). */
export type Schemas = components['schemas'];
export type LessonSummary = Schemas['LessonSummary'];
export type LessonRead = Schemas['LessonRead'];
export type LessonList = Schemas['LessonList'];
export type StruggleRunCreate = Schemas['StruggleRunCreate'];
export type StruggleRunRead = Schemas['StruggleRunRead'];
export type AuditRunRead = Schemas['AuditRunRead'];
export type KnowledgeMapRead = Schemas['KnowledgeMapRead'];
export type IngestResult = Schemas['IngestResult'];
export type UserRead = Schemas['UserRead'];

/** Why a request did not produce data. `offline`: no answer at all (network, timeout, 5xx). */
export class ApiError extends Error {
  constructor(
    readonly kind: 'offline' | 'unauthorized' | 'signed-out' | 'rejected' | 'not-found' | 'too-large' | 'rate-limited',
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface ApiContext {
  baseUrl(): string;
  token(): Promise<string | undefined>;
  onResult?(ok: boolean, error?: ApiError): void;
}

const TIMEOUT_MS = 10_000;

function envelopeMessage(body: unknown, status: number): string {
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  if (error && typeof error.message === 'string') return error.message;
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string') return detail;
  return `HTTP ${status}`;
}

/** A small client for the versioned Aura API: bearer token, timeouts, the error envelope turned
 * into ApiError kinds, and the connection state reported after every call. */
export class ApiClient {
  constructor(private readonly ctx: ApiContext) {}

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; query?: Record<string, string | number | undefined>; auth?: boolean; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<{ status: number; data: T; headers: Headers }> {
    const url = new URL(this.ctx.baseUrl() + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}) };
    if (options.auth !== false) {
      const token = await this.ctx.token();
      if (!token) throw this.report(new ApiError('signed-out', 'not signed in (run "Aura: Sign In")'));
      headers.authorization = `Bearer ${token}`;
    }
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS),
      });
    } catch (err) {
      const reason =
        err instanceof Error ? (err.name === 'TimeoutError' ? 'timed out' : ((err.cause as Error | undefined)?.message ?? err.message)) : String(err);
      throw this.report(new ApiError('offline', `cannot reach ${this.ctx.baseUrl()}: ${reason}`));
    }
    const text = await response.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    if (response.ok || response.status === 304) {
      this.ctx.onResult?.(true);
      return { status: response.status, data: data as T, headers: response.headers };
    }
    const message = envelopeMessage(data, response.status);
    const retryAfter = Number(response.headers.get('retry-after'));
    const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
    if (response.status === 401 || response.status === 403) throw this.report(new ApiError('unauthorized', message, response.status));
    if (response.status === 404) throw this.report(new ApiError('not-found', message, 404), true);
    if (response.status === 413) throw this.report(new ApiError('too-large', message, 413), true);
    if (response.status === 429) throw this.report(new ApiError('rate-limited', message, 429, retryAfterMs), true);
    if (response.status >= 500 || response.status === 408)
      throw this.report(new ApiError('offline', `${this.ctx.baseUrl()} answered ${response.status}: ${message}`, response.status, retryAfterMs));
    throw this.report(new ApiError('rejected', message, response.status), true);
  }

  private report(error: ApiError, reachable = false): ApiError {
    this.ctx.onResult?.(reachable, error);
    return error;
  }

  me(): Promise<UserRead> {
    return this.request<UserRead>('GET', '/api/v1/auth/me').then((r) => r.data);
  }

  async lessons(): Promise<LessonSummary[]> {
    const out: LessonSummary[] = [];
    for (let offset = 0; offset < 5000; offset += 200) {
      const page = (await this.request<LessonList>('GET', '/api/v1/lessons', { query: { limit: 200, offset } })).data;
      out.push(...page.items);
      if (page.items.length < 200 || out.length >= page.total) break;
    }
    return out;
  }

  lesson(id: string): Promise<LessonRead> {
    return this.request<LessonRead>('GET', `/api/v1/lessons/${encodeURIComponent(id)}`).then((r) => r.data);
  }

  struggle(body: StruggleRunCreate): Promise<StruggleRunRead> {
    return this.request<StruggleRunRead>('POST', '/api/v1/workflows/struggle', { body, timeoutMs: 30_000 }).then((r) => r.data);
  }

  audit(diff: string, repo: string | undefined, rulesYaml: string | undefined): Promise<AuditRunRead> {
    return this.request<AuditRunRead>('POST', '/api/v1/workflows/audit', {
      body: { diff, repo: repo ?? null, rules_yaml: rulesYaml ?? null, explain: false },
      timeoutMs: 30_000,
    }).then((r) => r.data);
  }

  /** The team's knowledge map, or null when unchanged since `etag`. */
  async knowledgeMap(teamId: string, etag?: string): Promise<{ map: KnowledgeMapRead; etag: string | null } | null> {
    const r = await this.request<KnowledgeMapRead>('GET', '/api/v1/knowledge-map', {
      query: { team_id: teamId },
      headers: etag ? { 'if-none-match': etag } : {},
    });
    if (r.status === 304) return null;
    return { map: r.data, etag: r.headers.get('etag') };
  }

  ingest(events: unknown[]): Promise<IngestResult> {
    return this.request<IngestResult>('POST', '/api/v1/events', { body: { events } }).then((r) => r.data);
  }

  /** Absolute URL of a path the server returned (e.g. a workflow run's `stream_url`). */
  absolute(path: string): string {
    return new URL(path, this.ctx.baseUrl() + '/').toString();
  }
}
