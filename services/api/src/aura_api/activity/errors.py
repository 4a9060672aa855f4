from aura_api.errors import ServiceUnavailable


class ActivityUnavailable(ServiceUnavailable):
    code = "activity_unavailable"

    def __init__(self) -> None:
        super().__init__("Live activity is unavailable right now; retry shortly")
