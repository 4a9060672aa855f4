from aura_api.errors import NotFound, PayloadTooLarge, ValidationFailed


class WorkflowRunNotFound(NotFound):
    code = "workflow_run_not_found"

    def __init__(self) -> None:
        super().__init__("No such workflow run")


class DiffTooLarge(PayloadTooLarge):
    code = "diff_too_large"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"The diff is {size} bytes; workflows accept at most {limit}",
            details={"size": size, "limit": limit},
        )


class InvalidRulesConfig(ValidationFailed):
    code = "invalid_rules_config"
    # the failed run is recorded in the history even though the request is refused
    keeps_changes = True

    def __init__(self, problem: str, run_id: str) -> None:
        super().__init__(
            f"The rules configuration is invalid: {problem}",
            details={"problem": problem, "run_id": run_id},
        )
