"""Imports every command module so that its commands register on the app.

Add one line per command module; keep them sorted.
"""

from zzgx_plan.cli import measures, status, submission, units, validate  # noqa: F401
