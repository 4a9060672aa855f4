"""Values written to be read, not generated: the look-alike classes seen on real code.

A credential is generated (random) or, for passwords, chosen by a person and never shown. What
real repositories hold under credential names is mostly something else, and each function
here describes one such class by its shape:

- values that name a credential themselves (`new_password1`, `p@ssword`, `superS3cret`,
  `recaptchaV2Token`): field names, leetspeak stand-ins and identifiers;
- memorable demo passwords (`cat123`, `rapunz3l`): words with digits, judged only where
  demonstrations live (tests, fixtures, documentation);
- identifiers of words (`account-exists-with-different-credential`, `0002_alter_user_email`);
- markup and code that a parser of assignments can mistake for a literal: reStructuredText
  roles, keyword arguments, operators of minified code, quoted type annotations, MIME
  encoded-words, redaction marks (`[Filtered]`), dates and address lists.

Everything is a bounded regex or a linear scan: these run on every candidate value.
"""

from __future__ import annotations

import binascii
from urllib.parse import unquote

from aura_agentic.rules.secrets.lazy_re import lazy_compile

# Leetspeak digits and symbols back to the letters they stand for.
_LEET = str.maketrans("0134578@$!", "oieastbasi")
# Credential words a stand-in spells out; short ones ("key", "pwd") are too likely by chance.
_CRED_WORDS = ("password", "passwd", "passphrase", "secret", "sekrit", "token", "private", "pass")
_HUMPS = lazy_compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_PARTS = lazy_compile(r"[_\-./:]+")
_VOWELS = frozenset("aeiouy")
# printable words with one trailing group of digits or symbols: cat123, hello_1!, rapunz3l
_MEMORABLE = lazy_compile(r"[A-Za-z0-9@$!]{2,24}?[0-9!?.#_\-]{0,6}")
_RST_ROLE = lazy_compile(r":[\w\-]+:`?[^`]*`?|`[^`]*`_?")
_KWARG_CODE = lazy_compile(r"[A-Za-z_]\w*=[A-Za-z_][\w.]*(?:\(\))?")
_CODE_TOKENS = ("===", "!==", "&&", "||", "=>", "();", "){", "(this.", "this.", "?.")
_TYPE_EXPR = lazy_compile(r"[A-Za-z_][\w.]*\[[\w.,\[\] |\"']*\]")
_ENCODED_WORD = lazy_compile(r"=\?[\w\-]+\?[BbQq]\?[^?\s]*\?=")
_REDACTION = lazy_compile(r"[\[(<{]\s*[A-Za-z][A-Za-z _\-]{1,30}\s*[\])>}]|\*{3,}|#{3,}")
# the tail of a UUID (`a06b-c462cffae87a`): an id or its fragment, not a key
_UUID_PIECE = lazy_compile(r"[0-9a-f]{4,8}(?:-[0-9a-f]{4,12}){1,3}")
_DATE = lazy_compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?|\d{1,2}/\d{1,2}/\d{2,4}")
_HOST = r"(?:(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?|[a-z][a-z0-9\-]*(?:\.[a-z0-9\-]+)*)"
_ADDRESS_LIST = lazy_compile(_HOST + r"(?:,\s?" + _HOST + r")*")
_IPV4 = lazy_compile(r"(?:\d{1,3}\.){3}\d{1,3}")
_EMAIL = lazy_compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_FILE_NAME = lazy_compile(r".+\.(?:[a-z]{2,4}\d?)")
_ENV_THEN_PATH = lazy_compile(r"(?:%[A-Za-z_]\w*%|\$[A-Za-z_]\w*|\$\{[A-Za-z_]\w*\})[\\/]")
_ESCAPES = ("\\n", "\\r", "\\t")


def cut_at_escape(value: str) -> str:
    """The part of a value before an escaped line break or tab (`\\n` in JSON-escaped source:
    source maps, notebooks, serialized snippets), where the value really ends."""
    if "\\" not in value:
        return value
    cut = len(value)
    for escape in _ESCAPES:
        at = value.find(escape)
        if 0 <= at < cut:
            cut = at
    return value[:cut]


def decoded(value: str) -> str:
    """The value with percent-encoding undone (`p%40ss` is judged like `p@ss`)."""
    if "%" not in value:
        return value
    try:
        return unquote(value, errors="strict")
    except UnicodeDecodeError:
        return value


def basic_password(value: str) -> str | None:
    """The password of a base64 `user:password` pair (an HTTP Basic value), or None."""
    if len(value) % 4 or not 8 <= len(value) <= 200 or not value.rstrip("=").isalnum():
        return None
    try:
        pair = binascii.a2b_base64(value).decode("ascii")
    except (binascii.Error, ValueError):
        return None
    user, sep, password = pair.partition(":")
    return password if sep and user and pair.isprintable() else None


