"""Aura command line: local audits, git hooks, CI review and event sync."""

__version__ = "0.1.0"
