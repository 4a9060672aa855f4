"""SQLModel tables, one module per table. Importing this package registers them all."""

from aura_api.models.api_token import ApiToken
from aura_api.models.event import Event
from aura_api.models.refresh_token import RefreshToken
from aura_api.models.team import Team
from aura_api.models.team_member import TeamMember, TeamRole
from aura_api.models.user import User

__all__ = ["ApiToken", "Event", "RefreshToken", "Team", "TeamMember", "TeamRole", "User"]
