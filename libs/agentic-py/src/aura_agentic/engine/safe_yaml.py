"""YAML from untrusted hands: bounded nesting, and no aliases where they could multiply.

PyYAML's composer recurses once per nesting level, so `[[[[…]]]]` 500 levels deep ends in a
RecursionError (a crash on the CLI, a 500 on the server); and `&a`/`*a` aliases let a few
hundred bytes expand into millions of values once loaded ("billion laughs"). Every YAML the
engine reads from a user (rules files, lesson front matter) goes through these loaders.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses nesting deeper than `max_depth` (and, optionally, aliases)."""

    max_depth = MAX_DEPTH
    allow_aliases = True

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent) and not self.allow_aliases:
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                problem = f"nesting deeper than {self.max_depth} levels"
                raise yaml.composer.ComposerError(None, None, problem, mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _NoAliasLoader(_BoundedLoader):
    allow_aliases = False


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document (`yaml.compose`), nesting bounded.

    Aliases stay allowed: node walkers visit each alias once per use, which the bounded
    schema of a rules file keeps small. Raises `yaml.YAMLError` with a mark on problems.
    """
    return yaml.compose(text, Loader=_BoundedLoader)


def safe_load(text: str) -> Any:
    """`yaml.safe_load` with nesting bounded and aliases refused (loaded values would share,
    and anything that copies or prints them would expand the alias tree)."""
    return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
