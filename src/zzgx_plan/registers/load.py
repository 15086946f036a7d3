"""Loading ``data/registers/*.csv`` into a :class:`~zzgx_plan.registers.model.Register`.

Every check runs on whole columns at once so that a million rows load in well under a
second, and every problem is still a :class:`~zzgx_plan.core.problems.Problem` located at the
row's ``file:line``:

* 统一社会信用代码 (via :mod:`zzgx_plan.registers.uscc`, i.e. python-stdnum's rule): a wrong
  check character is a warning (the row still counts), a malformed code an error;
* required cells present, dates valid (``2024-03-05``, ``2024/3/5``, ``2024年3月5日``),
  出库日期 not before 入库日期, 名录 a known list and 园区 a known park;
* the same firm twice in one list with overlapping dates is an error, except that a
  re-certification before an *implied* expiry (no 出库日期 given) replaces the old listing;
* one firm (code) under two different names is a warning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zzgx_plan.core.problems import CODES, Problem, Severity, did_you_mean, errors, ref, sort_problems
from zzgx_plan.files.reading import list_files
from zzgx_plan.registers.columns import (
    contiguous,
    empty_strings,
    encode,
    encode_few,
    fixed_width,
    from_numpy,
    lengths,
    to_numpy,
)
from zzgx_plan.registers.model import (
    COLUMNS,
    LABELS,
    NO_DATE,
    OPEN_END,
    REQUIRED,
    Register,
    RegisterRules,
    empty_register,
    from_day_number,
)
from zzgx_plan.registers.read import RawFile, read_register_file
from zzgx_plan.registers.uscc import Verdict, classify, compact, explain

_DATE = (
    r"^\s*(?P<y>\d{4})(?:[-/.]|年)(?P<m>\d{1,2})(?:[-/.]|月)(?P<d>\d{1,2})日?"
    r"(?:[ T]0{1,2}:00(?::00)?)?\s*$"
)


@dataclass
class RegisterLoad:
    """The loaded register (valid rows only) and every problem; ``from_cache`` for diagnostics."""

    register: Register
    problems: list[Problem] = field(default_factory=list)
    from_cache: bool = False

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)


def register_files(directory: Path) -> list[Path]:
    """The register files under ``directory``, in a stable order (FIFOs and links too: the reader refuses them)."""
    return list_files(directory, (".csv",))[0]


def load_registers(
    directory: Path, rules: RegisterRules, cache_dir: Path | None = None, base: Path | None = None
) -> RegisterLoad:
    """Read and check every register file under ``directory``.

    With ``cache_dir`` the checked columns are kept in a cache file and reused while no
    source file has changed (see :mod:`zzgx_plan.registers.cache`). With ``base`` (the data
    directory) files and problems are named relative to it (``registers/a.csv``).
    """
    files, unlisted = list_files(directory, (".csv",))
    root = directory.parent  # the data directory: a register file may not lead outside it
    if cache_dir is not None:
        from zzgx_plan.registers import cache

        loaded = cache.load_cached(files, rules, cache_dir, lambda: build_register(files, rules, base, root))
    else:
        loaded = build_register(files, rules, base, root)
    if unlisted:  # a folder that cannot be read: an error, never an empty register (not cached)
        if base is not None:
            unlisted = [dataclasses.replace(p.under(base), root="") for p in unlisted]
        loaded = dataclasses.replace(loaded, problems=sort_problems([*loaded.problems, *unlisted]))
    return loaded


def build_register(
    files: Sequence[Path], rules: RegisterRules, base: Path | None = None, root: Path | None = None
) -> RegisterLoad:
    """Read ``files`` and check them together (no cache); named relative to ``base`` when given;
    ``root``: the directory they must stay inside (symbolic links leading out of it are refused)."""
    result = _build(files, rules, root)
    if base is None:
        return result
    named = tuple(Path(f).relative_to(base).as_posix() for f in result.register.files)
    problems = [dataclasses.replace(p.under(base), root="") for p in result.problems]
    return RegisterLoad(dataclasses.replace(result.register, files=named), problems)


def _build(files: Sequence[Path], rules: RegisterRules, root: Path | None = None) -> RegisterLoad:
    raws = [read_register_file(path, root) for path in files]
    problems: list[Problem] = [p for raw in raws for p in raw.problems]
    shown = tuple(str(path) for path in files)
    usable = [(i, raw) for i, raw in enumerate(raws) if raw.rows and not _header_broken(raw)]
    if not usable:
        return RegisterLoad(empty_register(shown), sort_problems(problems))
    checker = _Checker(usable, shown, rules)
    register = checker.run()
    return RegisterLoad(register, sort_problems(problems + checker.problems))  # by file and line, as validate


def _header_broken(raw: RawFile) -> bool:
    return any(p.line == 1 and p.code.startswith("csv-") for p in raw.problems)


def add_years(days: np.ndarray, years: int) -> np.ndarray:
    """Day numbers ``years`` calendar years later (29 February → 28 February)."""
    d = days.astype("datetime64[D]")
    year = d.astype("datetime64[Y]")
    month = d.astype("datetime64[M]")
    month_of_year = month - year.astype("datetime64[M]")
    day_of_month = d - month.astype("datetime64[D]")
    new_month = (year + years).astype("datetime64[M]") + month_of_year
    first = new_month.astype("datetime64[D]")
    month_len = (new_month + 1).astype("datetime64[D]") - first
    out = first + np.minimum(day_of_month, month_len - np.timedelta64(1, "D"))
    return out.astype(np.int64).astype(np.int32)


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _days(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(day numbers since 1970-01-01, ok) for year/month/day integers; 2 月 30 日 is not ok.

    Integer arithmetic only (H. Hinnant's days_from_civil), so a million dates take milliseconds.
    """
    y = y.astype(np.int64)
    m = m.astype(np.int64)
    d = d.astype(np.int64)
    month_ok = (m >= 1) & (m <= 12) & (y >= 1900) & (y <= 2999)
    m = np.where(month_ok, m, 1)
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    length = _MONTH_DAYS[m] + ((m == 2) & leap)
    ok = month_ok & (d >= 1) & (d <= length)
    yy = y - (m <= 2)
    era = yy // 400
    yoe = yy - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    return np.where(ok, days, NO_DATE).astype(np.int32), ok


