"""Built-in rule packs. Each pack module exposes `RULES: list[RuleSpec]`.

Imports happen inside `builtin_packs` so that importing a single pack (or the secrets
sub-package) never drags the others in, and the engine can load this lazily.
"""

from __future__ import annotations

from aura_agentic.engine.model import RuleSpec


def builtin_packs() -> list[list[RuleSpec]]:
    """The rule lists of every built-in pack, in a stable order."""
    from aura_agentic.rules.architecture import RULES as ARCHITECTURE
    from aura_agentic.rules.js_pack import RULES as JS
    from aura_agentic.rules.python_pack import RULES as PYTHON
    from aura_agentic.rules.secrets_adapter import secret_rules

    # Secrets first: their per-file scan is then reused to redact every other snippet.
    return [secret_rules(), PYTHON, JS, ARCHITECTURE]
