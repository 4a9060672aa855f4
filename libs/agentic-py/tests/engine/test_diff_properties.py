"""Property tests: the parser never crashes, and its line mapping agrees with `git apply`."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from aura_agentic.engine import audit_diff
from aura_agentic.engine.diff import parse_diff
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DIFF_TOKENS = st.sampled_from(
    [
        "diff --git a/x.py b/x.py\n",
        'diff --git "a/sp ace\\303\\251.py" "b/sp ace\\303\\251.py"\n',
        "--- a/x.py\n",
        "+++ b/x.py\n",
        "--- /dev/null\n",
        "+++ /dev/null\n",
        "@@ -1,3 +1,4 @@\n",
        "@@ -0,0 +1 @@ def f():\n",
        "@@ -5 +5,2 @@\n",
        "+print(1)\n",
        "+breakpoint()\n",
        "-old\n",
        " ctx\n",
        "\n",
        "\\ No newline at end of file\n",
        "Binary files a/x and b/x differ\n",
        "GIT binary patch\nliteral 5\nHcmZ?d00001\n\n",
        "new file mode 100644\n",
        "deleted file mode 100644\n",
        "old mode 100644\nnew mode 100755\n",
        "rename from a.py\nrename to b.py\n",
        "index 1234567..89abcde 160000\n",
        "+\x00\xff\r\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(DIFF_TOKENS, st.text(max_size=40)), max_size=40))
def test_diff_shaped_noise_never_crashes(parts):
    text = "".join(parts)
    report = audit_diff(text)
    assert isinstance(report.errors, list)
    for f in parse_diff(text).files:
        assert all(n >= 1 for n in f.added)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(data):
    audit_diff(data)
    audit_diff(b"diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n" + data)


LINE = st.lists(
    st.sampled_from([*"ab +-@\\# \t\"'é日", "print(1)", "@@ -1 +1 @@", "--- a"]),
    max_size=6,
).map("".join)


@st.composite
def edits(draw):
    old = draw(st.lists(LINE, max_size=30))
    new = list(old)
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        pos = draw(st.integers(0, len(new)))
        if op == "insert" or not new:
            new.insert(pos, draw(LINE))
        elif op == "delete":
            del new[min(pos, len(new) - 1)]
        else:
            new[min(pos, len(new) - 1)] = draw(LINE)
    eol_old = draw(st.booleans())
    eol_new = draw(st.booleans())
    context = draw(st.sampled_from([0, 1, 3]))
    return old, new, eol_old, eol_new, context


def _text(lines: list[str], eol: bool) -> bytes:
    body = "\n".join(lines)
    return (body + ("\n" if eol and lines else "")).encode("utf-8")


def _git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=cwd, input=data, capture_output=True, check=True
    ).stdout


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_line_mapping_agrees_with_git_apply(case):
    old, new, eol_old, eol_new, context = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _git(root, "init", "-q")
        target = root / "f.txt"
        target.write_bytes(_text(old, eol_old))
        _git(root, "add", "f.txt")
        target.write_bytes(_text(new, eol_new))
        patch = _git(root, "diff", f"-U{context}", "--", "f.txt")
        target.write_bytes(_text(old, eol_old))
        if patch:
            _git(root, "apply", "--unidiff-zero", "-", data=patch)
        applied = target.read_bytes().decode("utf-8").split("\n")
    parsed = parse_diff(patch)
    assert parsed.errors == []
    added = {n: t for f in parsed.files for n, t in f.added.items()}
    for number, text in added.items():
        assert applied[number - 1] == text
        assert new[number - 1] == text
    context_lines = {n: t for f in parsed.files for n, t in f.context.items()}
    for number, text in context_lines.items():
        assert new[number - 1] == text
