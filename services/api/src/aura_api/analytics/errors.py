from __future__ import annotations

from aura_api.errors import NotFound, ValidationFailed


class DeveloperNotFound(NotFound):
    code = "developer_not_found"

    def __init__(self) -> None:
        super().__init__("No such developer in a team where you may view analytics (pass team_id)")


class InvalidWindow(ValidationFailed):
    code = "invalid_window"

    def __init__(self, problem: str) -> None:
        super().__init__(problem, details={"problem": problem})
