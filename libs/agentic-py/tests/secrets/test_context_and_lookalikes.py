"""Context-aware detection (YAML, k8s, Terraform, .env, JSON, XML) and the look-alike suite."""

from __future__ import annotations

import pytest
from aura_agentic.rules.secrets import scan_secrets
from aura_agentic.rules.secrets.spec import ALNUM, B64, BASE32, HEX, synth
from helpers import rule_ids, scan_text

PW = synth(((ALNUM, 9), "!", (ALNUM, 6)), "ctx-pw")
TOKEN = synth(((ALNUM, 36),), "ctx-token")
SHA40 = synth(((HEX, 40),), "ctx-sha")
SHA64 = synth(((HEX, 64),), "ctx-sha64")
B32 = BASE32
# a signed token whose claims are a toy {"a":"b"}: only documentation ships those
TOY_JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhIjoiYiJ9." + synth(((ALNUM, 43),), "toy")

POSITIVE_CONTEXT = [
    ("deploy.yaml", f'env:\n  - name: DB_PASSWORD\n    value: "{PW}"'),
    ("values.yaml", f"database:\n  password: {PW}"),
    ("values.yaml", f"password: |\n  {PW}"),
    ("values.yaml", f"credentials:\n  stripe: {TOKEN}"),
    ("main.tf", f'variable "db_password" {{\n  type    = string\n  default = "{PW}"\n}}'),
    ("main.tf", f'resource "aws_db_instance" "db" {{\n  password = "{PW}"\n}}'),
    (".env", f"API_TOKEN={TOKEN}"),
    ("task.json", f'{{"name": "API_TOKEN", "value": "{TOKEN}"}}'),
    ("config.json", f'{{\n  "client_secret": "{TOKEN}"\n}}'),
    ("web.config", f'<add key="ApiKey" value="{TOKEN}" />'),
    ("Info.plist", f"<key>ApiToken</key>\n<string>{TOKEN}</string>"),
    ("app.properties", f"spring.datasource.password={PW}"),
    ("settings.ini", f"[db]\npassword = {PW}"),
    ("deploy.sh", f"mysql --password={PW} -h db"),
    ("app.py", f'client = Client(api_key="{TOKEN}")'),
    ("app.ts", f'const apiKey: string = "{TOKEN}";'),
    ("main.go", f'dbPassword := "{PW}"'),
    ("wp-config.php", f"define('DB_PASSWORD', '{PW}');"),
    ("pom.xml", f"<password>{PW}</password>"),
    # the guards against code and samples must not cost real credentials
    ("fixtures.py", f'CONFIG = """\napi_key: {TOKEN}\n"""'),
    ("settings.py", f"    # db password: {PW}"),
    ("app.py", f'password = "$up3r{PW}"'),
    ("deploy.sh", f"psql postgresql://scott:{PW}@db.internal/app"),
    (".npmrc", f"//registry.npmjs.org/:_authToken={TOKEN}"),
    (".npmrc", f"_auth={TOKEN}=="),
    ("db.py", f'url = "jdbc:postgresql://db/app?user=app&password={PW}"'),
    ("Db.cs", f'var cs = "Server=db;Database=app;User Id=sa;Password={PW};";'),
    ("run.sh", f"mysqldump --password {PW} app > dump.sql"),
    ("redis.env", f"REDIS_URL=redis://:{PW}@cache.internal:6379/0"),
    # a random token that happens to spell a placeholder word in mixed case is still a token
    # aura: allow secrets/openai-api-key reason="made-up token: the detector must fire on it"
    ("ai.py", 'openai.api_key = "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"'),
]

