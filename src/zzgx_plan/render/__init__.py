"""Output machinery shared by several commands: the document model with its Markdown and Word writers, status
and plan tables. Formats only; imports no feature package (report, submissions, review, registers)."""
