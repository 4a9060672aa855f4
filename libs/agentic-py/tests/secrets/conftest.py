"""Make the sibling ``helpers`` module importable (tests run with --import-mode=importlib)."""

from __future__ import annotations

import sys
from pathlib import Path

# Appended, not prepended: this folder's own `conftest` must not shadow the API suite's, which its
# tests import by name when both suites run in one session.
sys.path.append(str(Path(__file__).parent))
