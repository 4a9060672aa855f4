"""The diff parser against real `git diff` output and hostile input."""

from __future__ import annotations

import os

from aura_agentic.engine import audit_diff
from aura_agentic.engine.diff import parse_diff


def by_path(diff: bytes) -> dict[str, object]:
    parsed = parse_diff(diff)
    assert parsed.errors == []
    return {f.path: f for f in parsed.files}


def test_many_files_and_hunks_map_to_new_line_numbers(git_repo):
    base = "".join(f"line {i}\n" for i in range(1, 101))
    git_repo.write("a.txt", base)
    git_repo.write("b.txt", base)
    git_repo.commit()
    lines = base.splitlines(keepends=True)
    lines.insert(10, "added at 11\n")
    lines.insert(80, "added at 81\n")
    del lines[50]
    git_repo.write("a.txt", "".join(lines))
    git_repo.write("b.txt", base + "tail 101\n")
    files = by_path(git_repo.diff())
    assert files["a.txt"].added == {11: "added at 11", 80: "added at 81"}
    assert files["b.txt"].added == {101: "tail 101"}
    # Context lines carry their new-file numbers too.
    assert files["a.txt"].context[12] == "line 11"


def test_new_deleted_renamed_copied_and_mode_changes(git_repo):
    git_repo.write("gone.py", "print('x')\n")
    git_repo.write("old_name.py", "".join(f"x{i} = {i}\n" for i in range(30)))
    git_repo.write("tool.sh", "echo hi\n")
    git_repo.commit()
    os.remove(git_repo.root / "gone.py")
    os.rename(git_repo.root / "old_name.py", git_repo.root / "new name.py")
    os.chmod(git_repo.root / "tool.sh", 0o755)
    git_repo.write("fresh.py", "print('new')\n")
    diff = git_repo.diff("-M")
    files = by_path(diff)
    assert files["gone.py"].status == "deleted" and not files["gone.py"].auditable
    assert (
        files["new name.py"].status == "renamed" and files["new name.py"].old_path == "old_name.py"
    )
    assert not files["new name.py"].auditable
    assert files["tool.sh"].old_mode == "100644" and files["tool.sh"].new_mode == "100755"
    assert files["fresh.py"].status == "added" and files["fresh.py"].added == {1: "print('new')"}
    report = audit_diff(diff)
    assert [f.path for f in report.findings] == ["fresh.py"]


def test_copies_are_detected(git_repo):
    git_repo.write("src/a.py", "".join(f"value_{i} = {i}\n" for i in range(40)))
    git_repo.commit()
    git_repo.write("src/b.py", "".join(f"value_{i} = {i}\n" for i in range(40)) + "print(1)\n")
    files = by_path(git_repo.diff("-C", "--find-copies-harder"))
    assert files["src/b.py"].status == "copied"
    assert files["src/b.py"].added == {41: "print(1)"}


def test_binary_symlink_and_submodule_produce_no_findings(git_repo, make_repo):
    git_repo.write("img.bin", b"\x00\x01print(1)\x00" * 50)
    os.symlink("print('target').py", git_repo.root / "link.py")
    sub = make_repo("sub")
    sub.write("x.txt", "1\n")
    sub.commit()
    git_repo.git(
        "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub.root), "vendored"
    )
    diff = git_repo.diff("--binary")
    files = by_path(diff)
    assert files["img.bin"].binary
    assert files["link.py"].is_symlink
    assert files["vendored"].is_submodule
    report = audit_diff(diff)
    assert report.findings == [] and report.errors == []


def test_binary_without_patch_body(git_repo):
    git_repo.write("img.bin", b"\x00\xff" * 10)
    files = by_path(git_repo.diff())
    assert files["img.bin"].binary and not files["img.bin"].auditable


def test_quoted_non_ascii_and_spaced_paths(git_repo):
    git_repo.write("src/caf\u00e9 app/t\u00e9st.py", "print('x')\n")
    git_repo.write('src/we"ird\\name.py', "print('y')\n")
    diff = git_repo.diff()
    assert b'"b/src/caf\\303\\251 app/t\\303\\251st.py"' in diff  # git quoted it
    files = by_path(diff)
    assert "src/caf\u00e9 app/t\u00e9st.py" in files
    assert 'src/we"ird\\name.py' in files
    unquoted = by_path(git_repo.git("-c", "core.quotePath=false", "diff", "--staged"))
    assert "src/caf\u00e9 app/t\u00e9st.py" in unquoted


def test_crlf_and_no_newline_at_end(git_repo):
    git_repo.write("win.py", "a = 1\r\nprint(a)\r\nb = 2")
    diff = git_repo.diff()
    assert b"\\ No newline at end of file" in diff
    files = by_path(diff)
    assert files["win.py"].added == {1: "a = 1", 2: "print(a)", 3: "b = 2"}
    report = audit_diff(diff.replace(b"\n", b"\r\n"))
    assert [(f.line, f.rule_id) for f in report.findings] == [(2, "python/debug-print")]


def test_non_utf8_bytes_are_replaced_not_fatal(git_repo):
    git_repo.write("latin.py", b"name = '\xe9t\xe9'\nprint(name)\n")
    report = audit_diff(git_repo.diff())
    assert [f.line for f in report.findings] == [2]
    assert "\ufffd" in parse_diff(git_repo.diff()).files[0].added[1]


def test_very_long_lines(git_repo):
    long_line = "x = '" + "a" * 20_000 + "'; print(x)"
    git_repo.write("long.py", long_line + "\n")
    report = audit_diff(git_repo.diff())
    assert [f.column for f in report.findings] == [20_009]
    assert len(report.findings[0].snippet) < 300


def test_ten_megabyte_diff_parses():
    body = "".join(
        f"+value_{i} = 'some text here to pad the line out a bit'\n" for i in range(200_000)
    )
    head = "diff --git a/big.py b/big.py\nnew file mode 100644\n--- /dev/null\n+++ b/big.py\n"
    diff = f"{head}@@ -0,0 +1,200000 @@\n{body}"
    assert len(diff) > 10_000_000
    report = audit_diff(diff)
    assert report.stats["added_lines"] == 200_000
    assert report.findings == [] and report.errors == []


def test_plain_unified_diff_without_git_headers():
    diff = "--- a/x.py\t2024-01-01\n+++ b/x.py\t2024-01-02\n@@ -1 +1,2 @@\n a = 1\n+print(a)\n"
    files = by_path(diff)
    assert files["x.py"].added == {2: "print(a)"}


def test_malformed_diffs_are_reported_not_raised():
    assert audit_diff("hello, this is not a diff").errors
    truncated = "diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,5 @@\n a\n+print(1)\n"
    report = audit_diff(truncated)
    assert report.errors and [f.line for f in report.findings] == [2]
    garbage = "diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n?? what\n"
    assert audit_diff(garbage).errors
    assert audit_diff(b"").errors == []
    assert audit_diff(b"\xff\xfe\x00garbage@@ -a +b @@").errors


def test_git_log_patch_output_with_commit_messages(git_repo):
    git_repo.write("a.py", "x = 1\n")
    git_repo.commit("first")
    git_repo.write("a.py", "x = 1\nprint(x)\n")
    git_repo.commit("second\n\n--- not a header\n+++ not either")
    log = git_repo.git("log", "-p", "-1")
    report = audit_diff(log)
    assert [(f.path, f.line) for f in report.findings] == [("a.py", 2)]