def names_a_credential(value: str) -> bool:
    """Whether the value spells a credential word as a word, read through leetspeak:
    `new_password1`, `p@ssword`, `s00pers3cret`, `superS3cret`, `recaptchaV2Token`, `withPwd`.

    The word must be in one case (`secret`, `Secret`, `SECRET`): a random token holds five
    letters of one word in one case at a given place about once in 10^8."""
    plain = value.translate(_LEET)
    lower = plain.lower()
    for word in _CRED_WORDS:
        at = lower.find(word)
        while at >= 0:
            piece = plain[at : at + len(word)]
            if piece.islower() or piece.isupper() or piece.istitle():
                return True
            at = lower.find(word, at + 1)
    return "pwd" in lower and ("Pwd" in value or "_pwd" in lower or lower.startswith("pwd"))


def pronounceable(letters: str) -> bool:
    """Whether lower-case letters read like words: vowels spread, no long consonant runs."""
    if len(letters) < 2:
        return False
    vowels = sum(ch in _VOWELS for ch in letters)
    if not 0.12 <= vowels / len(letters) <= 0.75:
        return False
    run = 0
    for ch in letters:
        run = 0 if ch in _VOWELS else run + 1
        if run >= 5:  # `length` has four in a row; random letters soon have five
            return False
    return True


def is_memorable(value: str) -> bool:
    """Whether the value is a person's demo password: word(s), maybe leetspeak, and a few
    trailing digits or symbols (`cat123`, `hello123`, `rapunz3l`, `veryPriv@ate`). Only
    judged in tests, fixtures and documentation, where such values are demonstrations."""
    if not 3 <= len(value) <= 30 or _MEMORABLE.fullmatch(value) is None:
        return False
    core = value.rstrip("0123456789!?.#_-").translate(_LEET).lower()
    letters = "".join(ch for ch in core if ch.isalpha())
    humps = _HUMPS.findall(value.rstrip("0123456789!?.#_-"))
    return len(letters) == len(core) and pronounceable(letters) and len(humps) <= 4


def is_identifier_words(value: str) -> bool:
    """Whether the value is an identifier made of words and numbers joined by separators:
    `account-exists-with-different-credential`, `0002_alter_user_email_max_length`,
    `secrets/private-key-base64`. Each alphabetic part must read as words."""
    parts = [p for p in _PARTS.split(value) if p]
    if len(parts) < 2:
        return False
    words = singles = short = 0
    for part in parts:
        if part.isdigit():
            continue
        humps = _HUMPS.findall(part)
        if "".join(humps) != part:
            return False
        for hump in humps:
            if hump.isdigit():
                continue
            if len(hump) == 1:
                singles += 1  # `V` in `recaptchaV2`; random text has many
            elif pronounceable(hump.lower()):
                words += 1
            elif len(hump) <= 3:
                short += 1  # an abbreviation: `sdk`, `url`, `JSX`
            else:
                return False
    return words >= 2 and singles <= 1 and short <= words // 2
    return words >= 2


def is_markup_or_code(value: str) -> bool:
    """Whether the value is markup or code rather than a literal: an RST role (`:setting:`),
    a keyword argument (`widget=forms.PasswordInput`), minified code (`d===t?a:b`), a quoted
    type (`Optional[str]`), a MIME encoded-word, a redaction mark (`[Filtered]`, `****`), a
    date, a list of hosts or addresses, or an environment variable followed by a path."""
    if any(token in value for token in _CODE_TOKENS):
        return True
    value = value.strip("'\"`")
    if _REDACTION.match(value) is not None:
        return True  # `[Filtered]`, `[REDACTED]#frag`, `****`
    for pattern in (_RST_ROLE, _KWARG_CODE, _TYPE_EXPR, _ENCODED_WORD, _DATE, _UUID_PIECE):
        if pattern.fullmatch(value) is not None:
            return True
    if _ADDRESS_LIST.fullmatch(value) is not None and (
        "," in value or "localhost" in value or _IPV4.search(value) is not None
    ):
        return True
    if _EMAIL.fullmatch(value) is not None:
        return True  # an identity (`user@domain.com`), not a secret
    return _ENV_THEN_PATH.match(value) is not None


def is_file_name(value: str) -> bool:
    """Whether a value ends in a file extension (`WEB\\xe6….odp`, `report.pdf`): an object
    or file name stored under a bare `key`, as object stores name them."""
    return _FILE_NAME.fullmatch(value) is not None
