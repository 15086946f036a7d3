"""The vocabulary every layer uses: the plan's typed models, reporting periods, the problem catalogue
(stable codes, messages) and how figures are parsed and formatted. Imports nothing else of zzgx_plan."""
