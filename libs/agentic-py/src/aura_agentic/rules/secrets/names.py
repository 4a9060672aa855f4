"""Classify identifier names: is ``DB_PASSWORD`` / ``apiKey`` / ``spring.datasource.password``
a credential slot, and how strong must a value assigned to it be before we report it?"""

from __future__ import annotations

from functools import lru_cache

from aura_agentic.rules.secrets.lazy_re import lazy_compile


def _w(text: str) -> list[str]:
    """Split a space-separated word list (keeps the tables below compact)."""
    return text.split()


_WORD_RE = lazy_compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

# Words that name a credential on their own.
_PASSWORD_WORDS = frozenset(_w("password passwd passphrase pwd pass pw passcode "))
_SECRET_WORDS = frozenset(
    _w(
        "secret secrets token apikey credential credentials creds cred auth authorization "
        "authtoken accesstoken secretkey privatekey clientsecret accesskey appsecret masterkey "
        "authkey bearer "
    )
)
_GLUED_SUFFIXES = ("password", "passwd", "secret", "token", "apikey", "secretkey", "accesskey")
# Words a ``key`` needs in front of it to count as a credential rather than a map/sort/cache key.
_STRONG_KEY_PREV = frozenset(
    _w(
        "api access secret private encryption encrypt signing sign master license licence app "
        "application account shared client consumer auth session hmac jwt crypto cipher aes "
        "service server admin root deploy storage subscription rest write ingest ingestion "
        "management security webhook sdk developer dev prod live mgmt token secret x "
    )
)
# Words allowed after the credential word (``password_prod``, ``secret_key_base``, ``token_b64``).
_TRAILING_OK = frozenset(
    _w(
        "value val str string b64 base64 hex raw plain plaintext literal data prod production dev "
        "development staging stage live local default encoded key base v v1 v2 new secret token "
    )
)
# Words before the credential word that make it something other than a credential.
_DENY_PREV = frozenset(
    _w(
        "page next prev previous continuation sync csrf xsrf authenticity cancel cancellation "
        "public "
        "publishable pub primary foreign sort partition cache lookup idempotency hash range dict "
        "map object bucket file translation i18n hot shortcut site row column unique lock group "
        "message event stream shard routing attribute max min num total input output forgot "
        "confirm confirmation show hide toggle empty invalid wrong bad fake dummy mock example "
        "sample placeholder by no has is use with without require requires needs regex pattern "
        "dummy default reset verify test expected count length type format name label "
    )
)


def split_words(name: str) -> list[str]:
    """Split an identifier (snake, camel, kebab, dotted, SCREAMING) into lower-case words."""
    return [word.lower() for word in _WORD_RE.findall(name)]


@lru_cache(maxsize=4096)  # code repeats a few hundred names (api_key, cache_key, token …)
def credential_kind(name: str) -> str | None:
    """Return 'password', 'secret' or 'key' when ``name`` names a credential slot, else None.

    The last credential word decides; only harmless qualifiers (``_value``, ``_prod``, ``_b64``)
    may follow it, so ``password_hash``, ``token_url`` and ``secret_name`` are not credentials.
    ``key`` alone is weak: ``encryption_key`` is a credential, ``cache_key`` or ``sort_key`` not.
    """
    words = split_words(name)
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        kind = _word_kind(word, words[index - 1] if index else "")
        if kind is None:
            if word not in _TRAILING_OK and not word.isdigit():
                return None
            continue
        prev = words[index - 1] if index else ""
        if prev in _DENY_PREV or any(w in _DENY_PREV for w in words[index + 1 :]):
            return None
        return kind
    return None


def _word_kind(word: str, prev: str) -> str | None:
    """Classify one word given the word before it (see :func:`credential_kind`)."""
    if word in _PASSWORD_WORDS or word.endswith(("password", "passwd")):
        return "password"
    if word in _SECRET_WORDS or word.endswith(_GLUED_SUFFIXES):
        return "secret"
    if word == "key":
        return "secret" if prev in _STRONG_KEY_PREV else "key"
    return None
