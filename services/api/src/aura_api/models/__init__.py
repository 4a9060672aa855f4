"""SQLModel tables, one module per table. Importing this package registers them all."""

from aura_api.models.aggregate_hotspot import HotspotAggregate
from aura_api.models.aggregate_lesson_exposure import LessonExposureAggregate
from aura_api.models.aggregate_rule_feedback import RuleFeedbackAggregate
from aura_api.models.aggregate_suppression import SuppressionAggregate
from aura_api.models.aggregate_team_day import TeamDayAggregate
from aura_api.models.aggregate_team_developer import TeamDeveloperAggregate
from aura_api.models.api_token import ApiToken
from aura_api.models.audit import Audit
from aura_api.models.audit_finding import AuditFinding
from aura_api.models.event import Event
from aura_api.models.knowledge_version import KnowledgeVersion
from aura_api.models.mastery import RuleMastery
from aura_api.models.refresh_token import RefreshToken
from aura_api.models.team import Team
from aura_api.models.team_member import TeamMember, TeamRole
from aura_api.models.user import User
from aura_api.models.webhook import Webhook
from aura_api.models.webhook_delivery import WebhookDelivery
from aura_api.models.webhook_firing import WebhookFiring
from aura_api.models.workflow_run import WorkflowRun

__all__ = [
    "ApiToken",
    "Audit",
    "AuditFinding",
    "Event",
    "HotspotAggregate",
    "KnowledgeVersion",
    "LessonExposureAggregate",
    "RefreshToken",
    "RuleFeedbackAggregate",
    "RuleMastery",
    "SuppressionAggregate",
    "Team",
    "TeamDayAggregate",
    "TeamDeveloperAggregate",
    "TeamMember",
    "TeamRole",
    "User",
    "Webhook",
    "WebhookDelivery",
    "WebhookFiring",
    "WorkflowRun",
]
