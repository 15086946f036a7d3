"""Imports every command module so that its commands register on the app.

Add one line per command module; keep them sorted.
"""

import zzgx_plan.cli.review  # noqa: F401  (plan diff, plan history)
from zzgx_plan.cli import measures, registers, status, units, validate  # noqa: F401
from zzgx_plan.cli import report as _report  # noqa: F401
from zzgx_plan.cli import submission as _submission  # noqa: F401
