from aura_api.errors import NotFound


class ApiTokenNotFound(NotFound):
    code = "token_not_found"

    def __init__(self) -> None:
        super().__init__("No such API token")
