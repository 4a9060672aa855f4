"""One help style for `aura`: plain text, choices in option metavars, arguments as NAME.

Typer writes a required argument as `{name}` on the usage line, which reads like an unfilled
template; Click's own convention is the bare metavar (`RULE_ID|LESSON_ID`), optional ones in
brackets. `tests/test_help_style.py` checks every command, so a Typer change shows up there.
"""

from __future__ import annotations


def apply() -> None:
    """Render required arguments as their bare metavar on usage lines, and an argument
    with a metavar without its type in the Arguments list."""
    from typer import core

    argument = getattr(core, "TyperArgument", None)
    if argument is None or not hasattr(argument, "_usage_display_name"):
        return

    def usage_name(self: core.TyperArgument) -> str:
        name = str(self.display_name_raw)
        if not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    argument._usage_display_name = usage_name
    typed = getattr(argument, "display_type_rich", None)
    if typed is not None:

        def display_type(self: core.TyperArgument, ctx: object) -> str | None:
            # A metavar already says what goes there: no `<str>` after it.
            return None if self.metavar is not None else typed(self, ctx=ctx)

        argument.display_type_rich = display_type
