"""SECRET_RULES: every secret rule with its metadata and synthesised self-test examples.

Examples may span several lines (joined with ``\\n``); the self-test feeds each one to
:func:`scan_secrets` as the added lines of ``config/app.conf``.
"""

from __future__ import annotations

import binascii

from aura_agentic.rules.secrets import generic, private_keys, structured
from aura_agentic.rules.secrets.model import ExampleMaker, SecretRule
from aura_agentic.rules.secrets.spec import ALNUM, B64, B64URL, FIX_ENV, HEX, synth
from aura_agentic.rules.secrets.vendors_cloud import CLOUD_VENDORS
from aura_agentic.rules.secrets.vendors_dev import DEV_VENDORS
from aura_agentic.rules.secrets.vendors_money_ai import MONEY_AI_VENDORS
from aura_agentic.rules.secrets.vendors_saas import SAAS_VENDORS

SELF_TEST_PATH = "config/app.conf"


def _b64url(raw: bytes) -> str:
    """Encode ``raw`` as unpadded base64url, as JWT segments are."""
    text = binascii.b2a_base64(raw, newline=False).decode()
    return text.replace("+", "-").replace("/", "_").rstrip("=")


def _jwt(claims: str, seed: str) -> str:
    """Build a syntactically valid HS256 JWT with a pseudo-random signature."""
    header = _b64url(b'{"alg":"HS256","typ":"JWT"}')
    return f"{header}.{_b64url(claims.encode())}.{synth(((ALNUM, 43),), seed)}"


def _pem(kind: str, seed: str) -> str:
    """Build a PEM block with a pseudo-random body (not a valid key, only the right shape)."""
    body = "\n".join(synth(((B64, 64),), f"{seed}{i}") for i in range(3))
    return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----"


def _rule(rule_id: str, title: str, lesson: str, examples: ExampleMaker) -> SecretRule:
    """Declare a non-vendor rule; ``examples`` synthesises its self-test lines on first use."""
    return SecretRule(rule_id, title, f"{title} committed in source", FIX_ENV, lesson, examples)


def _pw() -> str:
    return synth(((ALNUM, 10), "#", (ALNUM, 5)), "pw")


def _token() -> str:
    return synth(((ALNUM, 32),), "generic")


def _basic() -> str:
    return binascii.b2a_base64(f"deploy:{_pw()}".encode(), newline=False).decode()


