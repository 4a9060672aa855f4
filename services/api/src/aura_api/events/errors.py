from aura_api.errors import COLLECTION_LIMITS, PayloadTooLarge


class BatchTooLarge(PayloadTooLarge):
    code = "batch_too_large"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"A batch holds at most {limit} events; this one has {size}",
            details={"size": size, "limit": limit},
        )


COLLECTION_LIMITS["events"] = BatchTooLarge
