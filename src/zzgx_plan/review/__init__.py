"""`plan diff / history`: the plan compared between git revisions; the only package that runs git."""
