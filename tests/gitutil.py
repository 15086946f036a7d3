"""Throwaway git repositories for tests: init, write files, commit with fixed dates and authors."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class Repo:
    """A git repository in a temporary folder, committed to with deterministic metadata."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._tick = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Tester")
        self.git("config", "user.email", "tester@example.org")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        full_env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", **(env or {}))
        proc = subprocess.run(["git", *args], cwd=self.root, env=full_env, capture_output=True, text=True, check=True)
        return proc.stdout

    def write(self, path: str, text: str) -> Path:
        file = self.root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        return file

    def commit(self, message: str, author: str = "Tester", date: str | None = None) -> str:
        """Stage everything and commit; dates default to 2024-01-01 plus one day per commit."""
        self._tick += 1
        when = date or f"2024-01-{self._tick:02d}T10:00:00+08:00"
        env = {
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": f"{author.lower()}@example.org",
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
        }
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.git("rev-parse", "HEAD").strip()
