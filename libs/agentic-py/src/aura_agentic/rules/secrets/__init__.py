"""Secret detectors: vendor formats, private keys, JWTs, URL passwords and generic credentials.

Pure and self-contained (stdlib ``re`` only) because the git hook imports it on every commit.
Public interface: :func:`scan_secrets`, :data:`SECRET_RULES`, :class:`SecretHit`,
:class:`SecretRule`.
"""

from aura_agentic.rules.secrets.model import SecretHit, SecretRule
from aura_agentic.rules.secrets.registry import SECRET_RULES, rule_by_id
from aura_agentic.rules.secrets.scanner import scan_secrets

__all__ = ["SECRET_RULES", "SecretHit", "SecretRule", "rule_by_id", "scan_secrets"]
