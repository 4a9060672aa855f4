"""Aura's audit engine: the one public interface (see docs/contracts/engine-api.md).

Importing this package stays light (standard library plus the engine's own modules) because
the git pre-commit hook imports it directly; YAML is only imported when a config is read.
"""

from aura_agentic.engine.config import ConfigError, EngineConfig
from aura_agentic.engine.config_load import load_config, parse_config
from aura_agentic.engine.model import (
    AuditReport,
    Finding,
    RuleInfo,
    RuleSpec,
    SelfTestResult,
    Suppression,
    SuppressionProblem,
)
from aura_agentic.engine.render import render
from aura_agentic.engine.runner import audit_diff
from aura_agentic.engine.selftest import active_rules, run_self_tests

__all__ = [
    "AuditReport",
    "ConfigError",
    "EngineConfig",
    "Finding",
    "RuleInfo",
    "RuleSpec",
    "SelfTestResult",
    "Suppression",
    "SuppressionProblem",
    "active_rules",
    "audit_diff",
    "load_config",
    "parse_config",
    "render",
    "run_self_tests",
]
