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

from zzgx_plan.core.models import Indicator, PlanMeta
from zzgx_plan.core.problems import Problem, problem
from zzgx_plan.files.yamlfile import YamlDoc


def check_revisions(indicator: Indicator, doc: YamlDoc, index: int, meta: PlanMeta | None) -> list[Problem]:
    """Problems with the revisions of every yearly target of ``indicator`` (item ``index`` in ``doc``)."""
    problems: list[Problem] = []
    for year, target in sorted(indicator.targets.items()):
        previous = None
        for n, revision in enumerate(target.revisions):
            at = ("indicators", index, "targets", year, "revisions", n)
            if previous is not None:
                for what, field, date, before in (
                    ("生效日期", "effective", revision.effective, previous.effective),
                    ("印发日期", "document_date", revision.document_date, previous.document_date),
                ):
                    late = date <= before if field == "effective" else date < before
                    if late:
                        problems.append(
                            problem(
                                doc.path,
                                doc.line(*at, field),
                                "revision-out-of-order",
                                indicator=indicator.id,
                                year=year,
                                n=n + 1,
                                what=what,
                                date=date,
                                relation="不晚于" if field == "effective" else "早于",
                                previous=before,
                            )
                        )
            previous = revision
            if meta is None:
                continue
            windows = (
                (
                    "生效日期",
                    "effective",
                    revision.effective,
                    dt.date(meta.start_year, 1, 1),
                    dt.date(year, 12, 31),
                ),
                (
                    "印发日期",
                    "document_date",
                    revision.document_date,
                    meta.issued_on,
                    dt.date(meta.end_year, 12, 31),
                ),
            )
            for what, field, date, start, end in windows:
                if not start <= date <= end:
                    problems.append(
                        problem(
                            doc.path,
                            doc.line(*at, field),
                            "revision-outside-plan",
                            indicator=indicator.id,
                            year=year,
                            n=n + 1,
                            what=what,
                            date=date,
                            start=start,
                            end=end,
                        )
                    )
    return problems
