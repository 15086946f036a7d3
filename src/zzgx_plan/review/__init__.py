"""`plan diff` / `plan history`: the plan compared between git revisions and the history of its targets.
The only package that runs git (review.git), for every other package too (e.g. the report's data date)."""
