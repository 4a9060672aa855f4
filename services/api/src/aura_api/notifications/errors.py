from aura_api.errors import NotFound


class WebhookNotFound(NotFound):
    code = "webhook_not_found"

    def __init__(self) -> None:
        super().__init__("No such webhook in this team")
