from aura_api.errors import Conflict, Forbidden, NotFound


class SlugTaken(Conflict):
    code = "team_slug_taken"

    def __init__(self, slug: str) -> None:
        super().__init__(f"A team with the slug '{slug}' already exists", details={"slug": slug})


class UserNotFound(NotFound):
    code = "user_not_found"

    def __init__(self) -> None:
        super().__init__("No account with this email")


class MemberNotFound(NotFound):
    code = "member_not_found"

    def __init__(self) -> None:
        super().__init__("This user is not a member of the team")


class AlreadyMember(Conflict):
    code = "already_member"

    def __init__(self) -> None:
        super().__init__("This user is already a member of the team")


class LastAdmin(Conflict):
    code = "last_admin"

    def __init__(self) -> None:
        super().__init__("A team needs at least one admin; promote someone else first")


class CannotManageMember(Forbidden):
    code = "cannot_manage_member"

    def __init__(self) -> None:
        super().__init__("Leads can add and remove plain members only")
