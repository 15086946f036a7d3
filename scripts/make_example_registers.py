"""Generate the shipped example registers (data/registers/example_*.csv) — synthetic data.

Every firm is invented (企业名称 示例企业…, 来源文件 示例数据（合成）); the codes are random but
valid 统一社会信用代码. The rows are built so that counting them gives exactly the example
figures in data/actuals/ for every list indicator and period, so that `plan status` (reported
figures) and `plan status --by park` / `plan validate` (register counts) tell the same story:

* stock lists: starting from the 2022 year-end level, at each reported period end the
  simulation lets 高企 certificates lapse three years after issue (about 70% re-certify around
  expiry), adds new entries (for 高企 mostly firms from the 后备库, which then leave it) or
  records departures (出库日期) until the count equals the reported figure;
* the flow list new_specialized_in_parks gets as many entries per period as reported.

    python scripts/make_example_registers.py [--data data] [--seed 146]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.support: the synthetic generator

from tests.support.synthetic_registers import HEADER, PARKS, SYNTHETIC_SOURCE, make_codes  # noqa: E402

from zzgx_plan.core.models import Basis, IndicatorKind, PlanData
from zzgx_plan.core.periods import Period
from zzgx_plan.files.atomic import atomic_write_text
from zzgx_plan.load import load_plan
from zzgx_plan.registers.count import last_day
from zzgx_plan.registers.model import from_day_number

PARK_WEIGHTS = (0.34, 0.28, 0.22, 0.16)  # invented shares for 石佛 / 枫杨 / 双桥 / 梧桐
DAY = dt.timedelta(days=1)


@dataclass
class Row:
    firm: int
    list_id: str
    park: str
    entered: dt.date
    left: dt.date | None = None
    expires: dt.date | None = None  # implied end (validity), None = open

    def end(self) -> dt.date | None:
        return self.left or self.expires

    def on(self, day: dt.date) -> bool:
        end = self.end()
        return self.entered <= day and (end is None or day < end)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class Generator:
    def __init__(self, data: PlanData, seed: int) -> None:
        self.data = data
        self.rng = random.Random(seed)
        self.codes = make_codes(np.random.default_rng(seed), 20000)
        self.next_firm = 0
        self.rows: list[Row] = []
        self.by_list: dict[str, list[Row]] = {}
        self.by_firm: dict[tuple[int, str], list[Row]] = {}
        self.park_of: dict[int, str] = {}

    def new_firm(self) -> int:
        firm = self.next_firm
        self.next_firm += 1
        self.park_of[firm] = self.rng.choices(PARKS, PARK_WEIGHTS)[0]
        return firm

    def day_in(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def active(self, list_id: str, day: dt.date) -> list[Row]:
        return [r for r in self.by_list.get(list_id, []) if r.on(day)]

    def add(self, firm: int, list_id: str, entered: dt.date, valid: int | None) -> Row:
        row = Row(firm, list_id, self.park_of[firm], entered, None, add_years(entered, valid) if valid else None)
        # a re-certification before the old certificate lapses replaces it (as the loader does)
        for old in self.by_firm.get((firm, list_id), []):
            if old.on(entered) and old.left is None:
                old.expires = entered
        self.rows.append(row)
        self.by_list.setdefault(list_id, []).append(row)
        self.by_firm.setdefault((firm, list_id), []).append(row)
        return row

    def reserve_candidates(self, before: dt.date) -> list[Row]:
        """Reserve firms that entered at least half a year before ``before`` and are still there."""
        limit = before - dt.timedelta(days=182)
        return [r for r in self.active("high_tech_reserve", before) if r.entered <= limit and r.left is None]

    def settle_stock(self, list_id: str, valid: int | None, start: dt.date, end: dt.date, target: int) -> None:
        """Make the count on ``list_id`` at ``end`` equal ``target`` with events in (start, end]."""
        if valid:  # certificates lapsing in the window: most firms re-certify around then
            for row in list(self.active(list_id, start)):
                exp = row.end()
                if row.left is None and exp is not None and start < exp <= end and self.rng.random() < 0.7:
                    day = min(end, max(start + DAY, exp + dt.timedelta(days=self.rng.randint(-40, 30))))
                    self.add(row.firm, list_id, day, valid)
        need = target - len(self.active(list_id, end))
        if need > 0:
            for _ in range(need):
                day = self.day_in(start + DAY, end)
                firm = None
                if list_id == "high_tech_enterprises" and self.rng.random() < 0.6:
                    pool = [r for r in self.reserve_candidates(day) if not self.on_list(r.firm, list_id, day)]
                    if pool:
                        reserve = self.rng.choice(pool)
                        reserve.left = day  # certified: leaves the reserve the same day
                        firm = reserve.firm
                if firm is None:
                    firm = self.new_firm()
                self.add(firm, list_id, day, valid)
        elif need < 0:
            leaving = self.rng.sample([r for r in self.active(list_id, end) if r.left is None], -need)
            for row in leaving:
                lo = max(start + DAY, row.entered + DAY)
                hi = end if row.expires is None else min(end, row.expires - DAY)
                row.left = self.day_in(lo, hi)

    def on_list(self, firm: int, list_id: str, day: dt.date) -> bool:
        return any(r.on(day) for r in self.by_firm.get((firm, list_id), []))

    def baseline(self, list_id: str, valid: int | None, day: dt.date, level: int) -> None:
        """``level`` firms on the list at ``day``, entered over the years before it."""
        years = valid or (2 if list_id == "high_tech_reserve" else 6)
        earliest = add_years(day, -years) + DAY
        for _ in range(level):
            self.add(self.new_firm(), list_id, self.day_in(earliest, day), valid)

    def run(self) -> None:
        plan = self.data.plan
        stock = [
            ind for ind in plan.indicators if ind.unit == "家" and ind.kind is IndicatorKind.STOCK
            and self.data.observations_for(ind.id)
        ]  # fmt: skip
        # 高企 before the reserve at each period end: new 高企 leave the reserve, which is then topped up
        order = {"high_tech_enterprises": 0, "high_tech_reserve": 1}
        stock.sort(key=lambda ind: order.get(ind.id, 2))
        checkpoints: dict[str, list[tuple[dt.date, int]]] = {}
        for ind in stock:
            points = sorted((o.period, round(o.value)) for o in self.data.observations_for(ind.id))
            checkpoints[ind.id] = [(from_day_number(last_day(p)), v) for p, v in points]
            first_day_, level = checkpoints[ind.id][0]
            self.baseline(ind.id, ind.valid_years, first_day_, level)
        # then walk the reported period ends in date order
        events = sorted(
            (day, order.get(list_id, 2), list_id, i)
            for list_id, points in checkpoints.items()
            for i, (day, _v) in enumerate(points)
            if i > 0
        )
        valid = {ind.id: ind.valid_years for ind in stock}
        for day, _o, list_id, i in events:
            start = checkpoints[list_id][i - 1][0]
            self.settle_stock(list_id, valid[list_id], start, day, checkpoints[list_id][i][1])
        self.flows()

    def flows(self) -> None:
        for ind in self.data.plan.indicators:
            if ind.unit != "家" or ind.kind is not IndicatorKind.FLOW or ind.id == "new_market_entities":
                continue
            obs = sorted(self.data.observations_for(ind.id), key=lambda o: o.period)
            filled: dt.date | None = None  # the last day already counted for an earlier figure
            for o in obs:
                start = dt.date(o.period.year, 1, 1) if o.basis is Basis.YTD else first(o.period)
                end = from_day_number(last_day(o.period))
                done = sum(1 for r in self.rows if r.list_id == ind.id and start <= r.entered <= end)
                # a later year-to-date figure adds its new entries after the earlier figure's period,
                # so that the earlier figure still counts exactly
                lo = max(start, filled + DAY) if filled is not None and filled >= start else start
                for _ in range(round(o.value) - done):
                    self.add(self.new_firm(), ind.id, self.day_in(lo, end), None)
                filled = end

    def write(self, out_dir: Path) -> list[Path]:
        written = []
        names = {f: f"示例企业{f + 1:05d}有限公司" for f in self.park_of}
        for list_id in sorted({r.list_id for r in self.rows}):
            rows = sorted((r for r in self.rows if r.list_id == list_id), key=lambda r: (r.entered, r.firm))
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(HEADER.split(","))
            for r in rows:
                writer.writerow(
                    [
                        self.codes[r.firm],
                        names[r.firm],
                        list_id,
                        r.park,
                        r.entered.isoformat(),
                        r.left.isoformat() if r.left else "",
                        SYNTHETIC_SOURCE,
                    ]
                )
            path = out_dir / f"example_{list_id}.csv"
            atomic_write_text(path, buf.getvalue())
            written.append(path)
        return written


def first(period: Period) -> dt.date:
    return dt.date(period.year, period.first_month, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--seed", type=int, default=146)
    args = parser.parse_args()
    data = load_plan(args.data)
    gen = Generator(data, args.seed)
    gen.run()
    for path in gen.write(args.data / "registers"):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
