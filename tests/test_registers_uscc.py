"""The vectorised USCC check agrees with python-stdnum, and generated codes are valid."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
from stdnum.cn import uscc as stdnum_uscc

from tests.registers_helpers import BAD_CHECK
from tests.support.synthetic_registers import make_codes
from zzgx_plan.registers.uscc import ALPHABET, Verdict, classify, compact, explain


def test_classify_matches_stdnum_on_valid_corrupted_and_malformed_codes() -> None:
    rng = random.Random(3)
    good = [str(c) for c in make_codes(np.random.default_rng(3), 300)]
    corrupted = []
    for code in good[:200]:
        i = rng.randrange(18)
        corrupted.append(code[:i] + rng.choice(ALPHABET + "IOSVZa-") + code[i + 1 :])
    odd = ["", "123", "91110000600037341", "91110000600037341LL", "A1110000600037341L", "９1110000600037341L"]
    sample = good + corrupted + odd
    # the loader classifies compacted codes (stdnum's normal form: upper case, ASCII digits)
    verdicts = classify([compact(code) for code in sample])
    for code, verdict in zip(sample, verdicts, strict=True):
        expected = stdnum_uscc.is_valid(code)
        assert (verdict == Verdict.VALID) == expected, code
        if not expected:
            assert Verdict(verdict) is explain(compact(code))[0], code
    assert classify(["９1110000600037341L"]).tolist() == [Verdict.MALFORMED]  # raw: not ASCII


def test_classify_reads_sliced_and_chunked_arrow_arrays() -> None:
    arr = pa.array(["x", "91110000600037341L", None, BAD_CHECK])
    assert classify(arr[1:]).tolist() == [Verdict.VALID, Verdict.MALFORMED, Verdict.BAD_CHECK]
    chunked = pa.chunked_array([arr[:2], arr[2:]])
    assert classify(chunked).tolist() == [Verdict.MALFORMED, Verdict.VALID, Verdict.MALFORMED, Verdict.BAD_CHECK]


def test_explain_names_the_expected_check_digit() -> None:
    assert explain(BAD_CHECK) == (Verdict.BAD_CHECK, "最后一位校验位应为“9”，不是“B”")
    assert explain("123")[0] is Verdict.MALFORMED
    assert explain("91110000600037341L") == (Verdict.VALID, "")


def test_make_codes_are_distinct_and_valid() -> None:
    made = make_codes(np.random.default_rng(1), 5000)
    assert len(set(made.tolist())) == 5000
    assert all(stdnum_uscc.is_valid(c) for c in made[:500])
    assert all(c.startswith("91410100") for c in made[:50])
