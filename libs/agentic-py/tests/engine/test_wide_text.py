"""UTF-16 text files are decoded and audited, not skipped as binary (issue 15, item 7)."""

from __future__ import annotations

import pytest
from aura_agentic.engine import audit_diff
from aura_agentic.engine.wide_text import decode_utf16, utf16_encoding
from aura_agentic.rules.secrets.spec import ALNUM, synth

GH = "ghp_" + synth(((ALNUM, 36),), "wide-gh")
TEXT = f'# settings\r\nname = "demo"\r\ntoken = "{GH}"\r\n'


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
)
def test_a_new_utf16_file_is_audited_with_or_without_bom(git_repo, codec, bom):
    git_repo.write("conf/app.ini", bom + TEXT.encode(codec))
    diff = git_repo.diff()
    assert b"Binary files" in diff  # git itself calls it binary
    report = audit_diff(diff, repo_root=git_repo.root)
    assert [(f.rule_id, f.path, f.line) for f in report.findings] == [
        ("secrets/github-token", "conf/app.ini", 3)
    ]
    assert GH not in report.findings[0].snippet


def test_real_binaries_stay_skipped(git_repo):
    git_repo.write("img/a.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    git_repo.write("data/blob.bin", GH.encode() + b"\x00\x01\x02\x03" * 50)
    report = audit_diff(git_repo.diff(), repo_root=git_repo.root)
    assert report.findings == [] and report.errors == []


def test_without_a_working_tree_a_binary_diff_is_not_guessed_at(git_repo):
    git_repo.write("conf/app.ini", TEXT.encode("utf-16"))
    assert audit_diff(git_repo.diff()).findings == []


def test_detection():
    assert utf16_encoding("hello world\n".encode("utf-16-le")) == "utf-16-le"
    assert utf16_encoding("hello world\n".encode("utf-16-be")) == "utf-16-be"
    assert utf16_encoding(b"plain ascii text\n") is None
    assert utf16_encoding(bytes(range(256))) is None
    assert decode_utf16("\ufeffé ü\n".encode("utf-16")) == "é ü\n"
    assert decode_utf16(b"\xff\xfe\x00\xd8") is None  # a lone surrogate: not text
