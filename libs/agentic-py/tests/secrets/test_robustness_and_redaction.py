"""Long lines, backtracking-prone inputs, odd input shapes, and redaction."""

from __future__ import annotations

from aura_agentic.redaction import redact
from aura_agentic.rules.secrets import scan_secrets
from aura_agentic.rules.secrets.spec import ALNUM, B64, synth
from helpers import scan_text

GH = "ghp_" + synth(((ALNUM, 36),), "redact-gh")
PW = synth(((ALNUM, 10), "#", (ALNUM, 5)), "redact-pw")


def test_twenty_thousand_char_lines_do_not_crash() -> None:
    for line in (
        "a" * 20_000,
        "password=" + "x1" * 10_000,
        "://" * 7_000,
        ("key=" + "ab1" * 10) * 600,
        "eyJ" + "a" * 20_000 + ".",
        "-----BEGIN RSA PRIVATE KEY-----" + " " * 20_000,
        "token: " + "A1b2" * 5_000,
    ):
        scan_text(line)


def test_pathological_backtracking_inputs_finish() -> None:
    # Shapes that make naive nested-quantifier regexes explode: long runs without the closing
    # character each pattern waits for.
    for line in (
        "https://" + "a:" * 5_000 + "b",
        "postgres://" + "u" * 5_000 + ":" + "p" * 5_000,
        '"' + "\\" * 10_000,
        "secret_" * 3_000,
        "-" * 20_000,
        "AKIA" * 5_000,
        "eyJhbGciOi." * 2_000,
        "\t" * 10_000 + "password:" + " " * 10_000,
    ):
        scan_text(line)


def test_vendor_token_inside_long_line_is_found() -> None:
    line = "x = 1; " * 2_000 + f'token = "{GH}"'
    assert [h.secret for h in scan_text(line)] == [GH]


def test_gaps_crlf_and_unknown_added_lines() -> None:
    lines = {10: f"GITHUB_TOKEN={GH}\r", 50: "nothing here"}
    hits = scan_secrets("x.env", lines, [10, 11, 50])
    assert [(h.line, h.secret) for h in hits] == [(10, GH)]
    assert scan_secrets("x.env", {}, [1]) == []


def test_redact_keeps_four_chars() -> None:
    assert redact(f'token = "{GH}"') == 'token = "ghp_\u2026[redacted]"'
    assert redact(f"DB_PASSWORD={PW}") == f"DB_PASSWORD={PW[:4]}\u2026[redacted]"


def test_redact_leaves_clean_text_alone() -> None:
    text = "def add(a, b):\n    return a + b\n"
    assert redact(text) == text
    assert redact("") == ""


def test_redact_masks_whole_private_key_block() -> None:
    body = "\n".join(synth(((B64, 64),), f"rk{i}") for i in range(3))
    text = f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----\n"
    out = redact(text)
    assert body.split("\n")[0] not in out and "[redacted]" in out


def test_redact_every_secret_on_a_line() -> None:
    out = redact(f"a={GH} postgres://app:{PW}@db/app")
    assert GH not in out and PW not in out


def test_tokens_on_a_megabyte_line_are_found_whole() -> None:
    # minified JSON: vendor tokens and a name-in-context secret far into one huge line
    filler = ",".join(f'"k{i}":"{synth(((ALNUM, 30),), f"fill{i}")}"' for i in range(40_000))
    github = "ghp_" + synth(((ALNUM, 36),), "long-gh")
    aws = synth(((B64, 40),), "long-aws").replace("+", "A").replace("/", "b")
    line = (
        "{"
        + filler[:600_000]
        + f',"deploy":"{github}",'
        + filler[600_000:]
        + f',"aws_secret_access_key":"{aws}"'
        + "}"
    )
    hits = {(h.rule_id, h.secret) for h in scan_text(line, "dist/config.min.json")}
    assert ("secrets/github-token", github) in hits
    assert ("secrets/aws-secret-access-key", aws) in hits
