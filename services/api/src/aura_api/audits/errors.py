from aura_api.errors import COLLECTION_LIMITS, NotFound, PayloadTooLarge


class AuditNotFound(NotFound):
    code = "audit_not_found"

    def __init__(self) -> None:
        super().__init__("No such audit")


class TooManyFindings(PayloadTooLarge):
    code = "too_many_findings"

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(
            f"An audit holds at most {limit} findings; this one has {count}",
            details={"count": count, "limit": limit},
        )


COLLECTION_LIMITS["findings"] = TooManyFindings
