"""Time of ``check_overlaps`` on many rows of one indicator (#14 item 7: it was quadratic, 100k duplicate
rows took 55 s). Prints the time per size and the growth from one size to the next; asserts nothing.

    PYTHONPATH=src python benchmarks/overlaps.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import time

from zzgx_plan.core.models import Observation
from zzgx_plan.core.periods import Period, PeriodKind
from zzgx_plan.load.actuals import check_overlaps


def rows(n: int, duplicate: bool) -> list[Observation]:
    """``n`` rows of one indicator: all the same quarter (every row clashes), or spread over months."""
    out = []
    for i in range(n):
        period = (
            Period(2024, PeriodKind.QUARTER, 3) if duplicate else Period(2023 + i % 3, PeriodKind.MONTH, i % 12 + 1)
        )
        out.append(Observation(indicator="gazelles", period=period, value=1, path="actuals/2024.csv", line=i + 2))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args()
    for duplicate in (True, False):
        previous = None
        for n in args.sizes:
            data = rows(n, duplicate)
            start = time.perf_counter()
            found = check_overlaps(data)
            elapsed = time.perf_counter() - start
            growth = f"  x{elapsed / previous:.1f}" if previous else ""
            label = "duplicates" if duplicate else "months    "
            print(f"{label} {n:>8} rows: {elapsed:7.3f} s, {len(found)} clashes{growth}")
            previous = elapsed


if __name__ == "__main__":
    main()
