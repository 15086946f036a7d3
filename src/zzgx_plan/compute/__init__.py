"""Pure functions over loaded plan data: indicator status and pace (序时进度), what each unit still owes
(missing submissions) and the responsibility matrix. No files, no output."""
