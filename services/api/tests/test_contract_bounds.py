"""The contract stays hardened as the API grows: every input is bounded, typed strictly and
every platform status is documented (issue #11, defects 4, 5 and 8, as classes)."""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

from aura_api.main import create_app
from conftest import settings_for_tests
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel
from pydantic.fields import FieldInfo

SCHEMA = json.loads((Path(__file__).parents[1] / "openapi.json").read_text())
# Formats that bound a string by themselves.
BOUNDED_FORMATS = {"uuid", "date-time", "email", "date"}


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        return dict(SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[-1]])
    return node


def _unbounded(node: dict[str, Any], where: str, seen: set[str]) -> list[str]:
    """Places in an input schema where a value has no upper bound."""
    if "$ref" in node:
        if node["$ref"] in seen:
            return []
        seen = seen | {node["$ref"]}
    node = _resolve(node)
    problems: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(node.get(key, [])):
            problems += _unbounded(sub, f"{where}|{i}", seen)
    kind = node.get("type")
    if "enum" in node or "const" in node:
        return problems
    if kind == "integer" and ("maximum" not in node or "minimum" not in node):
        problems.append(f"{where}: integer without minimum and maximum")
    if kind == "number" and "maximum" not in node:
        problems.append(f"{where}: number without maximum")
    if kind == "string" and "maxLength" not in node and node.get("format") not in BOUNDED_FORMATS:
        problems.append(f"{where}: string without maxLength")
    if kind == "array":
        if "maxItems" not in node:
            problems.append(f"{where}: array without maxItems")
        problems += _unbounded(node.get("items", {}), f"{where}[]", seen)
    if kind == "object":
        for name, prop in node.get("properties", {}).items():
            problems += _unbounded(prop, f"{where}.{name}", seen)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            if "maxProperties" not in node:
                problems.append(f"{where}: open object without maxProperties")
            # Values of free-form JSON ({}) are bounded by the body limit and their own checks.
            if extra:
                problems += _unbounded(extra, f"{where}{{}}", seen)
    return problems


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in SCHEMA["paths"].items()
        for method, op in item.items()
    ]


def test_every_input_is_bounded() -> None:
    problems: list[str] = []
    for method, path, op in _operations():
        for param in op.get("parameters", []):
            where = f"{method} {path} {param['in']}.{param['name']}"
            problems += _unbounded(param["schema"], where, set())
        body = op.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            problems += _unbounded(body["schema"], f"{method} {path} body", set())
    assert not problems, "\n".join(problems)


def test_every_platform_status_is_documented() -> None:
    missing = []
    for method, path, op in _operations():
        codes = set(op["responses"])
        wanted = {"429", "503"} if path != "/health/live" else set()
        if op.get("requestBody"):
            wanted |= {"400", "413", "422"}
        if op.get("security"):
            wanted.add("401")
        if any(p["in"] == "path" for p in op.get("parameters", [])):
            wanted |= {"404", "422"}
        if method in {"POST", "PUT", "PATCH", "DELETE"}:
            wanted.add("409")
        for code in sorted(wanted - codes):
            missing.append(f"{method} {path}: {code}")
        for code in codes:
            if code.startswith(("4", "5")):
                content = op["responses"][code].get("content", {}).get("application/json", {})
                if content.get("schema", {}).get("$ref", "").split("/")[-1] != "ErrorEnvelope":
                    missing.append(f"{method} {path}: {code} without the error envelope")
    assert not missing, "\n".join(missing)


def _strictness_problems(model: type[BaseModel], where: str, seen: set[type]) -> list[str]:
    if model in seen:
        return []
    seen.add(model)
    problems: list[str] = []
    for name, field in model.model_fields.items():
        for kind, strict in _leaf_types(field.annotation, _strict(field.metadata)):
            if kind in (bool, int, float) and not strict:
                problems.append(f"{where}.{name}: {kind.__name__} is not strict")
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                problems += _strictness_problems(kind, f"{where}.{name}", seen)
    return problems


def _strict(metadata: list[Any]) -> bool:
    for item in metadata:
        if getattr(item, "strict", None) is True:
            return True
        if isinstance(item, FieldInfo) and _strict(item.metadata):
            return True
    return False


def _leaf_types(annotation: Any, strict: bool = False) -> list[tuple[Any, bool]]:
    """(leaf type, whether it is validated strictly) of an annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *metadata = typing.get_args(annotation)
        return _leaf_types(inner, strict or _strict(metadata))
    if origin in (typing.Union, types.UnionType, list, dict, tuple, set):
        return [leaf for arg in typing.get_args(annotation) for leaf in _leaf_types(arg, strict)]
    if origin is typing.Literal:
        return []
    return [(annotation, strict)]


def test_request_numbers_and_booleans_are_strict() -> None:
    """Lax parsing would accept "1" or 0 for true: input the contract says is invalid."""
    app = create_app(settings_for_tests())
    problems: list[str] = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and route.body_field is not None:
            for kind, _ in _leaf_types(route.body_field.field_info.annotation):
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    problems += _strictness_problems(kind, f"{route.path} body", set())
    assert not problems, "\n".join(problems)


def test_no_literal_path_is_shadowed_by_a_parameter() -> None:
    """`GET /workflows/audit` must be 405, not a match of `GET /workflows/{run_id}`."""
    paths = list(SCHEMA["paths"])
    clashes = []
    for literal in paths:
        for templated in paths:
            a, b = literal.split("/"), templated.split("/")
            if literal == templated or len(a) != len(b):
                continue
            differs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
            if len(differs) == 1 and differs[0][1].startswith("{"):
                methods_a = set(SCHEMA["paths"][literal])
                methods_b = set(SCHEMA["paths"][templated])
                param = differs[0][1].strip("{}")
                op = next(iter(SCHEMA["paths"][templated].values()))
                spec = next(p for p in op.get("parameters", []) if p["name"] == param)
                typed = spec["schema"].get("format") == "uuid" or spec["schema"].get("type") in (
                    "integer",
                )
                if methods_b - methods_a and not typed:
                    clashes.append(f"{literal} is shadowed by {templated}")
    assert not clashes, "\n".join(clashes)
