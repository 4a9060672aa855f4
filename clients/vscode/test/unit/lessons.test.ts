import { describe, expect, it } from 'vitest';

import { type LessonEntry, pickLessons } from '../../src/lessons/localPick';

const INDEX: LessonEntry[] = [
  {
    id: 'python-key-error',
    title: 'KeyError: the key is not in the dict',
    rules: [],
    languages: ['python'],
    tags: ['errors', 'dict'],
    errors: ["KeyError: '.*'"],
  },
  {
    id: 'debugger-statements',
    title: 'Debugger statements',
    rules: ['python/debugger', 'js/debugger'],
    languages: ['python', 'javascript'],
    tags: ['debugging'],
  },
  {
    id: 'ts-not-assignable',
    title: 'Type is not assignable',
    rules: [],
    languages: ['typescript'],
    tags: ['types'],
    errors: ["Type '.*' is not assignable to type '.*'", '(?P<bad>python-only)'],
  },
  { id: 'python-name-error', title: 'NameError', rules: [], languages: ['python'], tags: ['errors'], errors: ["NameError: name '.*' is not defined"] },
];

describe('offline lesson choice', () => {
  it('prefers the lesson of a rule in scope', () => {
    expect(pickLessons(INDEX, { ruleIds: ['python/debugger'], errors: [], language: 'python' })[0]?.lesson.id).toBe('debugger-statements');
  });

  it("matches error messages against the lessons' error patterns", () => {
    const ranked = pickLessons(INDEX, { ruleIds: [], errors: ["KeyError: 'total'"], language: 'python' });
    expect(ranked[0]?.lesson.id).toBe('python-key-error');
    expect(ranked[0]?.reasons).toContain('matches the error message');
  });

  it('normalises languages and skips patterns JavaScript cannot compile', () => {
    const ranked = pickLessons(INDEX, { ruleIds: [], errors: ["Type 'string' is not assignable to type 'number'."], language: 'typescriptreact' });
    expect(ranked[0]?.lesson.id).toBe('ts-not-assignable');
  });

  it('returns nothing when nothing relates, and at most `limit` lessons', () => {
    expect(pickLessons(INDEX, { ruleIds: [], errors: ['segfault'], language: 'rust' })).toEqual([]);
    expect(
      pickLessons(INDEX, { ruleIds: ['python/debugger'], errors: ["NameError: name 'x' is not defined", "KeyError: 'a'"], language: 'python' }, 2),
    ).toHaveLength(2);
  });
});
