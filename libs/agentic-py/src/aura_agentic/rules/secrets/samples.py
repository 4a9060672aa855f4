"""Values that look like credentials in real code but are not: password hashes, format
templates, identifiers and slugs, and the sample credentials every manual reuses.

Each rule here describes a *shape* a credential cannot have, never a list of one project's
strings; the few literal samples are the ones generations of documentation copied (the Oracle
`scott`/`tiger` login, the RFC 4226 / Google Authenticator demo seed).
"""

from __future__ import annotations

import binascii
import re
from urllib.parse import unquote

from aura_agentic.rules.secrets.lazy_re import lazy_compile

# Stored password hashes: the modular crypt format ($2b$…, $argon2id$v=19$…, $5$rounds=…),
# LDAP schemes ({SSHA}…), Django's algorithm$…$…, MySQL's *<40 hex>. A hash is not a password.
_PASSWORD_HASH = lazy_compile(
    r"\$(?:1|2[abxy]?|5|6|7|y|gy|md5|sha1|sha256|sha512|apr1|argon2(?:id|i|d)|scrypt|p5k2"
    r"|pbkdf2(?:-sha(?:1|256|512))?|bcrypt(?:-sha256)?|[SPH])\$\S{4,}"
    r"|\{(?:S?SHA(?:256|512)?|S?MD5|CRYPT|PBKDF2(?:-SHA(?:1|256|512))?|ARGON2|BCRYPT)\}\S{8,}"
    r"|(?:pbkdf2_sha(?:1|256)|argon2|bcrypt(?:_sha256)?|scrypt|sha1|md5|unsalted_(?:md5|sha1)"
    r"|crypt)\$\S{8,}"
    r"|\*[0-9A-Fa-f]{40}",
    re.IGNORECASE,
)
# printf and str.format templates: "%s_upgrades", "%(name)s", "{0}", "{user}"
_TEMPLATE = lazy_compile(
    r"%[-+ #0]*\d*[sdif]|%\(\w+\)[sdifr]|\{\w*(?:[.\[]\w+\]?)*(?:![rsa])?\}|^\{[^{}]+\}$"
)
# lower-case identifiers and package names of three or more parts: gss_krb5_rfc1964_keydata,
# types-auth0-python, com.acme.billing (each part starts with a letter; passwords rarely do)
_SLUG = lazy_compile(r"[a-z][a-z0-9]*(?:[_\-.][a-z][a-z0-9]*){2,}")
# a version number: 1.302140, v2.4.1, 3.0.0-rc1
_VERSION = lazy_compile(r"v?\d+(?:\.\d+)+(?:[-+.][0-9A-Za-z.]+)?")
# scott/tiger (Oracle), the authenticator demo seed, RFC 6749's client secret
_SAMPLE_SECRETS = frozenset({"tiger", "jbswy3dpehpk3pxp", "gx1fbat3bv"})
_DOC_DOMAINS = ("example.com", "example.org", "example.net")  # RFC 2606


def is_password_hash(value: str) -> bool:
    """Whether ``value`` is a stored password hash in one of the common formats."""
    return _PASSWORD_HASH.fullmatch(value) is not None


def is_template(value: str) -> bool:
    """Whether ``value`` holds printf or ``str.format`` placeholders: it is filled at runtime."""
    return _TEMPLATE.search(value) is not None


def is_slug(value: str) -> bool:
    """Whether ``value`` is a lower-case dotted, snake or kebab identifier of 3+ parts."""
    return _SLUG.fullmatch(value) is not None


def is_version(value: str) -> bool:
    """Whether ``value`` is a version number."""
    return _VERSION.fullmatch(value) is not None


def is_documentation_sample(value: str) -> bool:
    """Whether ``value`` is a credential that documentation has used for decades, as it is or
    base64-encoded as a Basic `user:password` pair."""
    if value.lower() in _SAMPLE_SECRETS:
        return True
    if len(value) % 4 or not 8 <= len(value) <= 200:
        return False
    try:
        decoded = binascii.a2b_base64(value).decode("ascii")
    except (binascii.Error, ValueError):
        return False
    _user, sep, password = decoded.partition(":")
    return bool(sep) and decoded.isprintable() and password.lower() in _SAMPLE_SECRETS


def is_documentation_login(user: str, password: str) -> bool:
    """Whether a URL's login is the Oracle sample `scott`/`tiger` that database manuals use."""
    return user.lower() == "scott" and password.lower().startswith("tiger")


def is_prose(value: str) -> bool:
    """Whether a URL-encoded value decodes to words separated by spaces (`a%20secret`)."""
    decoded = unquote(value)
    return " " in decoded and all(part.isalpha() for part in decoded.split())


def in_documentation_url(lower: str) -> bool:
    """Whether a lower-cased line holds a URL on a documentation domain (RFC 2606)."""
    return "://" in lower and any(host in lower for host in _DOC_DOMAINS)