def parse_dates(texts: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """(day numbers, ok mask) for date texts; empty cells are not ok and get :data:`NO_DATE`.

    ``YYYY-MM-DD`` cells are parsed from the bytes with numpy; the rest (``2024/3/5``,
    ``2024年3月5日``, stray spaces) with a regular expression on those rows only.
    """
    n = len(texts)
    filled = np.flatnonzero(lengths(texts) > 0)
    strict = _strict_iso(texts, filled, n)
    if strict is not None:
        return strict
    days = np.full(n, NO_DATE, dtype=np.int32)
    ok = np.zeros(n, dtype=bool)
    rows, mat = fixed_width(texts, 10)
    if rows.size:
        digit = mat[:, [0, 1, 2, 3, 5, 6, 8, 9]] - np.uint8(48)  # wraps below '0': non-digits become > 9
        shape_ok = (mat[:, 4] == ord("-")) & (mat[:, 7] == ord("-")) & (digit.max(axis=1) <= 9)
        col = [digit[:, i].astype(np.int32) for i in range(8)]
        y = col[0] * 1000 + col[1] * 100 + col[2] * 10 + col[3]
        found, good = _days(y, col[4] * 10 + col[5], col[6] * 10 + col[7])
        good &= shape_ok
        days[rows[good]] = found[good]
        ok[rows[good]] = True
    rest = filled[~ok[filled]]
    if rest.size:
        parts = pc.extract_regex(contiguous(texts).take(from_numpy(rest)), _DATE)
        matched = to_numpy(parts.is_valid()).astype(bool)
        y, m, d = (to_numpy(pc.cast(pc.fill_null(pc.struct_field(parts, k), "0"), pa.int64())) for k in ("y", "m", "d"))
        found, good = _days(y, m, d)
        good &= matched
        days[rest[good]] = found[good]
        ok[rest[good]] = True
    return days, ok


def _strict_iso(texts: pa.Array | pa.ChunkedArray, filled: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The common case in one C++ pass: every filled cell a valid ``YYYY-MM-DD`` (Arrow's cast to
    date32 is strict: 2023-02-29 fails). None when any cell is otherwise, for the slower path."""
    values = texts if filled.size == n else contiguous(texts).take(from_numpy(filled))
    try:
        cast = pc.cast(values, pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    parsed = to_numpy(cast.view(pa.int32()) if isinstance(cast, pa.Array) else cast.cast(pa.int32()))
    if filled.size == n:
        return parsed.astype(np.int32, copy=False), np.ones(n, dtype=bool)
    days = np.full(n, NO_DATE, dtype=np.int32)
    ok = np.zeros(n, dtype=bool)
    days[filled] = parsed
    ok[filled] = True
    return days, ok


class _Checker:
    """Checks the concatenated rows of all files; collects problems; builds the register."""

    def __init__(self, usable: list[tuple[int, RawFile]], shown: tuple[str, ...], rules: RegisterRules):
        self.rules = rules
        self.shown = shown
        self.problems: list[Problem] = []
        n_rows = [raw.rows for _, raw in usable]
        self.file_index = np.repeat(np.array([i for i, _ in usable], dtype=np.int16), n_rows)
        self.line = np.concatenate([raw.lines for _, raw in usable]).astype(np.int32)
        self.cols: dict[str, pa.ChunkedArray] = {}
        for key in COLUMNS:
            chunks: list[pa.Array] = []
            for _, raw in usable:
                col = raw.columns.get(key)
                if col is None:
                    chunks.append(empty_strings(raw.rows))
                elif isinstance(col, pa.ChunkedArray):
                    chunks.extend(col.chunks)
                else:
                    chunks.append(col)
            self.cols[key] = pa.chunked_array(chunks, pa.string())
        self.cols["uscc"] = contiguous(self.cols["uscc"])  # 18 bytes a row: cheap to join, used often
        self.n = len(self.line)
        self.bad = np.zeros(self.n, dtype=bool)
        self.blank = np.zeros(self.n, dtype=bool)

    # ------------------------------------------------------------------ helpers

    def _add(self, row: int, kind: str, severity: Severity = Severity.ERROR, **fields: Any) -> None:
        self.problems.append(
            Problem(
                file=self.shown[int(self.file_index[row])],
                line=int(self.line[row]),
                code=kind,
                text=CODES[kind].format(**fields),
                severity=severity,
            )
        )

    def where(self, row: int) -> str:
        return ref(self.shown[int(self.file_index[row])], int(self.line[row]))

    def _empty(self, key: str) -> np.ndarray:
        """Cells that are empty, or (for 企业名称) only whitespace; other columns find those later."""
        col = self.cols[key]
        empty = lengths(col) == 0
        if key == "name":
            spaces = pc.fill_null(pc.utf8_is_space(col), False)
            empty |= to_numpy(spaces).astype(bool)
        return empty

    # ------------------------------------------------------------------ the checks

    def run(self) -> Register:
        empties = {key: self._empty(key) for key in COLUMNS}
        blank = np.logical_and.reduce(list(empties.values()))
        self.blank = blank
        for key in REQUIRED:
            for row in np.flatnonzero(empties[key] & ~blank):
                self._add(int(row), "missing-value", field=LABELS[key])
                self.bad[row] = True
        self.bad |= blank
        uscc = self._check_codes(empties["uscc"])
        entered, entered_ok = parse_dates(self.cols["entered_on"])
        left, left_ok = parse_dates(self.cols["left_on"])
        self._date_problems("entered_on", entered_ok | empties["entered_on"])
        self._date_problems("left_on", left_ok | empties["left_on"])
        for row in np.flatnonzero(left_ok & entered_ok & (left < entered) & ~blank):
            self._add(
                int(row),
                "register-left-before-entered",
                left=from_day_number(left[row]).isoformat(),
                entered=from_day_number(entered[row]).isoformat(),
            )
            self.bad[row] = True
        list_index, lists = self._resolve("list", self.rules.lists, "register-unknown-list")
        park_index, parks = self._resolve("park", self.rules.parks, "register-unknown-park")

        keep = np.flatnonzero(~self.bad)
        name, source = self.cols["name"], self.cols["source"]
        if keep.size < self.n:
            take = from_numpy(keep)
            uscc, name, source = uscc.take(take), name.take(take), source.take(take)
        file_index, line = self.file_index[keep], self.line[keep]
        list_index, park_index = list_index[keep], park_index[keep]
        entered, left = entered[keep], left[keep]
        firm, _codes = encode(uscc)

        order = np.argsort(firm, kind="stable")
        self._two_names(firm, name, uscc, keep, order)
        end = np.where(left != NO_DATE, left, OPEN_END).astype(np.int32)
        for list_id, years in self.rules.valid_years.items():
            if list_id in lists:
                rows = (list_index == lists.index(list_id)) & (left == NO_DATE)
                end[rows] = add_years(entered[rows], years)
        clash = self._overlaps(firm, list_index, entered, left, end, uscc, lists, keep)
        if clash.any():
            ok = np.flatnonzero(~clash)
            take = from_numpy(ok)
            uscc, name, source = uscc.take(take), name.take(take), source.take(take)
            firm, list_index, park_index = firm[ok], list_index[ok], park_index[ok]
            entered, left, end, file_index, line = entered[ok], left[ok], end[ok], file_index[ok], line[ok]
        return Register(
            uscc=uscc,
            name=name,
            source=source,
            firm=firm,
            list_index=list_index.astype(np.int16),
            park_index=park_index.astype(np.int16),
            entered=entered.astype(np.int32),
            left=left,
            end=end,
            file_index=file_index,
            line=line,
            lists=lists,
            parks=parks,
            files=self.shown,
        )

    def _check_codes(self, empty: np.ndarray) -> pa.Array:
        """Codes in compact form; flag malformed ones (error) and wrong check characters (warning)."""
        codes = self.cols["uscc"]
        verdict = classify(codes)
        flagged = np.flatnonzero((verdict != Verdict.VALID) & ~empty & ~self.blank)
        fixes: dict[int, str] = {}
        for row in flagged:
            raw = codes[int(row)].as_py()
            code = compact(raw)
            if not code:
                self._add(int(row), "missing-value", field=LABELS["uscc"])
                self.bad[row] = True
                continue
            found, reason = explain(code)
            if code != raw and found is not Verdict.MALFORMED:
                fixes[int(row)] = code  # lower case, spaces or hyphens: keep the compact form
            if found is Verdict.BAD_CHECK:
                self._add(int(row), "uscc-check", Severity.WARNING, code=code, reason=reason)
            elif found is Verdict.MALFORMED:
                self._add(int(row), "uscc-malformed", code=raw.strip(), reason=reason)
                self.bad[row] = True
        if fixes:
            mask = np.zeros(self.n, dtype=bool)
            mask[list(fixes)] = True
            codes = pc.replace_with_mask(codes, pa.array(mask), pa.array([fixes[r] for r in sorted(fixes)]))
        return codes

    def _date_problems(self, key: str, fine: np.ndarray) -> None:
        for row in np.flatnonzero(~fine & ~self.blank):
            text = self.cols[key][int(row)].as_py().strip()
            if text:
                self._add(int(row), "bad-date", text=text)
            elif key in REQUIRED:
                self._add(int(row), "missing-value", field=LABELS[key])
            else:
                continue  # an 出库日期 of spaces is no date
            self.bad[row] = True

    def _resolve(self, key: str, known: Any, code: str) -> tuple[np.ndarray, tuple[str, ...]]:
        """Index of each row's canonical value (lists or parks); unknown values are errors."""
        indices, distinct = encode_few(self.cols[key])
        values = [v.strip() for v in distinct]
        canonical = [(v or None) if known is None else known.get(v) for v in values]
        present = {c for c in canonical if c}
        # the plan's order (lists as indicators, parks as in the registry), else alphabetical;
        # every known park is kept, so that breakdowns always show all four
        order = list(dict.fromkeys(known.values())) if known is not None else sorted(present)
        names = tuple(c for c in order if c in present or (key == "park" and known is not None))
        lookup = np.array([names.index(c) if c else -1 for c in canonical] or [-1], dtype=np.int64)
        index = lookup[indices]
        allowed = list(dict.fromkeys(known.values())) if known is not None else []
        for row in np.flatnonzero((index < 0) & ~self.blank):
            value = values[indices[row]]
            if not value:
                if self.cols[key][int(row)].as_py():  # only spaces; empty cells were reported already
                    self._add(int(row), "missing-value", field=LABELS[key])
            else:
                self._add(
                    int(row),
                    code,
                    name=value,
                    hint=did_you_mean(value, list(known or ())),
                    allowed="、".join(allowed),
                )
        self.bad |= index < 0
        return index.astype(np.int16), names

    def _two_names(self, firm: np.ndarray, name: pa.Array, uscc: pa.Array, keep: np.ndarray, order: np.ndarray) -> None:
        """Warn at the first row of each further name a code is given (names compared trimmed)."""
        if len(firm) < 2:
            return
        same_firm = firm[order[1:]] == firm[order[:-1]]
        candidates = np.flatnonzero(same_firm)
        if candidates.size == 0:
            return
        a = name.take(from_numpy(order[candidates]))
        b = name.take(from_numpy(order[candidates + 1]))
        differ = to_numpy(pc.not_equal(a, b)).astype(bool)
        firms = np.unique(firm[order[candidates[differ] + 1]])
        for f in firms:
            rows = np.sort(np.flatnonzero(firm == f))
            seen: dict[str, int] = {}
            for row in rows:
                text = name[int(row)].as_py().strip()
                if text in seen:
                    continue
                if seen:
                    first_name, first_row = next(iter(seen.items()))
                    self._add(
                        int(keep[row]),
                        "register-two-names",
                        Severity.WARNING,
                        uscc=uscc[int(row)].as_py(),
                        name=text,
                        other_name=first_name,
                        other=self.where(int(keep[first_row])),
                    )
                seen[text] = int(row)

    def _overlaps(
        self,
        firm: np.ndarray,
        list_index: np.ndarray,
        entered: np.ndarray,
        left: np.ndarray,
        end: np.ndarray,
        uscc: pa.Array,
        lists: tuple[str, ...],
        keep: np.ndarray,
    ) -> np.ndarray:
        """Supersede implied expiries; flag (and return a mask of) rows that overlap another."""
        clash = np.zeros(len(firm), dtype=bool)
        if len(firm) < 2:
            return clash
        key = (
            (list_index.astype(np.int64) << 50)
            | (firm.astype(np.int64) << 20)
            | (entered.astype(np.int64) - int(entered.min()))
        )
        order = np.argsort(key, kind="stable")
        group = key[order] >> 20
        same = group[1:] == group[:-1]
        prev, cur = order[:-1][same], order[1:][same]
        overlap = end[prev] > entered[cur]
        implied = (left[prev] == NO_DATE) & (end[prev] != OPEN_END)  # an end from the list's validity
        supersede = overlap & implied & (entered[prev] < entered[cur])
        end[prev[supersede]] = entered[cur[supersede]]
        for p, c in zip(prev[overlap & ~supersede], cur[overlap & ~supersede], strict=True):
            self._add(
                int(keep[c]),
                "register-overlap",
                uscc=uscc[int(c)].as_py(),
                list=lists[int(list_index[c])],
                entered=from_day_number(entered[c]).isoformat(),
                other=self.where(int(keep[p])),
                other_entered=from_day_number(entered[p]).isoformat(),
                other_end="至今仍在库" if end[p] == OPEN_END else f"{from_day_number(end[p]).isoformat()} 出库",
            )
            clash[c] = True
        return clash
