import { describe, expect, it } from 'vitest';

import { cleanReason, commentStyle, indentationOf, suppressionLine } from '../../src/findings/suppression';

describe('suppression comments per language', () => {
  const cases: [string, string][] = [
    ['python', '    # aura: allow python/debugger reason="on purpose"'],
    ['shellscript', '    # aura: allow python/debugger reason="on purpose"'],
    ['yaml', '    # aura: allow python/debugger reason="on purpose"'],
    ['typescript', '    // aura: allow python/debugger reason="on purpose"'],
    ['javascriptreact', '    // aura: allow python/debugger reason="on purpose"'],
    ['go', '    // aura: allow python/debugger reason="on purpose"'],
    ['sql', '    -- aura: allow python/debugger reason="on purpose"'],
    ['html', '    <!-- aura: allow python/debugger reason="on purpose" -->'],
    ['css', '    /* aura: allow python/debugger reason="on purpose" */'],
    ['ini', '    ; aura: allow python/debugger reason="on purpose"'],
    ['latex', '    % aura: allow python/debugger reason="on purpose"'],
    ['jinja', '    {# aura: allow python/debugger reason="on purpose" #}'],
    ['handlebars', '    {{! aura: allow python/debugger reason="on purpose" }}'],
  ];
  for (const [language, expected] of cases) {
    it(`writes the ${language} comment syntax`, () => {
      expect(suppressionLine(language, 'python/debugger', 'on purpose', '    ')).toBe(expected);
    });
  }

  it('has no comment for languages without comments (use the baseline)', () => {
    expect(commentStyle('json')).toBeNull();
    expect(suppressionLine('json', 'secrets/aws-access-key', 'fixture')).toBeNull();
    expect(suppressionLine('plaintext', 'secrets/aws-access-key', 'fixture')).toBeNull();
  });

  it('keeps reasons readable by the engine: one line, no double quotes, no comment terminators', () => {
    expect(cleanReason(' a "quoted"\n reason --> */ ')).toBe("a 'quoted' reason");
    expect(suppressionLine('python', 'python/debugger', '   ')).toBeNull();
    expect(suppressionLine('python', 'bad rule id!', 'x')).toBeNull();
    expect(suppressionLine('python', 'secrets/*', 'fixtures', '', '2031-01-31')).toBe('# aura: allow secrets/* reason="fixtures" until=2031-01-31');
  });

  it('keeps the indentation of the finding line', () => {
    expect(indentationOf('\t  x = 1')).toBe('\t  ');
    expect(indentationOf('x')).toBe('');
  });
});
