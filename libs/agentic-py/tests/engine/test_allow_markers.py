"""Other tools' allow markers and severity by place and kind (ADR 0012)."""

from __future__ import annotations

import datetime as dt

import pytest
from aura_agentic.engine import audit_diff, parse_config
from aura_agentic.engine.selftest import new_file_diff
from aura_agentic.rules.secrets.spec import ALNUM, HEX, synth

TODAY = dt.date(2026, 6, 1)
# Built at run time so the repository's own audit never sees a literal token here.
GH = "ghp_" + synth(((ALNUM, 36),), "markers-gh")


def audit(text: str, path: str = "src/app/a.py", config=None):
    return audit_diff(new_file_diff(path, text), config, today=TODAY)


@pytest.mark.parametrize(
    ("path", "line", "kind"),
    [
        ("src/a.py", f'TOKEN = "{GH}"  # gitleaks:allow', "gitleaks:allow"),
        ("src/a.py", f'TOKEN = "{GH}"  # pragma: allowlist secret', "pragma: allowlist secret"),
        ("src/a.py", f'TOKEN = "{GH}"  # nosec B105', "nosec"),
        ("src/a.py", f'TOKEN = "{GH}"  # nosec: B105, B106', "nosec"),
        ("src/a.ts", f'const t = "{GH}"; // gitleaks:allow', "gitleaks:allow"),
        ("src/a.py", "print(x)  # noqa: T201", "noqa"),
        ("src/a.py", "pprint(x)  # noqa: E501, T203", "noqa"),
        ("src/a.py", "breakpoint()  # noqa: T100", "noqa"),
        ("src/a.js", "console.log(x); // eslint-disable-line no-console", "eslint-disable-line"),
        ("src/a.js", "debugger; // eslint-disable-line no-debugger", "eslint-disable-line"),
    ],
)
def test_a_marker_suppresses_its_own_rules_and_is_counted(path, line, kind):
    report = audit(line + "\n", path)
    assert report.findings == []
    assert report.suppressed == 1
    (sup,) = report.suppressions
    assert sup.kind == kind and sup.path == path and sup.line == 1
    doc = report.to_dict()
    assert doc["suppressed"] == 1
    assert doc["stats"]["suppressions"] == [sup.to_dict()]


def test_next_line_markers_cover_the_line_below_only():
    js = "// eslint-disable-next-line no-console\nconsole.log(a);\nconsole.log(b);\n"
    report = audit(js, "src/a.js")
    assert [f.line for f in report.findings] == [3]
    assert [s.kind for s in report.suppressions] == ["eslint-disable-next-line"]
    py = f'# pragma: allowlist nextline secret\nTOKEN = "{GH}"\n'
    report = audit(py)
    assert report.findings == [] and report.suppressions[0].kind.endswith("nextline secret")


@pytest.mark.parametrize(
    "line",
    [
        f'TOKEN = "{GH}"  # noqa',  # blanket: names no rule
        f'TOKEN = "{GH}"  # nosec',  # blanket
        f'TOKEN = "{GH}"  # noqa: T201',  # a print code says nothing about secrets
        f'TOKEN = "{GH}"  # nosec B101',  # bandit's assert rule, not a password rule
        "print(x)  # gitleaks:allow",  # a secret marker says nothing about prints
        "print(x)  # noqa: E501",
        'x = "# gitleaks:allow"\nprint(x)',  # a marker on another line
    ],
)
def test_markers_that_do_not_name_the_rule_suppress_nothing(line):
    report = audit(line + "\n")
    assert report.findings and report.suppressed == 0 and report.suppressions == []


def test_eslint_marker_must_name_the_rule():
    report = audit("console.log(a); // eslint-disable-line no-alert\n", "src/a.js")
    assert [f.rule_id for f in report.findings] == ["js/console-log"]
    report = audit("console.log(a); // eslint-disable-line\n", "src/a.js")
    assert report.findings


def test_aura_allow_and_markers_are_both_listed():
    text = 'print(1)  # aura: allow python/debug-print reason="banner"\nprint(2)  # noqa: T201\n'
    report = audit(text)
    assert report.findings == [] and report.suppressed == 2
    assert sorted(s.kind for s in report.suppressions) == ["aura:allow", "noqa"]


def test_a_realistic_secret_in_a_test_path_is_a_warning_with_a_note():
    line = f'TOKEN = "{GH}"\n'
    (prod,) = audit(line, "src/app/settings.py").findings
    (test,) = audit(line, "tests/test_client.py").findings
    assert prod.severity == "error" and prod.message == test.message.split(" (")[0]
    assert test.severity == "warning" and "test or fixture" in test.message
    assert audit(line, "tests/test_client.py").status("error") == "pass"
    assert audit(line, "src/app/settings.py").status("error") == "fail"


def test_fixture_severity_is_configurable_per_pack_and_per_rule():
    line = f'TOKEN = "{GH}"\n'
    strict = parse_config("packs:\n  secrets:\n    fixture_severity: error\n")
    (finding,) = audit(line, "tests/test_client.py", strict).findings
    assert finding.severity == "error" and "fixture" not in finding.message
    quiet = parse_config("rules:\n  secrets/github-token:\n    fixture_severity: info\n")
    (finding,) = audit(line, "tests/test_client.py", quiet).findings
    assert finding.severity == "info"
    # a rule configured lower than the place's severity stays lower
    low = parse_config("rules:\n  secrets/github-token: info\n")
    (finding,) = audit(line, "tests/test_client.py", low).findings
    assert finding.severity == "info"


def test_fixture_severity_must_be_a_severity():
    from aura_agentic.engine import ConfigError

    with pytest.raises(ConfigError, match="severity must be one of"):
        parse_config("packs:\n  secrets:\n    fixture_severity: loud\n")
    with pytest.raises(ConfigError, match=r"unknown key 'nope' in packs\.secrets"):
        parse_config("packs:\n  secrets:\n    nope: 1\n")


def test_public_by_design_keys_are_info_with_a_message_that_says_so():
    google = "AIza" + synth(((ALNUM, 35),), "markers-firebase")
    firebase = (
        "const firebaseConfig = {\n"
        f'  apiKey: "{google}",\n'
        '  authDomain: "demo-app.firebaseapp.com",\n'
        '  projectId: "demo-app",\n'
        "};\n"
    )
    (finding,) = audit(firebase, "web/src/firebase.ts").findings
    assert finding.rule_id == "secrets/gcp-api-key" and finding.severity == "info"
    assert "public by design" in finding.message
    # the same key in server code is a Google Cloud key: still an error
    (server,) = audit(f'GOOGLE_API_KEY = "{google}"\n', "server/settings.py").findings
    assert server.severity == "error"

    search = synth(((HEX, 32),), "markers-algolia")
    (finding,) = audit(f'ALGOLIA_SEARCH_API_KEY = "{search}"\n', "web/config.py").findings
    assert finding.severity == "info" and "search-only" in finding.message
    (admin,) = audit(f'ALGOLIA_ADMIN_KEY = "{search}"\n', "web/config.py").findings
    assert admin.severity == "error"

    key = synth(((HEX, 32),), "markers-sentry")
    dsn = f'sentry_sdk.init("https://{key}@o4504.ingest.sentry.io/4504321")\n'
    (finding,) = audit(dsn, "app/main.py").findings
    assert finding.rule_id == "secrets/sentry-dsn" and finding.severity == "info"
    assert "Sentry DSN is public by design" in finding.message
