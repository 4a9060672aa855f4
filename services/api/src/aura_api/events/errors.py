from aura_api.errors import COLLECTION_LIMITS, BadRequest, PayloadTooLarge


class BatchTooLarge(PayloadTooLarge):
    code = "batch_too_large"

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"A batch holds at most {limit} events; this one has {size}",
            details={"size": size, "limit": limit},
        )


class InvalidCursor(BadRequest):
    code = "invalid_cursor"

    def __init__(self) -> None:
        super().__init__("The cursor is not one this API issued")


COLLECTION_LIMITS["events"] = BatchTooLarge
