"""Workflow runs: the audit and struggle LangGraph workflows, their history and SSE stream."""
