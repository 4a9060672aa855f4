/** Offline lesson choice from the cached lesson index: the same inputs the API's struggle
 * workflow uses (rule ids in scope, error messages, language), scored simply. Used when the
 * server cannot be reached; online, the server's retrieval decides. */

export interface LessonEntry {
  id: string;
  title: string;
  rules: string[];
  languages: string[];
  tags: string[];
  /** Error-message patterns (regular expressions). */
  errors?: string[];
}

export interface LessonQuery {
  ruleIds: string[];
  errors: string[];
  language?: string;
}

export interface Ranked {
  lesson: LessonEntry;
  score: number;
  reasons: string[];
}

const ALIASES: Record<string, string> = {
  typescriptreact: 'typescript',
  javascriptreact: 'javascript',
  tsx: 'typescript',
  jsx: 'javascript',
  py: 'python',
};

export function normaliseLanguage(language: string | undefined): string | undefined {
  if (!language) return undefined;
  const lower = language.toLowerCase();
  return ALIASES[lower] ?? lower;
}

const compiled = new Map<string, RegExp | null>();

function pattern(source: string): RegExp | null {
  if (!compiled.has(source)) {
    let re: RegExp | null = null;
    try {
      re = source.length <= 500 ? new RegExp(source, 'i') : null;
    } catch {
      re = null; // a pattern JavaScript cannot read (Python-only syntax) is skipped
    }
    compiled.set(source, re);
  }
  return compiled.get(source) ?? null;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? []);
}

/** The best lessons for the query, best first (at most `limit`). */
export function pickLessons(index: readonly LessonEntry[], query: LessonQuery, limit = 3): Ranked[] {
  const language = normaliseLanguage(query.language);
  const errors = query.errors.map((e) => e.slice(0, 2000));
  const errorWords = words(errors.join(' '));
  const ranked: Ranked[] = [];
  for (const lesson of index) {
    let score = 0;
    const reasons: string[] = [];
    const rule = query.ruleIds.find((r) => lesson.rules.includes(r));
    if (rule) {
      score += 5;
      reasons.push(`teaches ${rule}`);
    }
    const matched = (lesson.errors ?? []).find((p) => {
      const re = pattern(p);
      return re !== null && errors.some((e) => re.test(e));
    });
    if (matched) {
      score += 4;
      reasons.push('matches the error message');
    }
    const langs = lesson.languages.map((l) => normaliseLanguage(l));
    if (language && langs.includes(language)) score += score > 0 ? 1 : 0.3;
    const shared = lesson.tags.filter((t) => errorWords.has(t.toLowerCase())).length + [...words(lesson.title)].filter((w) => errorWords.has(w)).length;
    if (shared > 0) {
      score += Math.min(1.5, 0.5 * shared);
      reasons.push('related words');
    }
    if (score >= 1) ranked.push({ lesson, score, reasons });
  }
  ranked.sort((a, b) => b.score - a.score || a.lesson.id.localeCompare(b.lesson.id));
  return ranked.slice(0, limit);
}
