"""False-positive guards: placeholders, lookups, look-alike hashes and obviously fake fixtures.

Every detector runs its candidate value through these checks, so a rule only has to describe
what a credential looks like, never the long list of things that merely resemble one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from aura_agentic.rules.secrets.lazy_re import lazy_compile
from aura_agentic.rules.secrets.marks import has_mark

# Whole values (letters only, lower-cased, digits and symbols dropped) that are stand-ins.
_PLACEHOLDER_CORES = frozenset(
    [
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "secrets",
        "token",
        "key",
        "apikey",
        "changeme",
        "test",
        "testing",
        "tests",
        "foo",
        "bar",
        "foobar",
        "baz",
        "qux",
        "abc",
        "abcd",
        "none",
        "null",
        "nil",
        "undefined",
        "empty",
        "default",
        "demo",
        "mysecret",
        "mypassword",
        "supersecret",
        "secretkey",
        "secretpassword",
        "topsecret",
        "value",
        "string",
        "str",
        "mytoken",
        "mykey",
        "hunter",
        "letmein",
        "qwerty",
        "asdf",
        "true",
        "false",
        "yes",
        "no",
        "off",
        "on",
        "sometoken",
        "somekey",
        "somesecret",
        "tbd",
        "na",
        "user",
        "username",
        "login",
        "admin",
        "root",
        "guest",
        "postgres",
        "mysql",
        "redis",
        "local",
        "localhost",
        "dev",
    ]
)

# Prefixes of secret-manager and environment references that point at a secret elsewhere.
_REFERENCE_PREFIXES = (
    "${",
    "$(",
    "$env:",
    "{{",
    "{%",
    "<%",
    "#{",
    "%(",
    "env:",
    "env.",
    "vault:",
    "vault://",
    "arn:aws:secretsmanager",
    "arn:aws:ssm",
    "arn:aws:kms",
    "ssm:",
    "ssm://",
    "secretsmanager:",
    "op://",
    "sm://",
    "gcp-secret",
    "projects/",
    "akv://",
    "keyvault:",
    "@microsoft.keyvault",
    "enc[",
    "!vault",
    "secretref:",
    "secret://",
    "file:",
    "process.env",
    "os.environ",
    "os.getenv",
    "getenv(",
    "env(",
    "env[",
    "system.getenv",
    "environment.getenvironmentvariable",
    "settings.",
    "config.",
    "secrets.",
    "import.meta.env",
)

_ENV_VAR_RE = lazy_compile(r"\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|\{[A-Za-z_][\w.]*\}")
_UUID_RE = lazy_compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_DIGEST_RE = lazy_compile(
    r"(?i)(?:sha(?:1|224|256|384|512)|md5|blake2b?|crc32|h1)[:\-=]|\bsha\d{3}-|^[a-z0-9]+:[a-f0-9]{32,}$"
)
_IDENT_CHAIN_RE = lazy_compile(r"[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*(?:\(\)?)?")
_REGEX_HINT_RE = lazy_compile(r"\\[dwsSbDW]|\[[^\]]*-[^\]]*\]|\(\?[:=!<]|\.\*|\{\d+,?\d*\}")
_FIXTURE_PATH_RE = lazy_compile(
    r"(?:^|/)(?:tests?|__tests__|specs?|fixtures?|testdata|test_data|mocks?|__mocks__|"
    r"examples?|samples?|e2e|stubs?)(?:/|$)|(?:^|/)(?:test_[^/]*|conftest\.py|[^/]*_test\.\w+|"
    r"[^/]*\.(?:test|spec)\.\w+|[^/]*Tests?\.\w+)$"
)
# Documentation: prose files and documentation folders, where samples are demonstrations.
_DOCS_PATH_RE = lazy_compile(
    r"(?:^|/)(?:docs?|documentation|docs_src|site|website|guides?|tutorials?)/|"
    r"\.(?:md|mdx|markdown|rst|txt|adoc|asciidoc|textile|ipynb)$|(?:^|/)(?:README|CHANGELOG|"
    r"CHANGES|HISTORY|NEWS|CONTRIBUTING)[^/]*$",
    re.IGNORECASE,
)
_FIXTURE_VALUE_MARKERS = ("test", "mock", "fixture", "stub", "sandbox", "fake", "dummy", "sample")


def letters_core(value: str) -> str:
    """Return the lower-cased letters of ``value``: the 'word' a placeholder is built around."""
    return "".join(ch for ch in value.lower() if ch.isalpha())


def is_placeholder(value: str) -> bool:
    """Return True when ``value`` is a stand-in rather than a credential.

    Covers empty and null-ish literals, template and interpolation syntax, documentation markers
    (``<your-token>``, ``xxxx``, ``****``, ``...``, ``example``), and values that are just a
    keyword with digits appended such as ``password123`` or ``secret1``.
    """
    stripped = value.strip().strip("\"'`")
    if not stripped:
        return True
    lower = stripped.lower()
    if has_mark(stripped, lower):
        return True
    if is_reference(stripped):
        return True
    core = letters_core(stripped)
    return core in _PLACEHOLDER_CORES or (not core and len(set(stripped)) <= 2)


def is_reference(value: str) -> bool:
    """Return True when ``value`` points at a secret stored elsewhere (env var, vault, manager)."""
    lower = value.strip().lower()
    if lower.startswith(_REFERENCE_PREFIXES):
        return True
    # a value that is only an env-var reference: $DB_PASS, %TOKEN%, {token}
    match = _ENV_VAR_RE.search(value)
    return match is not None and (match.group() == value.strip() or "${" in value)


def is_code_expression(value: str) -> bool:
    """Return True when an unquoted value is code (a name, attribute chain or call), not data."""
    return _IDENT_CHAIN_RE.fullmatch(value) is not None and not any(ch.isdigit() for ch in value)


def is_lookalike(value: str) -> bool:
    """Return True for non-secret random-looking values: UUIDs, git SHAs, digests, checksums.

    Plain 32/40/64/128-character hex strings are treated as hashes here; detectors that know
    from context that a hex value is a key (``api_key = "<hex>"``) skip this guard on purpose.
    """
    stripped = value.strip()
    if _UUID_RE.fullmatch(stripped) or _DIGEST_RE.search(stripped):
        return True
    return len(stripped) in (32, 40, 64, 128) and all(c in "0123456789abcdef" for c in stripped)


def is_uuid(value: str) -> bool:
    """Return True when ``value`` is exactly one UUID."""
    return _UUID_RE.fullmatch(value.strip()) is not None


def looks_like_regex(value: str) -> bool:
    """Return True when ``value`` reads like a regular expression rather than a literal."""
    return _REGEX_HINT_RE.search(value) is not None


def is_fixture_path(path: str) -> bool:
    """Return True when ``path`` is a test, fixture, mock or example file."""
    return _FIXTURE_PATH_RE.search(path.replace("\\", "/")) is not None


@lru_cache(maxsize=256)
def is_docs_path(path: str) -> bool:
    """Return True for documentation: prose files (`.md`, `.rst`, `.txt`, README, CHANGELOG)
    and documentation folders."""
    return _DOCS_PATH_RE.search(path.replace("\\", "/")) is not None


@lru_cache(maxsize=256)
def is_demo_path(path: str) -> bool:
    """Return True where values are demonstrations: tests, fixtures, examples and docs."""
    return is_fixture_path(path) or is_docs_path(path)


def is_fake_sequence(value: str) -> bool:
    """Return True when ``value`` is an obvious hand-typed fake: runs, repeats, tiny alphabets.

    Flags one character repeated 6+ times, ascending or descending runs of 6+ (``abcdef``,
    ``123456``), periodic strings (``abcabcabc``) and long values over fewer than 6 symbols. A real
    random token of 16+ characters hits any of these with probability far below one in 10^5.
    """
    size = len(value)
    if 4 <= size < 12 and (value + value).find(value, 1) <= 2:
        return True  # `pwpw`, `abab`, `xyxyxy`: a pair of characters typed over and over
    if size < 6:
        return False
    run_same = run_up = run_down = 1
    prev = value[0]
    for ch in value[1:]:
        delta = ord(ch) - ord(prev)
        run_same = run_same + 1 if delta == 0 else 1
        run_up = run_up + 1 if delta == 1 else 1
        run_down = run_down + 1 if delta == -1 else 1
        if run_same >= 6 or run_up >= 6 or run_down >= 6:
            return True
        prev = ch
    if size >= 12 and (value + value).find(value, 1) < size:
        return True
    return size >= 16 and len(set(value)) < 6


def is_fixture_value(value: str, path: str) -> bool:
    """Return True when ``value`` carries a test marker and sits in a fixture path."""
    if not is_fixture_path(path):
        return False
    lower = value.lower()
    return any(marker in lower for marker in _FIXTURE_VALUE_MARKERS)


def is_fake(value: str, path: str) -> bool:
    """Return True when ``value`` is a placeholder, fake sequence, or a marked test fixture."""
    return is_placeholder(value) or is_fake_sequence(value) or is_fixture_value(value, path)
