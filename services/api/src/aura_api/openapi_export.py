"""Render the OpenAPI document deterministically (for `make generate` and the drift test)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from aura_api.config import Settings
from aura_api.main import create_app

COMMITTED = Path(__file__).resolve().parents[2] / "openapi.json"


def render_openapi() -> str:
    """The app's OpenAPI document as stable, pretty JSON text."""
    settings = Settings(_env_file=None, database_url="sqlite+aiosqlite:///:memory:")
    spec = create_app(settings).openapi()
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else COMMITTED
    target.write_text(render_openapi(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
