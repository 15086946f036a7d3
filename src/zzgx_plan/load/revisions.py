"""Checks on target revisions: in order, and dated within the plan.

A target may be changed by a later document (``revisions`` under a yearly target in
targets.yaml). Status uses the revision in force at the assessed period, so the
revisions must form a clear timeline: listed in order of effective date (and of
document date), no two effective on the same day, every document issued after the
plan itself and no later than its last year, and every revision taking effect
within the plan — at the earliest on the first day of the plan, at the latest on
the last day of the year the target is for (a revision after that changes nothing).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zzgx_plan.core.models import Indicator, PlanMeta, TargetRevision
from zzgx_plan.core.problems import Problem, problem
from zzgx_plan.files.yamlfile import YamlDoc


def check_revisions(indicator: Indicator, doc: YamlDoc, index: int, meta: PlanMeta | None) -> list[Problem]:
    """Problems with the revisions of every yearly target of ``indicator`` (item ``index`` in ``doc``)."""
    problems: list[Problem] = []
    for year, target in sorted(indicator.targets.items()):
        for n, revision in enumerate(target.revisions):
            at = (doc, ("indicators", index, "targets", year, "revisions", n), indicator.id, year, n + 1)
            if n > 0:
                problems += _out_of_order(at, revision, target.revisions[n - 1])
            if meta is not None:
                problems += _outside_plan(at, revision, meta)
    return problems


#: (document, path of the revision in it, indicator id, target year, revision number from 1)
_At = tuple[YamlDoc, tuple[str | int, ...], str, int, int]


def _out_of_order(at: _At, revision: TargetRevision, previous: TargetRevision) -> list[Problem]:
    """A revision takes effect after the one before it, and its document is not older."""
    checks = (
        ("生效日期", "effective", revision.effective, previous.effective, "不晚于"),
        ("印发日期", "document_date", revision.document_date, previous.document_date, "早于"),
    )
    return [
        _problem(at, field, "revision-out-of-order", what=what, date=date, relation=relation, previous=before)
        for what, field, date, before, relation in checks
        if (date <= before if field == "effective" else date < before)
    ]


def _outside_plan(at: _At, revision: TargetRevision, meta: PlanMeta) -> list[Problem]:
    """A revision takes effect within the plan and by the end of its target's year; its document is issued
    after the plan and by the end of the plan's last year."""
    year = at[3]
    windows = (
        ("生效日期", "effective", revision.effective, dt.date(meta.start_year, 1, 1), dt.date(year, 12, 31)),
        ("印发日期", "document_date", revision.document_date, meta.issued_on, dt.date(meta.end_year, 12, 31)),
    )
    return [
        _problem(at, field, "revision-outside-plan", what=what, date=date, start=start, end=end)
        for what, field, date, start, end in windows
        if not start <= date <= end
    ]


def _problem(at: _At, field: str, code: str, **fields: Any) -> Problem:
    doc, path, indicator, year, n = at
    return problem(doc.path, doc.line(*path, field), code, indicator=indicator, year=year, n=n, **fields)
