from aura_api.errors import NotFound, ValidationFailed


class WebhookNotFound(NotFound):
    code = "webhook_not_found"

    def __init__(self) -> None:
        super().__init__("No such webhook in this team")


class WebhookTargetNotAllowed(ValidationFailed):
    """The URL points at a loopback, private, link-local or otherwise non-public address."""

    code = "webhook_target_not_allowed"

    def __init__(self, reason: str) -> None:
        super().__init__(f"Webhook URL not allowed: {reason}", details={"reason": reason})
