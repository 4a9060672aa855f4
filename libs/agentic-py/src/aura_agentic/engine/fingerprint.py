"""Content fingerprints: stable identities for findings that survive line-number shifts."""

from __future__ import annotations

import hashlib


def normalise_line(text: str) -> str:
    """Collapse all whitespace runs to one space and trim, so reformatting keeps identity."""
    return " ".join(text.split())


def fingerprint(rule_id: str, path: str, line_text: str) -> str:
    """Return `sha256:<hex>` of rule id, path and the whitespace-normalised line content.

    Line numbers are deliberately left out: a baseline entry must keep matching when code
    above it moves, and must stop matching when the offending line itself changes.
    """
    payload = f"{rule_id}\n{path}\n{normalise_line(line_text)}".encode("utf-8", "replace")
    return "sha256:" + hashlib.sha256(payload).hexdigest()
