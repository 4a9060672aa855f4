"""The prefilter must never drop a candidate the detectors would report.

The trigger index is checked against the obvious per-line, per-trigger loop it replaced, and the
shapes most at risk from candidate gating (short tokens, punctuation, escaped PEM bodies, names
one to three lines above a value) are checked end to end.
"""

from __future__ import annotations

import re

import pytest
from aura_agentic.rules.secrets import SECRET_RULES, scanner
from aura_agentic.rules.secrets.file_index import FileIndex
from aura_agentic.rules.secrets.prefilter import VOCABULARY, Prefilter
from aura_agentic.rules.secrets.scanner import VENDORS
from aura_agentic.rules.secrets.spec import ALNUM, B64, HEX, synth
from helpers import rule_ids, scan_text

PW = synth(((ALNUM, 9), "!", (ALNUM, 6)), "pre-pw")


def _naive(lower: str) -> set[object]:
    found: set[object] = set()
    for spec in VENDORS:
        for trigger in spec.triggers:
            hit = re.search(trigger[1:], lower) if trigger[0] == "~" else trigger in lower
            if hit:
                found.add(spec)
                break
    return found


def _trigger_lines() -> list[str]:
    triggers = sorted({t for s in VENDORS for t in s.triggers if t[0] != "~"})
    lines = [f"x = {t}" for t in triggers]
    # overlapping and adjacent triggers: the index must report every one of them
    lines += ["".join(triggers[i : i + 3]) for i in range(0, len(triggers), 3)]
    lines += ["secret_access_key sk-ant-sk- eaaa", "ghp_gho_ghu_", "pat-na1-pat.x", ""]
    for spec in VENDORS:
        lines += [example.lower() for example in spec.rule.positive]
        lines += [example.lower() for example in spec.rule.negative]
    return lines


def test_trigger_index_matches_per_line_checks() -> None:
    lowers = _trigger_lines()
    by_line = Prefilter(VENDORS).specs_by_line(lowers)
    for index, lower in enumerate(lowers):
        assert by_line.get(index, set()) == _naive(lower), lower


def test_specs_for_matches_per_trigger_checks() -> None:
    prefilter = Prefilter(VENDORS)
    for lower in _trigger_lines()[:200]:
        assert prefilter.specs_for(lower) == _naive(lower), lower


@pytest.mark.parametrize(
    ("path", "text", "rule"),
    [
        # a 20-character token right after punctuation, at the start of a line, at the very end
        ("app.py", "k=(" + "AKIA" + synth(((HEX.upper(), 16),), "akia1") + ")", "aws-access-key"),
        (".env", "AKIA" + synth(((HEX.upper(), 16),), "akia2"), "aws-access-key"),
        ("a.js", "x='ghp_" + synth(((ALNUM, 36),), "gh-punct") + "';", "github-token"),
        # a JSON-escaped PEM body on the header line
        (
            "sa.json",
            '{"private_key": "-----BEGIN PRIVATE KEY-----\\n'
            + synth(((B64, 64),), "pem-json")
            + '\\n-----END PRIVATE KEY-----\\n"}',
            "private-key",
        ),
        # names one, two and three lines above the value (cold value lines)
        ("k8s.yaml", f"- name: DB_PASSWORD\n  value: {PW}", "generic-credential"),
        (
            "k8s.yaml",
            f"- name: DB_PASSWORD\n  # from vault later\n  value: {PW}",
            "generic-credential",
        ),
        ("values.yaml", f"password: |\n  {PW}", "generic-credential"),
        (
            "main.tf",
            f'variable "db_password" {{\n  type = string\n  default = "{PW}"\n}}',
            "generic-credential",
        ),
    ],
)
def test_candidates_survive_gating(path: str, text: str, rule: str) -> None:
    assert f"secrets/{rule}" in rule_ids(text, path), text


def test_context_vendor_with_name_on_the_line_above() -> None:
    # the value line has no name of its own: it borrows the vendor name from the line above
    token = synth(((HEX, 32),), "twilio-ctx")
    text = f"TWILIO_AUTH_TOKEN:\n  {token}"
    assert "secrets/twilio-credential" in rule_ids(text, "config/app.yaml")


def test_value_without_long_run_below_a_context_name() -> None:
    # an AWS secret whose slashes break every 20-character run, under its name
    secret = "/".join(synth(((ALNUM, 12),), f"aws-slash{i}") for i in range(3)) + "Ab1x"
    text = f"aws_secret_access_key:\n  {secret}"
    hits = scan_text(text, "config/app.yaml")
    assert any(h.secret == secret for h in hits), hits


def test_file_index_finds_the_lines_holding_words() -> None:
    texts = ["x = 1", "key key key", "a" * 25, "", "PASS", "İstanbul key", "://x", "k\nkey"]
    index = FileIndex(list(range(1, len(texts) + 1)), texts)
    for words in (("key",), ("pass", "://"), ("x",), VOCABULARY):
        expected = {i for i, t in enumerate(texts) if any(w in t.lower() for w in words)}
        assert index.with_any(words) == expected, words


def test_file_index_below_stops_at_gaps() -> None:
    index = FileIndex([1, 2, 3, 4, 7, 8, 20], ["a"] * 7)
    assert index.below([0], 3) == {1, 2, 3}
    assert index.below([2], 3) == {3}
    assert index.below([3], 3) == set()
    assert index.below([4], 3) == {5}
    assert index.below([5, 6], 3) == set()


def _corpus() -> list[tuple[str, str]]:
    """Every rule's own examples, alone and inside ordinary code and config, plus realistic
    shapes where names, values and key blocks sit on different lines."""
    filler = ["def f(x):", "    return x", "", "# notes", "  - name: LOG_LEVEL", "    value: debug"]
    out: list[tuple[str, str]] = []
    for rule in SECRET_RULES:
        for example in (*rule.positive, *rule.negative):
            for path in ("config/app.conf", "src/app/settings.py", "deploy/k8s.yaml"):
                out.append((path, example))
                out.append((path, "\n".join([*filler, example, *filler])))
    out += [
        ("k8s.yaml", f"- name: DB_PW\n  value: {PW}"),
        ("k8s.yaml", f"- name: SIGNING_SECRET\n  # rotated\n\n  value: '{PW}'"),
        ("app.yaml", f"credentials:\n  stripe: {PW}\n  note: {PW}x"),
        ("a.py", f"headers = {{'X': 'Bearer {synth(((ALNUM, 30),), 'brr')}'}}"),
        ("a.plist", f"<key>ApiToken</key>\n<string>{PW}</string>"),
    ]
    return out


def test_prefilter_drops_nothing_the_detectors_find() -> None:
    for path, text in _corpus():
        lines = {i + 1: line for i, line in enumerate(text.split("\n"))}
        for added in (list(lines), [n for n in lines if n % 2]):
            filtered = scanner.scan_secrets(path, lines, added)
            assert filtered == scanner._scan(path, lines, added, unfiltered=True), text


def test_length_changing_lowercase_still_scans() -> None:
    token = "ghp_" + synth(((ALNUM, 36),), "gh-unicode")
    assert rule_ids(f"name = 'İstanbul'\nTOKEN = \"{token}\"") == {"secrets/github-token"}
