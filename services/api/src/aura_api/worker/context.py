"""The resources tasks run with: the worker process's own, or the embedded app's."""

from __future__ import annotations

from aura_api.resources import Resources

_stack: list[Resources] = []


def push_resources(res: Resources) -> None:
    _stack.append(res)


def pop_resources(res: Resources) -> None:
    for i in range(len(_stack) - 1, -1, -1):
        if _stack[i] is res:
            del _stack[i]
            return


def current_resources() -> Resources:
    if not _stack:
        raise RuntimeError("no resources: the worker or the app has not started")
    return _stack[-1]
