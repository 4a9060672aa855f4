"""The retrieval table: an error message, rule or code excerpt → the expected lesson in the top 3."""

from __future__ import annotations

import pytest
from aura_agentic.retrieval import Query, rank_lessons

PY_TRACEBACK = """Traceback (most recent call last):
  File "/app/shop/cart.py", line 12, in total
    return sum(i.price for i in self.itemz)
AttributeError: 'Cart' object has no attribute 'itemz'"""

CASES: list[tuple[str, Query, str]] = [
    # Python runtime errors
    (
        "name",
        Query(errors=["NameError: name 'respnse' is not defined"], language="python"),
        "python-name-error",
    ),
    (
        "none attr",
        Query(
            errors=["AttributeError: 'NoneType' object has no attribute 'email'"], language="python"
        ),
        "python-none-attribute",
    ),
    (
        "none subscript",
        Query(errors=["TypeError: 'NoneType' object is not subscriptable"]),
        "python-none-attribute",
    ),
    (
        "none iter",
        Query(errors=["TypeError: 'NoneType' object is not iterable"], language="python"),
        "python-none-attribute",
    ),
    ("key", Query(errors=["KeyError: 'user_id'"], language="python"), "python-key-error"),
    ("attr traceback", Query(errors=[PY_TRACEBACK], language="python"), "python-attribute-error"),
    (
        "module attr",
        Query(errors=["AttributeError: module 'json' has no attribute 'loads'"]),
        "python-attribute-error",
    ),
    (
        "no module",
        Query(errors=["ModuleNotFoundError: No module named 'yaml'"], language="python"),
        "python-module-not-found",
    ),
    (
        "relative import",
        Query(errors=["ImportError: attempted relative import with no known parent package"]),
        "python-module-not-found",
    ),
    (
        "circular",
        Query(
            errors=[
                "ImportError: cannot import name 'Order' from partially initialized module 'orders' (most likely due to a circular import)"
            ]
        ),
        "python-circular-import",
    ),
    (
        "index",
        Query(errors=["IndexError: list index out of range"], language="python"),
        "python-index-error",
    ),
    ("pop empty", Query(errors=["IndexError: pop from empty list"]), "python-index-error"),
    (
        "unbound 3.11",
        Query(
            errors=[
                "UnboundLocalError: cannot access local variable 'count' where it is not associated with a value"
            ]
        ),
        "python-unbound-local",
    ),
    (
        "unbound old",
        Query(errors=["UnboundLocalError: local variable 'data' referenced before assignment"]),
        "python-unbound-local",
    ),
    (
        "recursion",
        Query(
            errors=[
                "RecursionError: maximum recursion depth exceeded while calling a Python object"
            ]
        ),
        "python-recursion-error",
    ),
    (
        "missing arg",
        Query(errors=["TypeError: Cart.add() missing 1 required positional argument: 'item'"]),
        "python-type-error-arguments",
    ),
    (
        "extra arg",
        Query(errors=["TypeError: total() takes 0 positional arguments but 1 was given"]),
        "python-type-error-arguments",
    ),
    (
        "kwarg",
        Query(errors=["TypeError: send_email() got an unexpected keyword argument 'subjct'"]),
        "python-type-error-arguments",
    ),
    (
        "concat",
        Query(errors=['TypeError: can only concatenate str (not "int") to str'], language="python"),
        "python-type-error-operands",
    ),
    (
        "operand",
        Query(errors=["TypeError: unsupported operand type(s) for +: 'int' and 'str'"]),
        "python-type-error-operands",
    ),
    (
        "unawaited",
        Query(
            errors=["RuntimeWarning: coroutine 'save_order' was never awaited"], language="python"
        ),
        "python-forgotten-await",
    ),
    (
        "coroutine subscript",
        Query(errors=["TypeError: 'coroutine' object is not subscriptable"]),
        "python-forgotten-await",
    ),
    (
        "loop running",
        Query(errors=["RuntimeError: asyncio.run() cannot be called from a running event loop"]),
        "python-event-loop-running",
    ),
    (
        "loop already",
        Query(errors=["RuntimeError: This event loop is already running"], language="python"),
        "python-event-loop-running",
    ),
    (
        "slow task",
        Query(
            errors=["Executing <Task pending name='Task-3' coro=<handler()>> took 1.204 seconds"],
            language="python",
        ),
        "python-blocking-in-async",
    ),
    (
        "unpack",
        Query(errors=["ValueError: too many values to unpack (expected 2)"]),
        "python-unpacking-errors",
    ),
    (
        "dict size",
        Query(errors=["RuntimeError: dictionary changed size during iteration"]),
        "python-dict-changed-during-iteration",
    ),
    (
        "is literal",
        Query(errors=['SyntaxWarning: "is" with a literal. Did you mean "=="?']),
        "python-is-vs-equals",
    ),
    (
        "file",
        Query(
            errors=["FileNotFoundError: [Errno 2] No such file or directory: 'data/config.json'"]
        ),
        "python-file-not-found",
    ),
    (
        "json decode",
        Query(
            errors=["json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)"],
            language="python",
        ),
        "js-json-parse",
    ),
    # mypy
    (
        "mypy optional",
        Query(
            errors=[
                'app.py:12: error: Item "None" of "User | None" has no attribute "name"  [union-attr]'
            ],
            language="python",
        ),
        "python-optional-typing",
    ),
    (
        "mypy return",
        Query(errors=["app.py:3: error: Missing return statement  [return]"], language="python"),
        "python-mypy-errors",
    ),
    (
        "mypy arg",
        Query(
            errors=[
                'error: Argument 1 to "greet" has incompatible type "int"; expected "str"  [arg-type]'
            ],
            language="python",
        ),
        "python-mypy-errors",
    ),
    # Pylance diagnostics, as the editor reports them (no exception class)
    (
        "pylance undefined",
        Query(errors=['"respnse" is not defined'], language="python"),
        "python-name-error",
    ),
    (
        "pylance optional",
        Query(errors=['"name" is not a known attribute of "None"'], language="python"),
        "python-optional-typing",
    ),
    (
        "pylance none index",
        Query(errors=['Object of type "None" is not subscriptable'], language="python"),
        "python-none-attribute",
    ),
    (
        "pylance import",
        Query(errors=['Import "yaml" could not be resolved'], language="python"),
        "python-module-not-found",
    ),
    (
        "pylance attribute",
        Query(errors=['Cannot access attribute "itemz" for class "Cart"'], language="python"),
        "python-attribute-error",
    ),
    (
        "pylance argument",
        Query(errors=['Argument missing for parameter "item"'], language="python"),
        "python-type-error-arguments",
    ),
    (
        "pylance unbound",
        Query(errors=['"data" is possibly unbound'], language="python"),
        "python-unbound-local",
    ),
    # JavaScript / TypeScript runtime
    (
        "undefined read",
        Query(
            errors=["TypeError: Cannot read properties of undefined (reading 'name')"],
            language="javascript",
        ),
        "js-cannot-read-properties",
    ),
    (
        "null read",
        Query(
            errors=[
                "Uncaught TypeError: Cannot read properties of null (reading 'addEventListener')"
            ],
            language="typescript",
        ),
        "js-cannot-read-properties",
    ),
    (
        "safari",
        Query(errors=["TypeError: undefined is not an object (evaluating 'user.name')"]),
        "js-cannot-read-properties",
    ),
    (
        "ref",
        Query(errors=["ReferenceError: document is not defined"], language="typescript"),
        "js-reference-error",
    ),
    (
        "tdz",
        Query(errors=["ReferenceError: Cannot access 'total' before initialization"]),
        "js-reference-error",
    ),
    (
        "not fn",
        Query(errors=["TypeError: log is not a function"], language="javascript"),
        "js-not-a-function",
    ),
    (
        "unhandled",
        Query(
            errors=[
                "[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block]"
            ],
            language="javascript",
        ),
        "js-unhandled-rejection",
    ),
    (
        "in promise",
        Query(errors=["Uncaught (in promise) Error: 500"], language="typescript"),
        "js-unhandled-rejection",
    ),
    (
        "stack",
        Query(errors=["RangeError: Maximum call stack size exceeded"], language="typescript"),
        "js-max-call-stack",
    ),
    (
        "rerenders",
        Query(
            errors=[
                "Error: Too many re-renders. React limits the number of renders to prevent an infinite loop."
            ]
        ),
        "js-max-call-stack",
    ),
    (
        "json html",
        Query(
            errors=["SyntaxError: Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON"],
            language="typescript",
        ),
        "js-json-parse",
    ),
    (
        "cannot find module",
        Query(errors=["Error: Cannot find module './helper'"], language="javascript"),
        "ts-module-not-found",
    ),
    # TypeScript compiler
    (
        "ts2532",
        Query(
            errors=["src/cart.ts(14,7): error TS2532: Object is possibly 'undefined'."],
            language="typescript",
        ),
        "ts-strict-null-checks",
    ),
    (
        "ts18048 bare",
        Query(errors=["'price' is possibly 'undefined'."], language="typescript"),
        "ts-strict-null-checks",
    ),
    (
        "ts2322",
        Query(
            errors=["error TS2322: Type 'string' is not assignable to type 'number'."],
            language="typescript",
        ),
        "ts-not-assignable",
    ),
    (
        "ts2345 bare",
        Query(
            errors=["Argument of type 'string' is not assignable to parameter of type 'Method'."],
            language="typescript",
        ),
        "ts-not-assignable",
    ),
    (
        "ts2339 union",
        Query(
            errors=[
                "TS2339: Property 'value' does not exist on type '{ ok: true; value: number; } | { ok: false; error: string; }'."
            ],
            language="typescript",
        ),
        "ts-narrowing",
    ),
    (
        "ts2339 promise",
        Query(
            errors=["error TS2339: Property 'name' does not exist on type 'Promise<User>'."],
            language="typescript",
        ),
        "js-forgotten-await",
    ),
    (
        "ts7006",
        Query(
            errors=["TS7006: Parameter 'order' implicitly has an 'any' type."],
            language="typescript",
        ),
        "ts-avoid-any",
    ),
    (
        "ts2307",
        Query(
            errors=[
                "TS2307: Cannot find module '@/lib/db' or its corresponding type declarations."
            ],
            language="typescript",
        ),
        "ts-module-not-found",
    ),
    (
        "ts2304",
        Query(errors=["error TS2304: Cannot find name 'reponse'."], language="typescript"),
        "js-reference-error",
    ),
    (
        "eslint floating",
        Query(
            errors=[
                "Promises must be awaited, end with a call to .catch, end with a call to .then with a rejection handler or be explicitly marked as ignored with the `void` operator  @typescript-eslint/no-floating-promises"
            ],
            language="typescript",
        ),
        "js-floating-promises",
    ),
    (
        "eslint nonnull",
        Query(
            errors=["Forbidden non-null assertion.  @typescript-eslint/no-non-null-assertion"],
            language="typescript",
        ),
        "ts-non-null-assertion",
    ),
    (
        "eslint any",
        Query(
            errors=[
                "Unexpected any. Specify a different type.  @typescript-eslint/no-explicit-any"
            ],
            language="typescript",
        ),
        "ts-avoid-any",
    ),
    # rules
    ("rule print", Query(rule_ids=["python/debug-print"], language="python"), "python-debug-print"),
    ("rule console", Query(rule_ids=["js/console-log"], language="typescript"), "js-console-log"),
    (
        "rule debugger",
        Query(rule_ids=["js/debugger"], language="javascript"),
        "debugger-statements",
    ),
    ("rule long fn", Query(rule_ids=["python/long-function"]), "python-long-function"),
    (
        "rule layers",
        Query(rule_ids=["architecture/no-db-in-api"], language="python"),
        "architecture-layers",
    ),
    ("rule aws", Query(rule_ids=["secrets/aws-access-key"]), "secrets-in-code"),
    # code excerpts and no-error questions
    (
        "code foreach",
        Query(
            code="items.forEach(async (item) => {\n  await save(item);\n});", language="typescript"
        ),
        "js-async-foreach",
    ),
    (
        "code mutable default",
        Query(
            code="def add_tag(tag, tags=[]):\n    tags.append(tag)\n    return tags",
            language="python",
        ),
        "python-mutable-default-args",
    ),
    (
        "code float",
        Query(code="if 0.1 + 0.2 == 0.3:\n    print('equal')", language="python"),
        "float-equality",
    ),
    (
        "code this",
        Query(
            code="setInterval(counter.increment, 1000); // this is undefined", language="typescript"
        ),
        "js-this-binding",
    ),
    (
        "code sort",
        Query(code="const sorted = scores.sort(); // [1, 10, 9]", language="javascript"),
        "js-array-sort-default",
    ),
    ("code dotenv", Query(code="git add .env", language="python"), "secrets-dotenv-files"),
    (
        "flaky",
        Query(code="time.sleep(1)  # flaky test on CI", language="python"),
        "testing-flaky-tests",
    ),
]


