"""Helpers for the register tests: valid codes and small register files."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.support.synthetic_registers import HEADER, make_codes

#: valid codes (GB 32100-2015 examples from shared/source/public-figures.md)
A, B, C, D = "91110000600037341L", "91430111MA4L41YT1U", "91350200776049653A", "91440101MA5CJQ4N59"
BAD_CHECK = "91350203M0001QAY9B"  # circulates as real, fails the check (should end in 9)

SHIFO, FENGYANG, SHUANGQIAO, WUTONG = "石佛园区运营中心", "枫杨园区运营中心", "双桥园区运营中心", "梧桐园区运营中心"


def codes(n: int, seed: int = 7) -> list[str]:
    return [str(c) for c in make_codes(np.random.default_rng(seed), n)]


def row(uscc: str, name: str, lst: str, park: str, entered: str, left: str = "", source: str = "测试") -> str:
    return ",".join([uscc, name, lst, park, entered, left, source])


def write_register(directory: Path, name: str, rows: list[str], header: str = HEADER, encoding: str = "utf-8") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes((header + "\n" + "\n".join(rows) + "\n").encode(encoding))
    return path
