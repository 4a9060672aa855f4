"""Per-repository state in `<git common dir>/aura/state.db`: hook approvals, bypasses, struggle.

Bypass detection: every staged audit that passes records the index tree it approved. On the next
staged audit or push, commits on HEAD that are not on any remote and were created since the last
scan are checked: a non-merge commit made by `git commit` (as HEAD's reflog tells) whose tree
was never approved skipped the hook (`git commit --no-verify`) and is reported once as
`hook.bypassed`. Commits that git's own tools made (rebase, cherry-pick, revert, am) never run
the pre-commit hook, so they are not judged; the pre-push audit still checks their content.

Struggle: each blocked commit attempt records the rules that blocked it; the same rule blocking
three attempts within 30 minutes is a struggle episode, reported once per window.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from aura_cli.services import git

STRUGGLE_THRESHOLD = 3
STRUGGLE_WINDOW_S = 30 * 60
MAX_SCAN = 200

_SCHEMA = """
CREATE TABLE IF NOT EXISTS approved_trees (tree TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS bypassed (commit_sha TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS marks (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blocks (rule_id TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS struggles (rule_id TEXT NOT NULL, at REAL NOT NULL);
"""


class RepoState:
    """Open state of one repository; use as a context manager."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        folder = git.common_dir(repo) / "aura"
        folder.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(folder / "state.db"), timeout=5.0, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.executescript(_SCHEMA)

    def __enter__(self) -> RepoState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    def _mark(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM marks WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_mark(self, key: str, value: str) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT INTO marks (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def start_tracking(self) -> None:
        """Begin bypass detection from the current HEAD (earlier commits are not judged)."""
        if self._mark("scanned_head") is None:
            self._set_mark("scanned_head", git.rev_parse("HEAD", self.repo) or "")

    def approve_tree(self, tree: str) -> None:
        """Remember that the hook audited and passed this index tree."""
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO approved_trees (tree, at) VALUES (?, ?)",
                (tree, time.time()),
            )

    def find_bypasses(self) -> list[str]:
        """Commits made since the last scan whose tree no hook approved; each reported once.

        Returns commit shas (oldest first) and advances the scan mark to HEAD.
        """
        head = git.rev_parse("HEAD", self.repo)
        last = self._mark("scanned_head")
        if head is None or last is None or head == last:
            return []
        args = [
            "rev-list",
            "--no-merges",
            "--reverse",
            f"--max-count={MAX_SCAN}",
            "--format=%H %T",
            head,
            "--not",
            "--remotes",
        ]
        if last and git.rev_parse(last, self.repo):
            args.append(last)
        out = git.try_run(args, self.repo) or b""
        made_by: dict[str, str] | None = None
        found = []
        for line in out.decode(errors="replace").splitlines():
            parts = line.split()
            if len(parts) != 2 or line.startswith("commit "):
                continue
            commit, tree = parts
            if self._approved(tree) or self._already_reported(commit):
                continue
            if made_by is None:
                made_by = git.creation_reasons(self.repo)
            if not made_by.get(commit, "commit").startswith("commit"):
                continue  # rebase, cherry-pick, revert, am: git's tools skip pre-commit
            with self.conn:
                self.conn.execute(
                    "INSERT OR IGNORE INTO bypassed (commit_sha, at) VALUES (?, ?)",
                    (commit, time.time()),
                )
            found.append(commit)
        self._set_mark("scanned_head", head)
        return found

    def _approved(self, tree: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM approved_trees WHERE tree = ?", (tree,)).fetchone()
        return row is not None

    def _already_reported(self, commit: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM bypassed WHERE commit_sha = ?", (commit,)).fetchone()
        return row is not None

    def record_block(self, rule_ids: set[str], now: float | None = None) -> list[str]:
        """Record one blocked attempt; return rules that now reach the struggle threshold."""
        stamp = time.time() if now is None else now
        since = stamp - STRUGGLE_WINDOW_S
        struggling = []
        with self.conn:
            self.conn.executemany(
                "INSERT INTO blocks (rule_id, at) VALUES (?, ?)", [(r, stamp) for r in rule_ids]
            )
            self.conn.execute("DELETE FROM blocks WHERE at < ?", (since - STRUGGLE_WINDOW_S,))
            for rule in sorted(rule_ids):
                (count,) = self.conn.execute(
                    "SELECT COUNT(*) FROM blocks WHERE rule_id = ? AND at >= ?", (rule, since)
                ).fetchone()
                recent = self.conn.execute(
                    "SELECT 1 FROM struggles WHERE rule_id = ? AND at >= ?", (rule, since)
                ).fetchone()
                if count >= STRUGGLE_THRESHOLD and recent is None:
                    self.conn.execute(
                        "INSERT INTO struggles (rule_id, at) VALUES (?, ?)", (rule, stamp)
                    )
                    struggling.append(rule)
        return struggling
