"""Synthetic enterprise registers for benchmarks, tests and the shipped example.

Every row is invented (企业名称 "示例企业…", source "示例数据（合成）"), but the codes are valid
USCCs and the rows obey the register rules (no firm twice in a list at once), so a generated
file loads without errors. Nothing here is imported by the commands themselves.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zzgx_plan.registers.uscc import _VALUE, ALPHABET, _check_values

PARKS = ("石佛园区运营中心", "枫杨园区运营中心", "双桥园区运营中心", "梧桐园区运营中心")
HEADER = "统一社会信用代码,企业名称,名录,园区,入库日期,出库日期,来源文件"
SYNTHETIC_SOURCE = "示例数据（合成）"

#: list id → share of rows in a benchmark-sized register
LIST_SHARES = {
    "tech_smes": 0.35,
    "high_tech_enterprises": 0.30,
    "high_tech_reserve": 0.20,
    "specialized_smes": 0.08,
    "gazelles": 0.06,
    "unicorns": 0.01,
}

_EPOCH = np.datetime64("1970-01-01", "D")


def day_strings(days: np.ndarray) -> np.ndarray:
    """ISO dates (``YYYY-MM-DD``) for day numbers since 1970-01-01."""
    return (days.astype("timedelta64[D]") + _EPOCH).astype(str)


def benchmark_table(n: int, seed: int = 2024) -> pa.Table:
    """``n`` synthetic rows spread over the lists and parks, as an Arrow table with the CSV header's columns.

    About 0.6·n distinct firms; a firm appears at most once per list. Entry dates fall in
    2016–2024; one row in ten has an explicit 出库日期 after its entry.
    """
    rng = np.random.default_rng(seed)
    n_firms = max(1, int(n * 0.6))
    codes = make_codes(rng, n_firms)
    lists = np.array(list(LIST_SHARES))
    counts = rng.multinomial(n, list(LIST_SHARES.values()))
    firm_col = np.concatenate([rng.choice(n_firms, size=min(c, n_firms), replace=False) for c in counts])
    list_col = np.repeat(lists, [min(c, n_firms) for c in counts])
    m = len(firm_col)
    start = int((np.datetime64("2016-01-01") - _EPOCH).astype(int))
    stop = int((np.datetime64("2024-12-31") - _EPOCH).astype(int))
    entered = rng.integers(start, stop, size=m)
    left = entered + rng.integers(30, 1500, size=m)
    has_left = rng.random(m) < 0.1
    park_col = np.array(PARKS)[rng.integers(0, len(PARKS), size=m)]
    order = rng.permutation(m)
    firm_col = firm_col[order]
    names = pc.binary_join_element_wise(
        "示例企业", pc.utf8_lpad(pa.array(firm_col).cast(pa.string()), 7, "0"), "有限公司", ""
    )
    columns = {
        "统一社会信用代码": pa.array(codes[firm_col].astype(str)),
        "企业名称": names,
        "名录": pa.array(list_col[order]),
        "园区": pa.array(park_col[order]),
        "入库日期": pa.array(day_strings(entered[order])),
        "出库日期": pa.array(np.where(has_left, day_strings(left), "")[order]),
        "来源文件": pa.array(np.full(m, SYNTHETIC_SOURCE)),
    }
    return pa.table(columns)


def write_benchmark_register(path: Path, n: int, seed: int = 2024) -> None:
    """Write a UTF-8 register CSV of ``n`` synthetic rows to ``path`` (unquoted, as Excel saves it)."""
    import pyarrow.csv as pacsv

    path.parent.mkdir(parents=True, exist_ok=True)
    options = pacsv.WriteOptions(quoting_style="none", include_header=False)
    with path.open("wb") as fh:
        fh.write((HEADER + "\n").encode("utf-8"))
        pacsv.write_csv(benchmark_table(n, seed), fh, write_options=options)


def make_codes(rng: np.random.Generator, n: int, region: str = "410100", prefix: str = "91") -> np.ndarray:
    """``n`` random, distinct, valid codes (an object array of str) for synthetic registers.

    The 9-character 主体标识码 is random over the alphabet; the check character is computed.
    """
    head = (prefix + region).encode("ascii")
    if len(head) != 8:
        raise ValueError("prefix + region must be 8 characters")
    alphabet = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
    body = rng.integers(0, 31, size=(n, 9))
    mat = np.empty((n, 18), dtype=np.uint8)
    mat[:, :8] = np.frombuffer(head, dtype=np.uint8)
    mat[:, 8:17] = alphabet[body]
    check = _check_values(_VALUE[mat])
    mat[:, 17] = alphabet[check]
    codes = mat.view("S18").ravel().astype(str).astype(object)
    uniq, first = np.unique(codes, return_index=True)
    if len(uniq) < n:  # astronomically rare at these sizes; draw again to keep the promise
        extra = make_codes(rng, n - len(uniq) + 16, region, prefix)
        codes = np.concatenate([codes[np.sort(first)], extra])
        codes = codes[np.sort(np.unique(codes, return_index=True)[1])][:n]
    return codes
