"""Look-alike classes seen on real code (issue 12), each with its positive twin.

Every example is written for this file (never copied from a scanned project): the look-alike
shows the class, the positive shows that the class did not cost recall. Tokens are synthesised
at run time so the repository's own audit never sees a literal one.
"""

from __future__ import annotations

import pytest
from aura_agentic.rules.secrets.spec import ALNUM, B64, HEX, synth
from helpers import rule_ids

RANDOM = synth(((ALNUM, 24),), "rw-random")
RANDOM_PW = synth(((ALNUM, 14),), "rw-pw")
AWS_ID = "AKIA" + synth((("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),), "rw-aws")
GH = "ghp_" + synth(((ALNUM, 36),), "rw-gh")
LETTERS_PW = synth(((ALNUM.strip("0123456789"), 12),), "rw-letters")

LOOKALIKES = [
    # prose and UI text that mentions a credential word (catalogs in any language, Markdown)
    ("locales/de.json", '  "invalidEncryptionKey": "Der Schlüssel ist ungültig",'),
    ("locales/fr.json", '  "password_too_short": "Mot de passe trop court",'),
    ("docs/guide.md", "Set the token: `the-token-from-settings` and restart."),
    ("lib/sync.js", 'throw new Error("Failed to get token: "+e),o||(this.retry_(e),done())'),
    ("lib/printer.js", "// one pass: `d===t?a:b`, never both"),
    # identifiers and keys that are not credentials
    ("src/List.tsx", "<Row key={item.id} token={theme.tokenName} />"),
    ("src/i18n.ts", 't("auth.errors.invalidPassword")'),
    ("app/cache.py", 'CACHE_KEY = "user-profile-summary-v2"'),
    ("app/query.py", 'partition_key = "tenant_region_day"'),
    ("app/forms.py", 'field_order = ["old_password", "new_password1", "new_password2"]'),
    ("app/migrations/0003_x.py", '    ("auth", "0002_alter_user_email_max_length"),'),
    ("app/errors.py", 'CREDENTIAL_TAKEN = "account-exists-with-different-credential"'),
    ("src/sheets.py", "SPREADSHEET_KEY = 'sheet_budget_2024_q3'"),
    ("docs/rules.yaml", "rules: [secrets/aws-access-key, secrets/private-key-base64]"),
    (
        "k8s/deploy.yaml",
        "        - name: API_TOKEN\n          valueFrom:\n            secretKeyRef:",
    ),
    ("src/lexer.js", 'lastSignificantToken = "?InterpolationInTemplate";'),
    ("app/api.py", "secret_key: 'Optional[str]' = None,"),
    ("src/auth.map", '{"sourcesContent": ["  password: string\\n  ): Promise<User> {"]}'),
    # URL-parser and encoding test vectors, fakes in any encoding
    ("test/urls.json", '{"input": "https://user:pa%20ss@host/", "password": "pa%20ss"}'),
    ("tests/test_url.py", '"http://user:pass%23pass@complex.example.org/path"'),
    ("tests/test_proxy.py", 'PROXY = "http://user:withPwd@proxy:8888/"'),
    ("CHANGELOG.md", "credentials in a URL (e.g. `https://user:p%40ss@host`) are decoded"),
    ("tests/test_http.py", 'headers = {"Authorization": "Basic dXNlcjpwYXNzd29yZDEyMw=="}'),
    ("tests/test_scrub.py", '"password": "[Filtered]",'),
    ("tests/test_scrub.py", '"?color=red&auth=%5BFiltered%5D#frag",'),
    ("tests/test_mail.py", 'assert r.headers["key"] == "=?utf-8?b?4oCg?="'),
    # demo passwords where demonstrations live
    ("tests/test_login.py", 'client.login(username="ada", password="cat123")'),
    ("docs/setup.rst", '    "PASSWORD": "s3krit",'),
    ("README.md", "  password: 'rapunz3l'"),
    ("docs/multi-db.txt", '        "PASSWORD": "veryPriv@ate",'),
    # values that are hashes of secrets
    ("tests/test_mongo.py", '"password": "' + synth(((HEX, 64),), "rw-hash") + '",'),
    ("app/users.py", 'ADMIN_PASSWORD = "pbkdf2_sha256$600000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"'),
    # vendor words nearby: file names, CDN URLs, commit ids, blobs, badges
    (
        "CHANGELOG.md",
        "- fix Cloudflare credentials ([abc1234](https://git.example/commit/"
        + synth(((HEX, 40),), "rw-sha")
        + "))",
    ),
    ("README.md", "[cover]: https://codecov.io/gh/acme/lib/graph/badge.svg?token=q7Rz2Kp9Wm"),
    (
        "dist/lexer.js",
        "const w='AGFzbQEAAAAAAAAAAAAAAAAAAAAAAAAAP0LAiAgBEEAOwEwIARBA0EBQQIgABsgA0EC';",
    ),
    ("app/settings.py", 'ALLOWED = ("a_new_key", "10.0.0.0/8,127.0.0.1,localhost")'),
    ("docs/ref.txt", "#. :setting:`NAME`, :setting:`USER`, :setting:`PASSWORD`, :setting:`HOST`,"),
    ("docs/forms.txt", 'password1 = forms.CharField(label="Password", widget=forms.PasswordInput)'),
    (
        "tests/test_db.py",
        "\"INSERT INTO users(name, password) VALUES ('Ada', 'pw', '2024-01-31')\"",
    ),
    ("docs/ui.md", "{ code: 'PW', label: 'Palau', phone: '680' },"),
    ("tests/test_cli.py", '@click.option("--password", prompt=True, hide_input=True)'),
    ("src/code.py", 'token = "%HOMEPATH%\\\\" + token[2:]'),
    ("tests/test_debug.py", '{"name": "app1", "api_key": "a06b-c462cffae87a"},'),
    ("src/keys.py", '"PuTTY-User-Key-File-2: ssh-rsa\\nPrivate-Lines: 14",'),
    ("tests/test_util.py", 'mocker.patch("stripe.api_key", "sk_live_abcXYZ123q")'),
    ("lib/auth.js", 'NEEDS_LOGIN:"auth/dependent-sdk-initialized-before-auth",'),
    ("lib/key.ts", "const apiKey = firebaseApp.options?.apiKey;"),
    ("dist/parse.js", 'lastSignificantToken = "?InterpolationInJSX";'),
    ("lib/dns.py", 'headers["X-Amzn-Authorization"] = "AWS3-HTTPS " + ",".join(parts)'),
    ("lib/fetch.js", "for (const name of ['authorization', 'www-authenticate', 'cookie']) {"),
    ("tests/fixtures/list.xml", "<Key>WEB\\xe6\\x8e\\xa7 Q3 plan.odp</Key>"),
    ("tests/test_backend.py", "url = 'mongodb://uuuu:pwpw@hostname.dom/database'"),
    ("tests/test_alg.py", 'secret = b"\\x30\\x82not-a-der-key"'),
    ("tests/test_url.py", '# user: "me", password: "user@domain.com"'),
    (
        "README.rst",
        "    >>> jwt.decode('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzb21lIjoicGF5bG9hZCJ9."
        + synth(((ALNUM, 43),), "rw-toy")
        + "')",
    ),
]

POSITIVES = [
    # bare vendor-format tokens in code and tests, no credential name nearby
    ("pkg/signer_test.go", f'\t{{"id", "{AWS_ID}", true}},'),
    ("tests/test_client.py", f'CASES = [("{GH}", True)]'),
    # generic assignments of long random values in .ini, .py, .env
    ("config/app.ini", f"[database]\npassword = {RANDOM_PW}"),
    ("app/settings.py", f'SECRET_KEY = "{RANDOM}"'),
    (".env", f"API_TOKEN={RANDOM}"),
    (
        "app/settings.py",
        f'PASSWORD = "{LETTERS_PW}"',
    ),
    ("deploy/values.yaml", f"db:\n  password:\n    {RANDOM_PW}"),
    # connection strings, basic auth, keys and JWT-like blobs stay strengths
    ("app/db.py", f'DSN = "postgresql://app:{RANDOM_PW}@db.internal:5432/app"'),
    ("app/http.py", f'URL = "https://deploy:{RANDOM_PW}@git.internal.corp/r.git"'),
    (
        "keys/id_rsa",
        "-----BEGIN RSA PRIVATE KEY-----\n"
        + "\n".join(synth(((B64, 64),), f"rw-pk{i}") for i in range(4))
        + "\n-----END RSA PRIVATE KEY-----",
    ),
    # the look-alike classes do not swallow their real twins
    ("app/errors.py", f'SERVICE_TOKEN = "{RANDOM}-{RANDOM_PW}"'),
    ("tests/test_scrub.py", f'"password": "{RANDOM_PW}",'),
    ("docs/setup.rst", f'    "PASSWORD": "{RANDOM_PW}",'),
    ("app/settings.py", f'DB_PASSWORD = "{RANDOM_PW}"  # not [Filtered]'),
    ("lib/sync.js", f'const token = "{RANDOM}"; if (a === b) run();'),
    # a JWT with registered claims, in documentation too
    (
        "docs/usage.rst",
        "token = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
        "eyJpc3MiOiJodHRwczovL2FjbWUuaW8vIiwic3ViIjoiNDIiLCJleHAiOjE3MDAwMDAwMDB9."
        + synth(((ALNUM, 43),), "rw-jwt")
        + "'",
    ),
]


@pytest.mark.parametrize(("path", "text"), LOOKALIKES)
def test_lookalike_is_silent(path, text):
    assert rule_ids(text, path) == set(), text


@pytest.mark.parametrize(("path", "text"), POSITIVES)
def test_positive_is_reported(path, text):
    assert rule_ids(text, path), text