STRUCTURAL_RULES: tuple[SecretRule, ...] = (
    _rule(
        private_keys.PRIVATE_KEY,
        "Private key block",
        "secrets-private-keys",
        lambda: (
            (
                _pem("RSA PRIVATE KEY", "k1"),
                '"private_key": "-----BEGIN PRIVATE KEY-----\\n'
                + synth(((B64, 64),), "k2")
                + '\\n-----END PRIVATE KEY-----\\n",',
                '{"kty": "EC", "crv": "P-256",\n "d": "' + synth(((B64URL, 43),), "k4") + '"}',
            ),
            (
                'if line.startswith("-----BEGIN RSA PRIVATE KEY-----"):',
                "-----BEGIN PUBLIC KEY-----\n"
                + synth(((B64, 64),), "k3")
                + "\n-----END PUBLIC KEY-----",
                "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
                '{"kty": "EC", "crv": "P-256",\n "x": "' + synth(((B64URL, 43),), "k5") + '"}',
            ),
        ),
    ),
    _rule(
        private_keys.PUTTY_KEY,
        "PuTTY private key file",
        "secrets-private-keys",
        lambda: (
            (
                "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\n"
                "Public-Lines: 2\n"
                + synth(((B64, 64),), "p1")
                + "\nPrivate-Lines: 1\n"
                + synth(((B64, 44),), "p2"),
                '{"key": "PuTTY-User-Key-File-2: ssh-rsa\\nEncryption: none\\nPrivate-Lines: 1\\n'
                + synth(((B64, 64),), "p4")
                + '"}',
            ),
            (
                'header = "PuTTY-User-Key-File-3"',
                "PuTTY-User-Key-File-2: ssh-rsa\nPrivate-Lines: 14",
                "ssh-rsa AAAAB3NzaC1yc2E " + synth(((B64, 40),), "p3"),
            ),
        ),
    ),
    _rule(
        private_keys.ENCODED_KEY,
        "Base64-encoded private key",
        "secrets-private-keys",
        lambda: (
            (
                "tls.key: "
                + binascii.b2a_base64(_pem("PRIVATE KEY", "e1").encode(), newline=False).decode(),
                "KEY_B64="
                + binascii.b2a_base64(
                    _pem("EC PRIVATE KEY", "e2").encode(), newline=False
                ).decode(),
            ),
            (
                "tls.crt: "
                + binascii.b2a_base64(_pem("CERTIFICATE", "e3").encode(), newline=False).decode(),
                "pub: "
                + binascii.b2a_base64(_pem("PUBLIC KEY", "e4").encode(), newline=False).decode(),
            ),
        ),
    ),
    _rule(
        structured.JWT,
        "JSON Web Token",
        "secrets-in-code",
        lambda: (
            (
                "auth_header = "
                + _jwt('{"sub":"u_8812","iss":"api.acme.io","exp":1999999999}', "j1"),
                "jwt: " + _jwt('{"uid":9921,"scope":"admin"}', "j2"),
            ),
            (
                "token = " + _jwt('{"sub":"1234567890","name":"John Doe","iat":1516239022}', "j3"),
                "unsigned = "
                + _b64url(b'{"alg":"none"}')
                + "."
                + _b64url(b'{"sub":"x8812"}')
                + ".",
            ),
        ),
    ),
    _rule(
        structured.SUPABASE,
        "Supabase service-role key",
        "secrets-in-code",
        lambda: (
            (
                "SUPABASE_SERVICE_ROLE_KEY="
                + _jwt('{"iss":"supabase","ref":"qwhd","role":"service_role"}', "s1"),
                "service: " + _jwt('{"role":"service_role","iat":1700000000}', "s2"),
            ),
            (
                'SUPABASE_SERVICE_ROLE_KEY = os.environ["SUPABASE_SERVICE_ROLE_KEY"]',
                "SUPABASE_KEY=${SUPABASE_KEY}",
            ),
        ),
    ),
    _rule(
        structured.CONNECTION,
        "Password in a connection string",
        "secrets-connection-strings",
        lambda: (
            (
                f'DATABASE_URL = "postgresql://app:{_pw()}@db.internal:5432/app"',
                f"redis://:{_pw()}@cache:6379/0",
            ),
            (
                'DATABASE_URL = "postgresql://app:${DB_PASSWORD}@db:5432/app"',
                "mongodb+srv://user:<password>@cluster0.mongodb.net/test",
                "amqp://guest:guest@localhost:5672/",
            ),
        ),
    ),
    _rule(
        structured.BASIC_URL,
        "Credentials in a URL",
        "secrets-connection-strings",
        lambda: (
            (
                f"https://deploy:{_pw()}@git.acme.io/repo.git",
                f'url = "http://admin:{_pw()}@10.0.0.7/api"',
            ),
            ("https://user:pass@example.com/", 'url = f"https://{user}:{password}@host/"'),
        ),
    ),
    _rule(
        structured.AUTH_HEADER,
        "Credential in an Authorization header",
        "secrets-generic-credentials",
        lambda: (
            (
                f'curl -H "Authorization: Bearer {_token()}" https://api.acme.io',
                f"Authorization: Basic {_basic()}",
            ),
            (
                'headers = {"Authorization": f"Bearer {token}"}',
                "Authorization: Bearer <your-token>",
            ),
        ),
    ),
    _rule(
        generic.GENERIC,
        "Hard-coded credential",
        "secrets-generic-credentials",
        lambda: (
            (
                f'DB_PASSWORD = "{_pw()}"',
                f"api_key: {_token()}",
                f'- name: DB_PASSWORD\n  value: "{_pw()}"',
                f'variable "admin_password" {{\n  type    = string\n  default = "{_pw()}"\n}}',
                f"<password>{_pw()}</password>",
                f"--client-secret={_token()}",
            ),
            (
                'password = os.environ["DB_PASSWORD"]',
                "password = get_password()",
                'if token == "":',
                'label = "Enter your password"',
                "password: changeme",
                "api_key: ${API_KEY}",
                'secret_key = "your_api_key_here"',
                f'commit_sha = "{synth(((HEX, 40),), "sha")}"',
                "- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef:\n"
                "      name: db\n      key: password",
            ),
        ),
    ),
)

_VENDOR_RULES = tuple(
    spec.rule for spec in CLOUD_VENDORS + DEV_VENDORS + SAAS_VENDORS + MONEY_AI_VENDORS
)
SECRET_RULES: list[SecretRule] = list(_VENDOR_RULES + STRUCTURAL_RULES)
_BY_ID = {rule.id: rule for rule in SECRET_RULES}


def rule_by_id(rule_id: str) -> SecretRule | None:
    """Return the secret rule with id ``rule_id``, or None when there is none."""
    return _BY_ID.get(rule_id)
