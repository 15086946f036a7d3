"""CSV records with the physical lines they span.

A quoted cell may hold a line break, so a record's number is not its line number;
every error message about a CSV row must name the line it starts on.

The reader is strict: a quote never closed, or text after a closing quote, is a syntax
error. Lenient reading would swallow every later row into one cell, or read ``"3,900"0``
as ``3,9000``, without a word.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator


class CsvSyntaxError(csv.Error):
    """A CSV syntax error, with the line (1-based) of the record being read."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


#: Python's csv module's messages → what to tell the user.
CSV_REASON_MESSAGES = {
    "unexpected end of data": "文件在引号内意外结束：有一个引号没有配对",
    "',' expected after '\"'": "引号后面应紧跟逗号：引号没有配对，或一格中只有部分文字加了引号",
    "line contains NUL": "含有空字符（NUL），这不是文本文件",
}
#: The csv module's message for a cell over its size limit (``field larger than field limit (131072)``).
_FIELD_LIMIT = re.compile(r"field larger than field limit \((?P<limit>\d+)\)")


def csv_reason(text: str) -> str:
    """The csv module's English message as :data:`CSV_REASON_MESSAGES` says it."""
    if text in CSV_REASON_MESSAGES:
        return CSV_REASON_MESSAGES[text]
    if found := _FIELD_LIMIT.fullmatch(text):
        return f"有一格超过 {found['limit']} 个字符，不像是正常的表格内容"
    return "格式有误；请用 Excel 或 WPS 打开后重新另存为 CSV"  # the csv module's English is not passed on


def csv_records(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """``(first line, last line, cells)`` for each record of ``text`` (LF line ends, as decoded).

    Raises :class:`CsvSyntaxError` (a ``csv.Error``) carrying the line where reading failed.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvSyntaxError(start, csv_reason(str(exc))) from exc
        yield start, reader.line_num, row
        start = reader.line_num + 1
