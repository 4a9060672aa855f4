from aura_api.errors import Conflict, Forbidden, Unauthorized


class EmailTaken(Conflict):
    code = "email_taken"

    def __init__(self) -> None:
        super().__init__("An account with this email already exists")


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__("Email or password is wrong")


class InvalidRefreshToken(Unauthorized):
    code = "invalid_refresh_token"

    def __init__(self) -> None:
        super().__init__("Refresh token is invalid, expired or revoked")


class RefreshTokenReused(Unauthorized):
    """A rotated token came back: someone holds a copy, so the whole family is revoked."""

    code = "refresh_token_reused"
    keeps_changes = True

    def __init__(self) -> None:
        super().__init__("Refresh token was already used; every session of this login is revoked")


class InvalidAccessToken(Unauthorized):
    code = "invalid_token"

    def __init__(self, message: str = "Token is invalid or expired") -> None:
        super().__init__(message)


class AccountDisabled(Forbidden):
    code = "account_disabled"

    def __init__(self) -> None:
        super().__init__("This account is disabled")


class WrongCurrentPassword(Forbidden):
    code = "wrong_current_password"

    def __init__(self) -> None:
        super().__init__("current_password does not match")
