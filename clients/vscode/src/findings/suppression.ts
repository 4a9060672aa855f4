/** The inline suppression comment `aura: allow <rule-id> reason="…"` written in the comment
 * syntax of the file's language, as a line of its own above the finding (the engine applies a
 * comment-only suppression line to the code line below it). Only comment markers the engine
 * recognises are used (#, //, /*, --, <!--, ;, %, {#, {{!); languages with none of them get no
 * comment and the user is pointed at the baseline instead. */

type Style = { open: string; close?: string };

const HASH: Style = { open: '#' };
const SLASH: Style = { open: '//' };
const DASH: Style = { open: '--' };
const XML: Style = { open: '<!--', close: '-->' };
const BLOCK: Style = { open: '/*', close: '*/' };
const SEMI: Style = { open: ';' };
const PERCENT: Style = { open: '%' };
const JINJA: Style = { open: '{#', close: '#}' };
const MUSTACHE: Style = { open: '{{!', close: '}}' };

const STYLES: Record<string, Style> = {
  python: HASH,
  shellscript: HASH,
  ruby: HASH,
  perl: HASH,
  yaml: HASH,
  toml: HASH,
  dockerfile: HASH,
  makefile: HASH,
  r: HASH,
  powershell: HASH,
  coffeescript: HASH,
  elixir: HASH,
  julia: HASH,
  graphql: HASH,
  terraform: HASH,
  hcl: HASH,
  properties: HASH,
  nix: HASH,
  cmake: HASH,
  'git-commit': HASH,
  javascript: SLASH,
  typescript: SLASH,
  javascriptreact: SLASH,
  typescriptreact: SLASH,
  java: SLASH,
  c: SLASH,
  cpp: SLASH,
  csharp: SLASH,
  go: SLASH,
  rust: SLASH,
  swift: SLASH,
  kotlin: SLASH,
  scala: SLASH,
  dart: SLASH,
  php: SLASH,
  groovy: SLASH,
  jsonc: SLASH,
  'objective-c': SLASH,
  'objective-cpp': SLASH,
  fsharp: SLASH,
  scss: SLASH,
  less: SLASH,
  proto: SLASH,
  zig: SLASH,
  solidity: SLASH,
  sql: DASH,
  lua: DASH,
  haskell: DASH,
  elm: DASH,
  ada: DASH,
  plsql: DASH,
  html: XML,
  xml: XML,
  markdown: XML,
  svg: XML,
  xsl: XML,
  vue: XML,
  css: BLOCK,
  ini: SEMI,
  clojure: SEMI,
  lisp: SEMI,
  scheme: SEMI,
  asm: SEMI,
  latex: PERCENT,
  tex: PERCENT,
  erlang: PERCENT,
  matlab: PERCENT,
  prolog: PERCENT,
  jinja: JINJA,
  'django-html': JINJA,
  twig: JINJA,
  nunjucks: JINJA,
  handlebars: MUSTACHE,
};

export function commentStyle(languageId: string): Style | null {
  return STYLES[languageId] ?? null;
}

/** A reason as the engine can read it back: one line, no double quotes, bounded. */
export function cleanReason(reason: string): string {
  return reason
    .replace(/\s+/g, ' ')
    .replace(/"/g, "'")
    .replace(/-->|\*\/|#\}/g, '')
    .trim()
    .slice(0, 200);
}

/** The whole comment line, with `indent` (the indentation of the finding's line) in front.
 * Returns null for languages without comments or an empty reason. */
export function suppressionLine(languageId: string, ruleId: string, reason: string, indent = '', until?: string): string | null {
  const style = commentStyle(languageId);
  const why = cleanReason(reason);
  if (!style || why === '' || !/^[A-Za-z0-9_./*-]+$/.test(ruleId)) return null;
  const expiry = until && /^\d{4}-\d{2}-\d{2}$/.test(until) ? ` until=${until}` : '';
  const body = `aura: allow ${ruleId} reason="${why}"${expiry}`;
  return `${indent}${style.open} ${body}${style.close ? ` ${style.close}` : ''}`;
}

export function indentationOf(lineText: string): string {
  return /^[ \t]*/.exec(lineText)?.[0] ?? '';
}
