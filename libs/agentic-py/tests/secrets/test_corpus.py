"""A programmatically generated labelled corpus, scored for precision and recall.

Positives are synthesised in every vendor's format and in generic credential shapes, embedded in
varied surroundings; negatives are the look-alikes the policy excludes. Each sample is scanned on
its own and counts as detected when any hit is reported.
"""

from __future__ import annotations

from aura_agentic.rules.secrets.scanner import VENDORS
from aura_agentic.rules.secrets.spec import ALNUM, B64, HEX, LOWER_ALNUM, synth
from helpers import scan_text

_WRAPPERS = (
    'auth = "{}"',
    "  value: {}",
    "export CREDENTIAL={}",
    '{{"credential": "{}"}}',
    "curl -u x:{} https://api.acme.io",
)


def _vendor_positives() -> list[tuple[str, str]]:
    samples: list[tuple[str, str]] = []
    for index, spec in enumerate(VENDORS):
        for example in spec.rule.positive:
            samples.append(("config/app.conf", example))
        token_line = spec.rule.positive[1]
        if spec.context_source is None:
            token = token_line.split(": ", 1)[1]
            samples.append(("src/app.py", _WRAPPERS[index % len(_WRAPPERS)].format(token)))
    return samples


def _generic_positives() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    names = ("DB_PASSWORD", "apiKey", "client-secret", "AUTH_TOKEN", "mysql.password", "secretKey")
    for i in range(60):
        pw = synth(((ALNUM, 8 + i % 9), "!", (ALNUM, 3)), f"gp{i}")
        tok = synth(((B64 if i % 2 else HEX, 24 + i % 20),), f"gt{i}")
        name = names[i % len(names)]
        shapes = (
            ("app/.env", f"{name}={pw}"),
            ("app/settings.py", f'{name.replace("-", "_").replace(".", "_")} = "{tok}"'),
            ("deploy/values.yaml", f"{name}: {pw}"),
            ("cfg/app.json", f'"{name}": "{tok}",'),
            ("db.tf", f'password = "{pw}"'),
            ("src/db.ts", f"const url = 'postgres://app:{pw}@db.internal:5432/app';"),
        )
        out.append(shapes[i % len(shapes)])
    return out


def _negatives() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for i in range(40):
        h40 = synth(((HEX, 40),), f"n40{i}")
        h64 = synth(((HEX, 64),), f"n64{i}")
        uid = synth(
            ((HEX, 8), "-", (HEX, 4), "-4", (HEX, 3), "-8", (HEX, 3), "-", (HEX, 12)), f"u{i}"
        )
        word = synth(((LOWER_ALNUM, 12),), f"w{i}")
        out += [
            ("src/app.py", f'commit_sha = "{h40}"'),
            ("Dockerfile", f"FROM python:3.11@sha256:{h64}"),
            ("src/app.py", f'request_id = "{uid}"'),
            (
                "uv.lock",
                f'{{ url = "https://f.pythonhosted.org/{word}.whl", hash = "sha256:{h64}" }}',
            ),
            ("package-lock.json", f'"integrity": "sha512-{synth(((B64, 86),), f"i{i}")}=="'),
            ("src/app.py", f'password = os.environ["{word.upper()}_PASSWORD"]'),
            ("src/app.js", f"const token = process.env.TOKEN_{i};"),
            ("values.yaml", f"api_key: {{{{ .Values.key{i} }}}}"),
            ("src/app.py", f"secret = get_secret('{word}')"),
            ("README.md", f"Set `API_KEY=<your-api-key-{i}>` before running."),
        ]
    out += [
        ("src/ui.tsx", '<label htmlFor="password">Enter your password</label>'),
        ("src/auth.py", 'if not token or token == "":'),
        ("src/auth.py", "def verify_password(password: str, hashed: str) -> bool:"),
        ("src/auth.py", 'HASH_ALGORITHM = "sha256"'),
        ("src/auth.py", 'TOKEN_RE = re.compile(r"ghp_[A-Za-z0-9]{36}")'),
        ("tests/test_aws.py", 'key = "AKIAIOSFODNN7EXAMPLE"'),
        ("docs/setup.md", "export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        ("src/keys.py", 'if line.startswith("-----BEGIN RSA PRIVATE KEY-----"):'),
        ("src/db.py", 'DSN = "postgresql://user:password@localhost/db"'),
        ("src/db.py", 'DSN = f"postgresql://{user}:{password}@{host}/db"'),
    ]
    return out


def test_corpus_precision_and_recall() -> None:
    positives = _vendor_positives() + _generic_positives()
    negatives = _negatives()
    assert len(positives) + len(negatives) >= 300
    tp = sum(1 for path, text in positives if scan_text(text, path))
    fp = sum(1 for path, text in negatives if scan_text(text, path))
    missed = [text for path, text in positives if not scan_text(text, path)]
    flagged = [text for path, text in negatives if scan_text(text, path)]
    precision = tp / (tp + fp)
    recall = tp / len(positives)
    print(
        f"corpus: {len(positives)} positive, {len(negatives)} negative, "
        f"precision={precision:.3f} recall={recall:.3f}"
    )
    assert precision >= 0.97, flagged
    assert recall >= 0.95, missed
