/** Mask likely secrets in text that is about to leave the machine (error messages and the
 * optional code excerpt of a struggle request), in the engine's format: the first four
 * characters, then "…[redacted]". The server redacts again with the full detectors; this pass
 * makes sure the common credential shapes never travel at all. */

const MASK = '\u2026[redacted]';

const KEY_BLOCK = /(-{4,5} ?BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)? ?-{4,5})[\s\S]*?(?=-{4,5} ?END |$)/g;

const PATTERNS: RegExp[] = [
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, // Slack
  /\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{20,}\b/g, // OpenAI / Stripe style secret keys
  /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g, // Stripe
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API keys
  /\baura_pat_[A-Za-z0-9_-]{16,}\b/g, // Aura personal API tokens
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, // JWTs
];

/** `user:password@host` in URLs and connection strings: only the password is masked. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]{3,})(@)/gi;
/** `password = "…"`, `api_key: …`, `token=…`: the value is masked. */
const ASSIGNED =
  /\b((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth|credentials?)[A-Za-z0-9_-]*["']?\s*[:=]\s*["']?)([^\s"',;]{6,})/gi;

function mask(secret: string): string {
  return secret.slice(0, 4) + MASK;
}

export function redact(text: string): string {
  if (!text) return text;
  let out = text.replace(KEY_BLOCK, (_m, head: string) => `${head}\n${MASK}\n`);
  for (const re of PATTERNS) out = out.replace(re, (m) => mask(m));
  out = out.replace(URL_PASSWORD, (_m, head: string, secret: string, at: string) => head + mask(secret) + at);
  out = out.replace(ASSIGNED, (m, head: string, value: string) => (/^\$\{|^<|^os\.environ|^process\.env|redacted/.test(value) ? m : head + mask(value)));
  return out;
}
