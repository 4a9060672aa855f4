from __future__ import annotations

from aura_api.errors import Conflict, NotFound, ValidationFailed


class InvalidRulesFile(ValidationFailed):
    code = "invalid_rules_file"

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(
            f"{where}: {problem}", details={"file": path, "line": line, "problem": problem}
        )


class InvalidLesson(ValidationFailed):
    code = "invalid_lesson"

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(problem, details={"file": file, "line": None, "problem": problem})


class KnowledgeVersionNotFound(NotFound):
    code = "knowledge_version_not_found"

    def __init__(self, version: int) -> None:
        super().__init__(f"No version {version} of this team's knowledge map")


class ConcurrentKnowledgeChange(Conflict):
    code = "knowledge_changed"

    def __init__(self, current: int) -> None:
        super().__init__(
            "The knowledge map changed since you read it; reload and retry",
            details={"current_version": current},
        )
