"""The review tooling shipped for data repositories: the pre-commit hook and the CI example."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_pre_commit_hook_runs_plan_validate_on_the_whole_data() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["plan-validate"]
    hook = hooks[0]
    assert hook["entry"] == "plan validate"
    assert hook["language"] == "python"  # pre-commit installs this repository (console script `plan`)
    assert hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    assert all(pattern.search(p) for p in ("data/targets.yaml", "data/measures.yml", "data/actuals/2024.csv"))
    assert not pattern.search("README.md")


def test_ci_example_validates_and_comments_the_markdown_diff() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "plan-review.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["review"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any(r.strip() == "plan validate" for r in runs)
    diff_step = next(r for r in runs if "plan diff" in r)
    assert "--format markdown" in diff_step
    assert "base.sha" in diff_step
    assert any("gh pr comment" in r and "plan-diff.md" in r for r in runs)
    # the full history is fetched, or the base revision could not be read
    assert steps[0]["with"]["fetch-depth"] == 0
    assert workflow["permissions"]["pull-requests"] == "write"
