"""``python -m zzgx_plan`` runs the ``plan`` command."""

from zzgx_plan.cli import main

main()