NEGATIVE_CONTEXT = [
    (
        "deploy.yaml",
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db",
    ),
    (
        "deploy.yaml",
        f"env:\n  - name: DB_PASSWORD\n    value: $(DB_PASS)\n  - name: LOG\n    value: {PW}",
    ),
    ("values.yaml", "password: {{ .Values.db.password }}"),
    ("ci.yml", "token: ${{ secrets.GITHUB_TOKEN }}"),
    ("main.tf", 'variable "db_password" {\n  type      = string\n  sensitive = true\n}'),
    ("main.tf", "password = var.db_password"),
    ("app.py", 'password = os.environ["DB_PASSWORD"]'),
    ("app.py", 'token = os.getenv("API_TOKEN")'),
    ("app.py", "password = get_password()"),
    ("app.py", 'if token == "":'),
    ("app.py", "def login(password: str) -> bool:"),
    ("app.js", "const token = process.env.API_TOKEN;"),
    ("app.js", 'label: "Enter your password",'),
    ("app.py", 'password_hash = "' + SHA64 + '"'),
    ("app.py", 'TOKEN_PATTERN = r"[A-Za-z0-9]{32}"'),
    ("app.py", 'hash_name = "sha256"'),
    (".env", "API_KEY=your_api_key_here"),
    (".env", "SECRET_KEY=changeme"),
    (".env", "DB_PASSWORD="),
    (".env", "TOKEN=xxxxxxxxxxxxxxxxxxxx"),
    (".env", "PASSWORD=********"),
    ("config.yaml", "api_key: <your-api-key>"),
    ("config.yaml", "secret: vault:secret/data/app#key"),
    ("config.yaml", "password: arn:aws:secretsmanager:us-east-1:123456789012:secret:db"),
    ("config.yaml", "token: null"),
    # dotted code paths, prose arrows and reST roles are not literals
    ("db.py", 'signature = "hypothesis.database._EDMeta.__call__"'),
    ("ecdsa.py", "    # sig: 5:OpenSSL->python 6:python->OpenSSL"),
    ("arbiter.py", "        :attr sig: `signal.SIG*` value"),
    # stored password hashes are not passwords
    ("auth.py", 'password_hash = "$2b$12$' + synth(((ALNUM, 53),), "bcrypt") + '"'),
    ("t.py", '("password", "$argon2id$v=19$m=65536,t=3,p=4$' + synth(((B64, 22),), "a2") + '"),'),
    ("ldap.ldif", "userPassword: {SSHA}" + synth(((B64, 32),), "ssha")),
    ("users.py", 'PASSWORD = "pbkdf2_sha256$600000$' + synth(((ALNUM, 22),), "dj") + '"'),
    ("my.sql", "password = '*" + synth(((HEX.upper(), 40),), "mysql") + "'"),
    # templates filled at runtime, code expressions, identifiers and package names
    ("env.py", 'upgrade_token="%s_upgrades" % name,'),
    ("rec.py", "secret = f'{base64.b64encode(self.secret).decode()}'"),
    ("svcb.py", "    value = token.value[equals + 1 :]"),
    ("totp.py", "        value=b32decode(enckey['k']),"),
    ("keys.py", "    key: ed25519.Ed25519PrivateKey"),
    ("pkcs.py", "    private_key: PKCS12PrivateKeyTypes | None,"),
    ("sign.py", "headers = {'Date': now, 'Authorization': v4auth_header}"),
    ("stubs.py", '"keyring_auth": "types-keyring-auth2",'),
    ("pkg.py", '"basic_auth": ".asyncio.server",'),
    ("doc.py", "Authorization: Bearer deadbeef12346"),
    # signatures and checksums are not credentials
    ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55"),
    # code that merely names npm's auth settings
    ("client.py", "        proxy_auth=self._proxy_auth,"),
    ("cfg.py", "    self.client_key_password = client_key_password"),
    # the samples database and OTP manuals have used for decades
    ("db.py", 'engine = create_engine("postgresql+psycopg2://scott:tiger@localhost/test")'),
    ("urls.py", 'URL("https://jo%40mail.org:a%20secret@m\u00fcller.de:1234/path")'),
    ("otp.md", "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"),
    ("otp.py", "uri = 'otpauth://totp/me@example.org?secret=" + synth(((B32, 16),), "otp") + "'"),
    ("jws.py", ">>> jws.verify('" + TOY_JWT + "', 'secret', algorithms='HS256')"),
    # versions, PGP key ids, the next CLI flag, CVS syntax, RFC 6749's example client
    ("CoreList.pm", "    'Test2::Event::Pass'    => '1.302140',"),
    ("pom.xml", "<releaseManagerKey>86fdc7e2a11262cb</releaseManagerKey>"),
    ("completion.sh", "local OPTS='--no-ask-password --scope -u --unit'"),
    ("COPYING", "cvs://:pserver:anoncvs@sources.example-host.org:/cvs/src"),
    ("oauth.py", "        Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW"),
    # placeholder words still excuse values when they read as words
    (".env", "API_TOKEN=myFakeToken" + synth(((ALNUM, 20),), "fk")),
    (".env", "SECRET_KEY=TODO_" + synth(((ALNUM, 24),), "td")),
]

