"""Inline `aura: allow` suppressions and the fingerprint baseline."""

from __future__ import annotations

import datetime as dt
import json

from aura_agentic.engine import audit_diff, load_config
from aura_agentic.engine.baseline import write_baseline
from aura_agentic.engine.fingerprint import fingerprint
from aura_agentic.engine.selftest import new_file_diff

TODAY = dt.date(2026, 6, 1)


def audit(text: str, path: str = "src/app/a.py", **kw):
    return audit_diff(new_file_diff(path, text), today=TODAY, **kw)


def test_same_line_and_line_above_in_any_comment_syntax():
    text = (
        'print(1)  # aura: allow python/debug-print reason="startup banner"\n'
        '# aura: allow python/debug-print reason="two"\n'
        "print(2)\n"
    )
    report = audit(text)
    assert report.findings == [] and report.suppressed == 2 and report.suppression_problems == []
    js = (
        'debugger; // aura: allow js/debugger reason="demo"\n'
        '/* aura: allow js/* reason="x" */\nconsole.log(1)\n'
    )
    report = audit(js, "src/a.js")
    assert report.findings == [] and report.suppressed == 2


def test_suppression_above_decorators_covers_long_function():
    body = "".join(f"    v{i} = {i}\n" for i in range(60))
    text = (
        f'# aura: allow python/long-function reason="generated table"\n@cache\ndef big():\n{body}'
    )
    report = audit(text)
    assert report.findings == [] and report.suppressed == 1


def test_expired_unused_and_reasonless_are_problems():
    text = (
        'print(1)  # aura: allow python/debug-print reason="old" until=2026-01-01\n'
        'x = 1  # aura: allow python/debugger reason="nothing here"\n'
        "print(2)  # aura: allow python/debug-print\n"
        'print(3)  # aura: allow python/debug-print reason="ok" until=2027-01-01\n'
        'print(4)  # aura: allow python/debug-print reason="x" until=tomorrow\n'
    )
    report = audit(text)
    assert [f.line for f in report.findings] == [1, 5]
    kinds = sorted((p.kind, p.line) for p in report.suppression_problems)
    assert kinds == [("expired", 1), ("invalid", 5), ("missing-reason", 3), ("unused", 2)]


def test_suppression_in_a_string_is_not_a_suppression():
    report = audit("print('aura: allow python/debug-print reason=\"x\"')\n")
    assert len(report.findings) == 1


def test_fingerprint_ignores_whitespace_and_line_numbers():
    assert fingerprint("r/x", "a.py", "  print( 1 )") == fingerprint(
        "r/x", "a.py", "print(  1  )\t"
    )
    assert fingerprint("r/x", "a.py", "print(1)") != fingerprint("r/x", "b.py", "print(1)")
    assert fingerprint("r/x", "a.py", "print(1)").startswith("sha256:")


def test_baseline_round_trip_survives_moved_lines(git_repo):
    git_repo.write("src/app/a.py", "x = 1\nprint(x)\n")
    report = audit_diff(git_repo.diff(), repo_root=git_repo.root)
    assert len(report.findings) == 1
    path = git_repo.root / ".aura" / "baseline.json"
    assert write_baseline(report, path) == 1
    assert "print(x)" not in path.read_text()  # no code in the baseline
    git_repo.commit()
    git_repo.write("src/app/a.py", "import os\n\nx = 1\n    \nprint(x)\n")
    moved = audit_diff(
        new_file_diff("src/app/a.py", "import os\n\nx = 1\n\n   print(x)  \n"),
        repo_root=git_repo.root,
    )
    assert moved.findings == [] and moved.suppressed == 1 and len(moved.baselined) == 1
    changed = audit_diff(new_file_diff("src/app/a.py", "print(x, 2)\n"), repo_root=git_repo.root)
    assert len(changed.findings) == 1


def test_stale_baseline_entry_is_reported(git_repo):
    git_repo.write("src/app/a.py", "print(1)\n")
    path = git_repo.root / ".aura" / "baseline.json"
    write_baseline(audit_diff(git_repo.diff()), path)
    git_repo.commit()
    git_repo.write("src/app/a.py", "y = 2\n")
    report = audit_diff(git_repo.diff(), load_config(git_repo.root), repo_root=git_repo.root)
    assert [(p.kind, p.rule_id) for p in report.suppression_problems] == [
        ("unused", "python/debug-print")
    ]


def test_broken_baseline_is_an_error_not_a_crash(git_repo):
    (git_repo.root / ".aura").mkdir()
    (git_repo.root / ".aura" / "baseline.json").write_text("{nope")
    report = audit_diff(new_file_diff("a.py", "print(1)\n"), repo_root=git_repo.root)
    assert report.errors and len(report.findings) == 1
    json.dumps(report.to_dict())
