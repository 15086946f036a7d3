"""Regenerate src/zzgx_plan/core/schemas.py from pydantic (see tests/support/core_schemas.py).

python scripts/core_schemas.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]

from tests.support.core_schemas import main  # noqa: E402

main()