LOOKALIKES = [
    'request_id = "3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b"',
    f'commit = "{SHA40}"',
    f"image: ghcr.io/acme/api@sha256:{SHA64}",
    '"integrity": "sha512-' + synth(((ALNUM, 86),), "integ") + '=="',
    f'checksum = "{SHA64}"',
    f"github.com/pkg/errors v0.9.1 h1:{synth(((ALNUM, 43),), 'gosum')}=",
    f'{{file = "pkg-1.0.tar.gz", hash = "sha256:{SHA64}"}}',
    "-----BEGIN PUBLIC KEY-----\n" + synth(((ALNUM, 64),), "pub") + "\n-----END PUBLIC KEY-----",
    "-----BEGIN CERTIFICATE-----\n" + synth(((ALNUM, 64),), "crt") + "\n-----END CERTIFICATE-----",
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + synth(((ALNUM, 60),), "ssh") + " user@host",
    'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',
    'api_key = "1234567890abcdef1234567890abcdef"',
    'token = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
    'secret = "abcdefghijklmnopqrstuvwxyz"',
    'publishable_key = "pk_live_' + synth(((ALNUM, 24),), "pk") + '"',
    "url = https://github.com/acme/repo.git",
    "ssh://git@github.com:22/acme/repo.git",
    "DATABASE_URL=postgres://user:${DB_PASS}@db:5432/app",
    "redis://:****@cache:6379",
]


@pytest.mark.parametrize(("path", "text"), POSITIVE_CONTEXT)
def test_context_positive(path: str, text: str) -> None:
    assert scan_text(text, path), text


@pytest.mark.parametrize(("path", "text"), NEGATIVE_CONTEXT)
def test_context_negative(path: str, text: str) -> None:
    assert scan_text(text, path) == [], text


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_are_silent(text: str) -> None:
    assert rule_ids(text) == set(), text


def test_only_added_lines_are_reported_but_context_is_used() -> None:
    lines = {1: "- name: DB_PASSWORD", 2: f'  value: "{PW}"', 3: f"other: {PW}"}
    hits = scan_secrets("k8s.yaml", lines, [2])
    assert [(h.line, h.secret) for h in hits] == [(2, PW)]
    assert scan_secrets("k8s.yaml", lines, [1]) == []


def test_hit_columns_point_at_the_secret() -> None:
    line = f'API_TOKEN = "{TOKEN}"'
    (hit,) = scan_text(line)
    assert line[hit.column - 1 : hit.end_column - 1] == TOKEN == hit.secret


def test_multiline_pem_reported_on_begin_line_only() -> None:
    body = "\n".join(synth(((ALNUM, 64),), f"b{i}") for i in range(4))
    text = (
        f"key = '''\n-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
    )
    hits = scan_text(text)
    assert [(h.rule_id, h.line) for h in hits] == [("secrets/private-key", 2)]


def test_fixture_paths_excuse_marked_test_values_only() -> None:
    test_key = "sk_test_" + synth(((ALNUM, 24),), "stripe-test")
    assert rule_ids(f'KEY = "{test_key}"', "src/billing.py") == {"secrets/stripe-secret-key"}
    assert rule_ids(f'KEY = "{test_key}"', "tests/test_billing.py") == set()
    live = "ghp_" + synth(((ALNUM, 36),), "gh-fixture")
    assert rule_ids(f'TOKEN = "{live}"', "tests/test_api.py") == {"secrets/github-token"}
