"""The committed OpenAPI contract matches the app, and its operation ids follow the rules."""

from __future__ import annotations

import json
import re

from aura_api.openapi_export import COMMITTED, render_openapi


def test_committed_openapi_matches_the_app() -> None:
    assert COMMITTED.exists(), "run `make generate` to write services/api/openapi.json"
    assert COMMITTED.read_text(encoding="utf-8") == render_openapi(), (
        "services/api/openapi.json is stale: run `make generate` and commit it"
    )


def test_operation_ids_are_unique_verb_noun() -> None:
    spec = json.loads(render_openapi())
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    verbs = {"create", "read", "list", "update", "delete", "revoke", "register", "login",
             "logout", "refresh", "add", "remove", "leave", "ingest", "submit", "stream",
             "import", "export", "rollback", "run", "test"}  # fmt: skip
    for op_id in ids:
        assert re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", op_id), op_id
        assert op_id.split("_")[0] in verbs, op_id


def test_every_error_response_documents_the_envelope() -> None:
    spec = json.loads(render_openapi())
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for status, response in op["responses"].items():
                if status.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]["$ref"]
                    assert schema.endswith(("/ErrorEnvelope", "/HTTPValidationError")), (
                        path,
                        method,
                    )
