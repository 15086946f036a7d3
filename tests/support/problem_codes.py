"""The reference page of problem codes, ``docs/problem-codes.md``, generated from the catalogue.

The page's cog block calls :func:`reference`; ``python scripts/docs.py`` regenerates it and
``tests/test_docs.py`` (and ``tests/test_problem_codes.py``) fail when it no longer matches
:data:`zzgx_plan.core.problems.CATALOGUE`.
"""

from __future__ import annotations

import re

from zzgx_plan.core.problems import CATALOGUE, ProblemCode, Severity

#: How each severity is named on the page.
SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告"}
#: What a severity means for the command that finds it.
SEVERITY_TEXT = {
    Severity.ERROR: "命令不执行，不写入任何文件",
    Severity.WARNING: "只提示，命令照常执行",
}


def _example(entry: ProblemCode) -> str:
    """The template as a user would read it: each field shown as ⟨字段⟩."""
    return re.sub(r"\{(\w+)(?:![rsa])?\}", r"⟨\1⟩", entry.template)


def reference_text() -> str:
    """The generated part of the page: an index table, then one section per code."""
    out = ["| 代码 | 级别 | 含义 |", "|---|---|---|"]
    for entry in CATALOGUE.values():
        out.append(f"| [`{entry.code}`](#{entry.code}) | {SEVERITY_LABELS[entry.severity]} | {entry.title} |")
    out.append("")
    for entry in CATALOGUE.values():
        out += [
            f'<a id="{entry.code}"></a>',
            "",
            f"### {entry.code}：{entry.title}",
            "",
            f"级别：{SEVERITY_LABELS[entry.severity]}（{SEVERITY_TEXT[entry.severity]}）。",
            "",
            "提示的写法：",
            "",
            "```text",
            _example(entry),
            "```",
            "",
            entry.description,
            "",
        ]
    return "\n".join(out)


def reference() -> None:
    """Write :func:`reference_text` into the cog block of ``docs/problem-codes.md``."""
    import cog  # type: ignore[import-not-found]  # exists only while cog runs a block

    cog.out(reference_text())
