/** Plausible source code for the simulator: files, functions, single lines and "variants" of a
 * line (what someone rewriting a line over and over types). */
import type { Rng } from './rng';

export type Language = 'python' | 'typescript';

const NOUNS = [
  'user',
  'order',
  'item',
  'invoice',
  'account',
  'payload',
  'record',
  'session',
  'token',
  'config',
  'result',
  'report',
  'entry',
  'event',
  'batch',
  'price',
  'total',
  'count',
  'limit',
  'cursor',
];
const VERBS = [
  'load',
  'fetch',
  'parse',
  'build',
  'compute',
  'validate',
  'render',
  'update',
  'create',
  'resolve',
  'normalise',
  'collect',
  'apply',
  'merge',
  'format',
];
const ATTRS = ['id', 'name', 'items', 'amount', 'status', 'created_at', 'owner', 'data', 'value', 'tags'];

function camel(words: string[]): string {
  return words
    .map((w, i) => (i === 0 ? w : w[0]?.toUpperCase() + w.slice(1)))
    .join('')
    .replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
}

export function identifier(rng: Rng, lang: Language): string {
  const words = [rng.pick(VERBS), rng.pick(NOUNS)];
  return lang === 'python' ? words.join('_') : camel(words);
}

export function variable(rng: Rng, lang: Language): string {
  const n = rng.pick(NOUNS);
  return rng.chance(0.3)
    ? lang === 'python'
      ? `${n}_${rng.pick(['list', 'map', 'ids', 'count'])}`
      : camel([n, rng.pick(['list', 'map', 'ids', 'count'])])
    : n;
}

/** One statement (without indentation). */
export function statement(rng: Rng, lang: Language): string {
  const v = variable(rng, lang);
  const f = identifier(rng, lang);
  const a = variable(rng, lang);
  const attr = rng.pick(ATTRS);
  const py = [
    `${v} = ${f}(${a})`,
    `${v} = ${a}.${attr}`,
    `${v} = [x.${attr} for x in ${a} if x.${rng.pick(ATTRS)}]`,
    `if ${a} is None:`,
    `return ${f}(${v}, ${a})`,
    `${v}.append(${a}.${attr})`,
    `logger.info("${rng.pick(VERBS)} %s", ${a}.${attr})`,
    `${v} = {k: v for k, v in ${a}.items() if v}`,
    `for ${v} in ${a}:`,
    `${v} = ${a}.get("${attr}", ${rng.int(0, 100)})`,
    `raise ValueError(f"bad ${attr}: {${a}}")`,
    `${v} += ${rng.int(1, 9)}`,
  ];
  const ts = [
    `const ${v} = ${f}(${a});`,
    `const ${v} = ${a}.${camel([attr])};`,
    `const ${v} = ${a}.filter((x) => x.${camel([attr])}).map((x) => x.${camel([rng.pick(ATTRS)])});`,
    `if (!${a}) {`,
    `return ${f}(${v}, ${a});`,
    `${v}.push(${a}.${camel([attr])});`,
    `logger.info(\`${rng.pick(VERBS)} \${${a}.${camel([attr])}}\`);`,
    `const ${v} = await ${f}(${a}, { limit: ${rng.int(1, 100)} });`,
    `for (const ${v} of ${a}) {`,
    `${v} = ${a}?.${camel([attr])} ?? ${rng.int(0, 100)};`,
    `throw new Error(\`bad ${attr}: \${${a}}\`);`,
    `${v} += ${rng.int(1, 9)};`,
  ];
  return rng.pick(lang === 'python' ? py : ts);
}

/** A function of `n` body lines, as lines with their indentation. */
export function functionLines(rng: Rng, lang: Language, n: number): string[] {
  const name = identifier(rng, lang);
  const args = [variable(rng, lang), variable(rng, lang)].slice(0, rng.int(1, 2));
  const out: string[] = [];
  if (lang === 'python') {
    out.push(`def ${name}(${args.join(', ')}):`);
    for (let i = 0; i < n; i++)
      out.push(
        '    ' +
          statement(rng, lang)
            .replace(/:$/, ':  # noqa')
            .replace(/^(if|for) (.*):  # noqa$/, '$1 $2: pass'),
      );
  } else {
    out.push(`export function ${name}(${args.map((a) => `${a}: ${rng.pick(['string', 'number', 'Item[]', 'Config'])}`).join(', ')}) {`);
    for (let i = 0; i < n; i++) out.push('  ' + statement(rng, lang).replace(/ \{$/, ' { /* … */ }'));
    out.push('}');
  }
  return out;
}

export function fileText(rng: Rng, lang: Language, functions: number): string {
  const lines: string[] =
    lang === 'python'
      ? ['import logging', 'from dataclasses import dataclass', '', 'logger = logging.getLogger(__name__)', '']
      : ["import { logger } from './logger';", "import type { Item, Config } from './types';", ''];
  for (let i = 0; i < functions; i++) {
    lines.push(...functionLines(rng, lang, rng.int(3, 14)), '');
  }
  return lines.join('\n') + '\n';
}

/** A variant of a line: same shape, a token or two changed (what a retry looks like). */
export function variant(rng: Rng, line: string, lang: Language): string {
  const tokens = line.split(/(\W+)/);
  const words = tokens
    .map((t, i) => [t, i] as const)
    .filter(([t]) => /^[A-Za-z_]\w*$/.test(t) && !['const', 'return', 'if', 'for', 'in', 'def', 'await', 'self'].includes(t));
  let out = tokens.slice();
  const changes = rng.int(1, 2);
  for (let c = 0; c < changes && words.length > 0; c++) {
    const [, index] = rng.pick(words);
    out[index] = rng.chance(0.5) ? rng.pick(ATTRS) : rng.chance(0.5) ? variable(rng, lang) : identifier(rng, lang);
  }
  let text = out.join('');
  const extra = rng.int(0, 3);
  if (extra === 1) text = text.replace(/\)(;?)$/, lang === 'python' ? ', strict=True)$1' : ', true)$1');
  else if (extra === 2) text = text.replace(/(\w+)\.(\w+)/, lang === 'python' ? '$1.get("$2")' : '$1?.$2');
  out = [];
  return text;
}

export const PY_ERRORS = [
  "TypeError: unsupported operand type(s) for +: 'int' and 'str'",
  "AttributeError: 'NoneType' object has no attribute 'items'",
  "KeyError: 'amount'",
  "TypeError: build_report() missing 1 required positional argument: 'limit'",
  'IndexError: list index out of range',
  "NameError: name 'session' is not defined",
  "ValueError: invalid literal for int() with base 10: 'abc'",
  "AttributeError: 'dict' object has no attribute 'owner'",
];

export const TS_ERRORS = [
  "Argument of type 'string' is not assignable to parameter of type 'number'.",
  "Property 'owner' does not exist on type 'Item'.",
  "Object is possibly 'undefined'.",
  "Cannot find name 'session'.",
  "Type 'Promise<Item[]>' is not assignable to type 'Item[]'.",
  'Expected 2 arguments, but got 1.',
  "TypeError: Cannot read properties of undefined (reading 'id')",
];
