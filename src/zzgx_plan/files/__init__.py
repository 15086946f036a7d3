"""Bytes on disk, knowing nothing of the plan: text encodings, CSV records with their lines, safe YAML
with line numbers, the one atomic write and the locked, journalled multi-file transaction."""