@pytest.mark.parametrize(("name", "query", "expected"), CASES, ids=[c[0] for c in CASES])
def test_expected_lesson_in_top_3(name, query, expected):
    top = [ranked.lesson.id for ranked in rank_lessons(query, limit=3)]
    assert expected in top, f"{name}: {top}"


def test_table_size_and_languages():
    assert len(CASES) >= 40
    langs = {q.language for _, q, _ in CASES}
    assert {"python", "typescript", "javascript"} <= langs


def test_ranking_is_deterministic_and_explained():
    query = Query(errors=["KeyError: 'x'"], rule_ids=["python/debug-print"], language="py")
    first = rank_lessons(query, limit=5)
    assert first == rank_lessons(query, limit=5)
    assert first[0].lesson.id == "python-debug-print"
    assert "rule python/debug-print" in first[0].reasons
    assert any(r.lesson.id == "python-key-error" and "error message" in r.reasons for r in first)


def test_language_filter_demotes_other_languages():
    message = ["TypeError: Cannot read properties of undefined (reading 'x')"]
    top_py = rank_lessons(Query(errors=message, language="python"), limit=1)[0]
    top_ts = rank_lessons(Query(errors=message, language="typescript"), limit=1)[0]
    assert top_ts.lesson.id == "js-cannot-read-properties"
    assert top_ts.score > top_py.score


def test_nothing_to_go_on_returns_nothing():
    assert rank_lessons(Query()) == []
