"""The value gate shared by generic and context detectors: is this literal a real credential?"""

from __future__ import annotations

import re

from aura_agentic.rules.secrets.entropy import has_digit, is_hex, looks_random, shannon_entropy
from aura_agentic.rules.secrets.guards import (
    is_code_expression,
    is_demo_path,
    is_fake,
    is_lookalike,
    is_uuid,
    looks_like_regex,
)
from aura_agentic.rules.secrets.lazy_re import lazy_compile
from aura_agentic.rules.secrets.readable import (
    basic_password,
    decoded,
    is_file_name,
    is_identifier_words,
    is_markup_or_code,
    is_memorable,
    names_a_credential,
    pronounceable,
)
from aura_agentic.rules.secrets.samples import (
    is_documentation_sample,
    is_password_hash,
    is_slug,
    is_template,
    is_version,
)

_ENV_NAME = lazy_compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
# Words joined by separators, dunders and leading underscores included (`mod._Meta.__call__`).
_WORDY = lazy_compile(r"[_.?!#@]*[A-Za-z]+(?:[ _.\-/:]+[A-Za-z]+)*[_?!.]*")
_WORD = lazy_compile(r"[A-Z]?[a-z]+|[A-Z]+")
_PATHY = lazy_compile(
    r"(?:^[~.]?/|^[A-Za-z]:\\|\.(?:pem|key|p12|pfx|crt|json|txt|ya?ml|env|jks|der)$)"
)
_CALL_OR_INDEX = lazy_compile(r"[A-Za-z_][\w.]*[(\[]")  # b32decode(key, token.value[i
_URLISH = lazy_compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)

# (min length, min entropy) per credential kind; passwords are short and human-made.
_BARS = {"password": (6, 2.2), "secret": (10, 3.0), "key": (16, 3.3)}


def _wordy(value: str) -> bool:
    """Return True for digit-free values made of dictionary-like words (identifiers, labels)."""
    if has_digit(value) or not _WORDY.fullmatch(value):
        return False
    parts = [p for p in re.split(r"[ _.\-/:]+", value.strip("?!#@")) if p]
    if not all(_WORD.fullmatch(p) or "".join(_WORD.findall(p)) == p for p in parts):
        return False
    # words read as words: random letters (`OxAjxZxIUlcs`) break into short, unpronounceable
    # humps, identifiers (`NonExpressionParenEnd`, `lastSignificantToken`) do not
    humps = [h for p in parts for h in _WORD.findall(p)]
    short = sum(len(h) <= 2 for h in humps)
    return short * 3 <= len(humps) and all(
        pronounceable(h.lower()) or (h.isupper() and len(h) <= 4)  # `JSX`, `HTML`
        for h in humps
        if len(h) >= 3
    )


def value_is_credential(value: str, kind: str, quoted: bool, path: str) -> bool:
    """Decide whether ``value``, assigned to a credential slot of ``kind``, should be reported.

    Rejects placeholders, lookups, code, paths, URLs, regexes, env-var names, UUIDs and hashes
    (hex is accepted for strong names: many API secrets are hex), fixtures, and values not random
    enough for the kind: passwords need 6+ characters, secrets/tokens 10+, bare ``key`` 16+.
    """
    if not value or len(value) > 400 or any(ch.isspace() for ch in value):
        return False
    if value.startswith("eyJ") and value.count(".") == 2:
        return False  # JWTs are judged (and documentation samples excused) by the JWT detector
    if is_fake(value, path) or looks_like_regex(value) or is_template(value):
        return False
    if is_password_hash(value) or is_slug(value) or is_documentation_sample(value):
        return False
    if is_version(value) or (kind == "key" and is_hex(value) and len(value) in (8, 16)):
        return False  # `'Test2::Event::Pass' => '1.302140'`; a PGP key id, not a key
    if not quoted and (is_code_expression(value) or _CALL_OR_INDEX.search(value)):
        return False
    if _ENV_NAME.fullmatch(value) or _PATHY.search(value) or _URLISH.match(value):
        return False
    if is_uuid(value) or _wordy(value):
        return False
    if is_lookalike(value) and not (kind != "key" and is_hex(value)):
        return False
    min_len, min_entropy = _BARS[kind]
    if kind == "key" and (not has_digit(value) or is_file_name(value)):
        return False
    if kind == "password" and value.isalpha() and not value.islower() and not value.isupper():
        # mixed-case letters that do not read as words (`_wordy` said so above): generated
        random = len(value) >= 10 and shannon_entropy(value) >= 3.0
    else:
        random = looks_random(value, min_len, min_entropy)
    # the look-alike classes of real code run last, on the few values that look random
    return random and not _readable_lookalike(value, kind, quoted, path)


def _readable_lookalike(value: str, kind: str, quoted: bool, path: str) -> bool:
    """Whether a random-looking value is one of the classes met on real code
    (`readable.py`, docs/guides/secrets-policy.md)."""
    plain = decoded(value)
    if plain != value and not value_is_credential(plain, kind, quoted, path):
        return True  # judged like the same text unencoded: `p%40ss` is `p@ss`
    if is_markup_or_code(value) or names_a_credential(value):
        return True
    pair = basic_password(value)
    if pair is not None and not value_is_credential(pair, "password", quoted, path):
        return True  # `user:password123` in base64 is judged like the same pair in a URL
    if (kind != "password" or is_demo_path(path)) and is_identifier_words(value):
        return True
    if is_demo_path(path) and is_memorable(value):
        return True
    # a digest stored under a password name is a hash of one, not one
    return kind == "password" and len(value) in (32, 40, 64, 128) and is_hex(value)
