"""A realistic large diff for `bench/audit_engine.py`: many files of mixed, plausible code and
config (Python, TypeScript, YAML, JSON, Markdown, .env, Terraform, lockfiles).

Findings are rare, as in real changes: roughly one per few hundred lines (a print here, a
`console.log` there, a hard-coded password in a config file, a function that grew too long).
Credential-looking words (`token`, `key`, `auth`, `password`), URLs, long identifiers, UUIDs
and integrity hashes are common, as they are in real code, so the prefilters are exercised.
Tokens are synthesised (no literal credential in the repository).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from aura_agentic.rules.secrets.spec import ALNUM, B64, HEX, synth


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NOUNS = _words(
    "user order invoice payment session account item product customer report event message "
    "token_cache api_client webhook subscription tenant project build artifact metric "
    "permission role audit_log notification config request response"
)
VERBS = _words("get load fetch build compute validate render parse update create delete sync")


def _ident(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}"


def _camel(rng: random.Random) -> str:
    verb, noun = rng.choice(VERBS), rng.choice(NOUNS).split("_")
    return verb + "".join(w.title() for w in noun)


def _secret(rng: random.Random) -> str:
    """A credential literal in one of a few shapes (vendor token, password, URL password)."""
    n = rng.randrange(10**6)
    return rng.choice(
        (
            f'GITHUB_TOKEN = "ghp_{synth(((ALNUM, 36),), f"gh{n}")}"',
            f'STRIPE_KEY = "sk_live_{synth(((ALNUM, 24),), f"st{n}")}"',
            f'db_password = "{synth(((ALNUM, 10), "#", (ALNUM, 4)), f"pw{n}")}"',
            f'DSN = "postgresql://app:{synth(((ALNUM, 12),), f"u{n}")}@db.internal:5432/app"',
        )
    )


# Each entry is a complete statement (some span lines), so generated modules parse.
PY_BODY = (
    "    {a} = {f}({b})",
    "    if not {a}:\n        raise ValueError(f'missing {a} for {{{b}!r}}')",
    "    logger.debug('%s loaded in %.1f ms', {b}, elapsed * 1000)",
    "    cache_key = f'{a}:{{{b}.id}}'",
    "    for name, value in sorted({a}.items()):\n        result[name] = normalise(value)",
    "    # keep the previous {a} until the refresh succeeds",
    "    self._{a}_by_id[{b}.id] = {b}",
    "    items = [x for x in {b} if x.is_active]",
    "    elapsed = time.perf_counter() - started",
    "    total += {a}.amount * rate",
    "    if {a}.status == Status.DONE:\n        return {a}",
    "    {a}.updated_at = now",
    "    count = len({b})",
    "    {a}_lookup_by_external_id = build_index({b}, field='external_id')",
    "    self.max_concurrent_requests_per_host = limits.per_host",
    "    try:\n        {a} = self.repo.get({b}.id)\n    except NotFoundError:\n        {a} = None",
    "    headers = {{'Authorization': f'Bearer {{self._token}}'}}",
    "    api_key = os.environ['PAYMENTS_API_KEY']",
    '    """Return the {a} for {b}, loading it when not cached."""',
    "",
)
TS_BODY = (
    "  const {c} = await {f}({d});",
    "  if (!{c}) {{ return null; }}",
    "  setState((prev) => ({{ ...prev, {c} }}));",
    "  // the server sends {c} only to admins",
    "  return {d}.filter((x) => x.enabled);",
    "  const url = `${{API_BASE}}/v1/{c}/${{id}}`;",
    "  for (const [name, value] of Object.entries({d})) {{",
    "    params.set(name, String(value));",
    "  }}",
    "  logger.info('loaded', {{ count: {d}.length }});",
    "  const total = {d}.reduce((a, x) => a + x.amount, 0);",
    "  if ({c}.status === 'done') {{",
    "    return {c};",
    "  }}",
    "  const headers = {{ Authorization: `Bearer ${{session.token}}` }};",
    "  const apiKey = process.env.NEXT_PUBLIC_MAPS_KEY ?? '';",
    "",
)


def _py_file(rng: random.Random, lines: int) -> list[str]:
    out = [
        '"""Service helpers for ' + rng.choice(NOUNS).replace("_", " ") + 's."""',
        "",
        "from __future__ import annotations",
        "",
        "import logging",
        "import os",
        "import time",
        "",
        "from app.core import settings",
        "",
        "logger = logging.getLogger(__name__)",
        "",
    ]
    while len(out) < lines:
        name, arg = _ident(rng), rng.choice(NOUNS)
        out += ["", "", f"def {name}({arg}, *, page: int = 1) -> dict[str, object]:"]
        body = 55 + rng.randrange(20) if rng.random() < 0.04 else 4 + rng.randrange(22)
        for _ in range(body):
            text = rng.choice(PY_BODY).format(a=rng.choice(NOUNS), b=arg, f=_ident(rng))
            out += text.split("\n")
        out.append(f"    return {arg}")
        roll = rng.random()
        if roll < 0.02:
            out.append(f"print({arg})")  # a debug print at module level: a finding
        elif roll < 0.023:
            out.append("    breakpoint()")
    return out


def _ts_file(rng: random.Random, lines: int) -> list[str]:
    out = [
        "import { useEffect, useState } from 'react';",
        "import { apiClient } from '@/lib/api';",
        "import type { Paginated } from '@/types';",
        "",
    ]
    while len(out) < lines:
        name, arg = _camel(rng), _camel(rng)
        out += ["", f"export async function {name}({arg}: Paginated<string>) {{"]
        for _ in range(3 + rng.randrange(15)):
            out.append(rng.choice(TS_BODY).format(c=_camel(rng), d=arg, f=_camel(rng)))
        if rng.random() < 0.03:
            out.append(f"  console.log('{name}', {arg});")
        out.append("}")
    return out


def _yaml_file(rng: random.Random, lines: int) -> list[str]:
    out = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: api", "spec:"]
    out += ["  template:", "    spec:", "      containers:", "        - name: api"]
    out += [f"          image: ghcr.io/acme/api@sha256:{synth(((HEX, 64),), str(lines))}"]
    out.append("          env:")
    while len(out) < lines:
        var = rng.choice(NOUNS).upper()
        roll = rng.random()
        if roll < 0.7:
            out += [
                f"            - name: {var}_TIMEOUT",
                f'              value: "{rng.randrange(90)}s"',
            ]
        elif roll < 0.85:
            out += [f"            - name: {var}_API_TOKEN", "              valueFrom:"]
            out += ["                secretKeyRef:", f"                  name: {var.lower()}"]
            out.append("                  key: token")
        elif roll < 0.995:
            out += [
                f"            - name: {var}_URL",
                f"              value: http://{var.lower()}:8080",
            ]
        else:
            pw = synth(((ALNUM, 9), "!", (ALNUM, 5)), f"y{rng.randrange(10**6)}")
            out += [f"            - name: {var}_PASSWORD", f'              value: "{pw}"']
    return out


_UUID = ((HEX, 8), "-", (HEX, 4), "-4", (HEX, 3), "-8", (HEX, 3), "-", (HEX, 12))


def _json_file(rng: random.Random, lines: int) -> list[str]:
    out = ["{", '  "items": [']
    while len(out) < lines:
        uid = synth(
            ((HEX, 8), "-", (HEX, 4), "-4", (HEX, 3), "-8", (HEX, 3), "-", (HEX, 12)), str(len(out))
        )
        out += ["    {", f'      "id": "{uid}",', f'      "name": "{_camel(rng)}",']
        out += [
            f'      "enabled": {str(rng.random() < 0.5).lower()},',
            f'      "retries": {rng.randrange(5)}',
        ]
        out.append("    },")
    return [*out, '    {"id": "last"}', "  ]", "}"]


def _lock_file(rng: random.Random, lines: int) -> list[str]:
    out = ["{", '  "lockfileVersion": 3,', '  "packages": {']
    while len(out) < lines:
        name = rng.choice(NOUNS).replace("_", "-")
        integrity = synth(((B64, 86),), str(len(out)))
        out += [
            f'    "node_modules/@acme/{name}": {{',
            f'      "version": "1.{rng.randrange(40)}.0",',
        ]
        out += [f'      "resolved": "https://registry.npmjs.org/@acme/{name}/-/{name}-1.0.0.tgz",']
        out += [f'      "integrity": "sha512-{integrity}=="', "    },"]
    return [*out, "  }", "}"]


def _md_file(rng: random.Random, lines: int) -> list[str]:
    out = [f"# {rng.choice(NOUNS).replace('_', ' ').title()} service", ""]
    while len(out) < lines:
        noun = rng.choice(NOUNS).replace("_", " ")
        out += [f"## Configuring the {noun}", ""]
        out += [f"The {noun} service reads its settings from the environment. Start it with"]
        out += ["the defaults first, then adjust the limits below to match your traffic.", ""]
        out += ["| setting | default |", "|---|---|", "| timeout | 30s |", "| retries | 3 |", ""]
        if rng.random() < 0.3:
            out += ["Set `API_TOKEN` first; see https://docs.acme.io/setup.", "", "```bash"]
            out += ["export API_TOKEN=<your-token>", "make run", "```", ""]
    return out


def _env_file(rng: random.Random, lines: int) -> list[str]:
    out: list[str] = []
    while len(out) < lines:
        var = rng.choice(NOUNS).upper()
        out += [f"{var}_PORT={8000 + rng.randrange(100)}", f"{var}_LOG_LEVEL=info"]
        out += [f"{var}_DATABASE_URL=postgres://app:${{DB_PASSWORD}}@db:5432/{var.lower()}"]
        out += [f"{var}_API_KEY=${{{var}_API_KEY}}", ""]
        if rng.random() < 0.05:
            out.append(_secret(rng).replace(" = ", "=").replace('"', ""))
    return out


def _tf_file(rng: random.Random, lines: int) -> list[str]:
    out: list[str] = []
    while len(out) < lines:
        name = rng.choice(NOUNS)
        out += [f'resource "aws_db_instance" "{name}" {{', '  engine         = "postgres"']
        out += ['  instance_class = "db.t3.micro"', f'  username       = "{name}"']
        out += ["  password       = var.db_password", "  tags = {", '    team = "platform"', "  }"]
        out += ["}", ""]
        if rng.random() < 0.03:
            out += [
                'variable "db_password" {',
                f'  default = "{synth(((ALNUM, 14),), name + str(len(out)))}"',
                "}",
            ]
    return out


KINDS: tuple[tuple[str, Callable[[random.Random, int], list[str]], int], ...] = (
    ("src/app/{}.py", _py_file, 36),
    ("web/src/lib/{}.ts", _ts_file, 26),
    ("deploy/k8s/{}.yaml", _yaml_file, 9),
    ("fixtures/{}.json", _json_file, 8),
    ("docs/{}.md", _md_file, 8),
    ("config/{}.env", _env_file, 4),
    ("infra/{}.tf", _tf_file, 5),
    ("web/{}/package-lock.json", _lock_file, 4),
)


def realistic_files(target_bytes: int, seed: int = 11) -> dict[str, list[str]]:
    """New files of mixed kinds and sizes totalling about `target_bytes` of added text."""
    rng = random.Random(seed)
    files: dict[str, list[str]] = {}
    size = 0
    weights = [k[2] for k in KINDS]
    while size < target_bytes:
        pattern, make, _ = rng.choices(KINDS, weights)[0]
        lines = make(rng, int(rng.lognormvariate(5.0, 0.8)) + 10)
        if rng.random() < 0.01:
            lines.append(_secret(rng))
        files[pattern.format(f"{_ident(rng)}_{len(files)}")] = lines
        size += sum(len(line) + 2 for line in lines)
    return files
