"""Problems found in plan data, carried as values.

Every loader and checker in zzgx-plan reports what is wrong with the input as a
list of :class:`Problem` rather than raising at the first one, so that a user
sees *every* mistake of a run at once, each with the file and line it sits on
(the approach of beancount's ``ValidationError`` and frictionless' row errors).

Each problem has a stable ``code`` (kebab-case, documented in :data:`CODES`)
whose message template is filled from keyword arguments, so tools and tests can
match on the code while people read the message.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any


class Severity(StrEnum):
    """How bad a problem is: errors make a command refuse (exit 1); warnings are shown and pass."""

    ERROR = "error"
    WARNING = "warning"


#: Stable problem codes and their message templates. Codes never change meaning;
#: new ones may be added. Templates use ``str.format`` fields.
CODES: dict[str, str] = {
    # files and encodings
    "file-missing": "required file is missing: {what}",
    "data-dir-missing": "no data directory here (a folder holding measures.yaml and targets.yaml); "
    "give it with --data DIR or PLAN_DATA",
    "file-empty": "the file is empty",
    "file-unreadable": "cannot read the file: {reason}",
    "encoding-unknown": "cannot detect the text encoding (tried UTF-8, GB18030 and detection)",
    "encoding-mixed": (
        "this line is not UTF-8 like the lines before it (rows pasted from a file in another encoding?): "
        "save the whole file as UTF-8 or GB18030"
    ),
    # hostile or broken files (#14): what is refused before or instead of reading
    "file-not-regular": "这不是普通文件（而是{kind}），未读取；数据目录中只能放普通文件",
    "symlink-outside": "这是指向数据目录之外（{target}）的符号链接，未读取；请把文件本身复制进数据目录",
    "symlink-broken": "这个符号链接无法打开（{reason}），未读取；请换成文件本身",
    "file-too-large": "文件大小 {size}，超过{kind}的上限 {limit}，未读取；请确认没有选错文件",
    "folder-unreadable": "无法读取这个文件夹（{reason}），其中的文件都未检查；请检查文件夹的读取权限",
    "file-name-undecodable": (
        "文件名不是有效的 UTF-8 编码（无法识别的字节以 \\x.. 显示），未读取；请用正常的中文或英文文件名重新命名"
    ),
    "write-failed": "无法写入（{reason}），数据未改动；请检查数据目录的写入权限和磁盘空间",
    "lock-path-bad": "锁文件的位置是一个{kind}，不是普通文件；为安全起见未写入任何文件。请删除它后重试",
    "journal-refused": (
        "写入日志无效（{reason}），其中的改名一项也未执行，数据未改动；它不是本工具中断的写入留下的"
        "（可能随提交或拷贝带入）：核对后删除这个文件再重试"
    ),
    "journal-pending": (
        "上次写入（plan import 或 plan record）在途中被中断，数据可能新旧混杂；再运行一次 plan import 或 "
        "plan record 会先完成那次写入。若这个文件是随提交或拷贝带来的，请删除它"
    ),
    "archive-refused": "{reason}，未读取；请在 Excel、WPS 或 Word 中打开后另存一份再试",
    "sheet-unreadable": (
        "工作表“{sheet}”第 {row} 行附近无法读取（{reason}）；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再报送"
    ),
    "sheet-too-large": (
        "工作表“{sheet}”超出报送表的上限（{what}）：报送表最多 {rows} 行、{columns} 列；请只保留要报送的表格"
    ),
    # YAML
    "yaml-too-deep": "列表或映射嵌套超过 {limit} 层，未读取更深的内容；计划数据用不到这么深的结构，请检查文件",
    "yaml-syntax": "YAML syntax error: {reason}",
    "yaml-duplicate-key": "duplicate key {key!r} (first at line {first_line})",
    "yaml-structure": "{reason}",
    "yaml-field": "{field}: {reason}",
    # plan structure
    "unknown-unit": "unknown unit {name!r}{hint}",
    "unknown-indicator": "unknown indicator {name!r}{hint}",
    "unknown-measure": "unknown measure {number!r}",
    "unknown-section": "unknown section {number!r}",
    "duplicate-id": "duplicate {what} {id!r} (first at line {first_line})",
    "target-year-outside-plan": "target year {year} is outside the plan period {start}–{end}",
    "revision-out-of-order": (
        "{indicator} {year} revision {n}: {what} {date} {relation} the previous revision's ({previous})"
    ),
    "revision-outside-plan": "{indicator} {year} revision {n}: {what} {date} is outside {start} – {end}",
    "group-member-unknown": "group {group!r} lists unknown unit {name!r}",
    # readings (解读): the data says what is the document's and what is ours
    "qualifier-not-in-source": (
        "{indicator} {year}年目标的限定词“{word}”不在其依据（source）所引的原文中；限定词只能取文件原文的用词"
    ),
    "qualifier-disagrees": "{indicator}：限定词“{word}”要求 {field} 为 {needed}，这里是 {found}；请改其一",
    "indicator-leads-mismatch": (
        "{indicator} 的牵头单位 {found} 不是所属措施的牵头单位（{expected}）；请改 lead_units，或改 measures"
    ),
    "reporter-required": (
        "{indicator} 有多个牵头单位（{units}）：请用 reported_by 写明由哪个单位报送数据，"
        "并在 readings.reported_by 中说明"
    ),
    "reading-missing": "{indicator}：{what}是本工具的解读，文件没有写明；请在 readings.{topic} 中用中文写明解读",
    "reading-empty": "{indicator}：解读（reading）是空的；请写明解读的内容，或删除这一项",
    "conversion-not-in-source": "conversion：“{word}”不在其依据（source）所引的原文中；请引用文件原文",
    "quote-not-in-measure": "not_tracked：“{quote}”不在措施{number}的原文中；请照抄措施原文",
    "plan-incomplete": "方案尚未填写完整：{what}",
    # CSV tables
    "csv-missing-column": "missing required column {column!r}",
    "csv-unknown-column": "unknown column {column!r} (allowed: {allowed})",
    "csv-duplicate-column": "column {column!r} appears twice",
    "csv-row-shape": "row has {found} cells, the header has {expected}",
    "csv-syntax": "CSV syntax error: {reason}",
    "csv-delimiter": "the columns are separated by {separator}, not commas: save the file as CSV (comma delimited)",
    "missing-value": "{field} is empty",
    # values
    "bad-period": "bad period {text!r}: use YYYY, YYYY-Qn (n=1..4) or YYYY-MM (MM=01..12)",
    "period-outside-plan": "period {period} is outside {start}–{end} (earlier years only as a baseline)",
    "bad-number": "{field} {text!r} is not a number",
    "negative-value": "{field} {value} is negative; counts cannot be negative",
    "percent-over-100": "{field} {value}% is over 100%",
    "percent-sign-not-percent": "{field} {text!r} has a % sign but {indicator} is counted in {unit}",
    "fraction-not-integer": "{field} {value} is not a whole number; {indicator} counts {unit}",
    "number-too-large": "{field} {text!r} 超出可能的范围（绝对值应小于 1 万亿，即 10^12）；请检查是否多打了数字",
    "tolerance-too-large": (
        "{indicator} 的容差（tolerance）{tolerance} 不小于 {year} 年的目标 {target}：那样不论完成多少都算达标；"
        "容差应小于目标值"
    ),
    "bad-basis": "bad basis {text!r}: use 'increment' or 'ytd'",
    "basis-not-flow": "basis {basis!r} applies only to flow indicators; {indicator} is a {kind} indicator",
    "overlapping-periods": "{indicator} {period} overlaps {other_period} at {other} (would be counted twice)",
    "bad-status": "bad status {text!r}: use one of {allowed}",
    "bad-date": "bad date {text!r}: use YYYY-MM-DD",
    # submissions (plan import / plan record)
    "no-table": "no table found: need a header row with 指标 + 数值 (figures) or 措施编号 + 进展状态 (progress)",
    "indicator-mismatch": "indicator id {id!r} and name {name!r} name different indicators",
    "unit-mismatch": "unit {text!r} does not match indicator {indicator}, counted in {unit}",
    "period-mismatch": "period {found} differs from --period {expected}",
    "formula-without-value": "formula {formula} has no computed value: open and save the file in Excel or WPS, "
    "or type the number",
    "duplicate-row": "{what} is given twice with different contents (first at {first})",
    "value-changed": "{what}: {old} → {new} would change the value recorded at {at}; use --replace",
    # warnings
    "flow-missing-period": "{indicator} {period}: no increment reported for months {first}–{last} of the year",
    "percent-looks-like-fraction": (
        "{indicator} {period}: {value}% looks like a fraction; if {value} means {percent}%, write {percent}%"
    ),
    # enterprise registers (data/registers/*.csv)
    "uscc-check": "{code}: {reason} (统一社会信用代码校验位不符)",
    "uscc-malformed": "{code!r} is not a 统一社会信用代码: {reason}",
    "register-unknown-list": "unknown list {name!r}{hint}: 名录 must name an indicator counted in 家",
    "register-unknown-park": "unknown park {name!r}{hint}: use one of {allowed}",
    "register-left-before-entered": "出库日期 {left} is before 入库日期 {entered}",
    "register-overlap": (
        "{uscc} is already on {list} from {other_entered} to {other_end} ({other}); "
        "entering again on {entered} counts it twice"
    ),
    "register-two-names": "{uscc} is named {name!r} here but {other_name!r} at {other}",
    "register-mismatch": ("{indicator} {period}: reported {reported} but the register counts {counted} ({registers})"),
}


#: Marks a file path inside a message (see :func:`ref`), so that it is shown like the problem's own path.
_REF = "\x1d"


def ref(path: str | Path, line: int | None = None) -> str:
    """A reference to another place (``first at …``) for a message field: shown, like the problem's own
    path, relative to the working directory only when printed."""
    return f"{_REF}{path}{_REF}" + (f":{line}" if line is not None else "")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, located at ``path:line``.

    ``file`` is where, relative to ``root`` (the data directory as the user named it) when ``root`` is
    set, else as given; :attr:`path` is that place as the user should see it, computed when printed (so
    loaded and cached problems do not depend on the working directory). ``text`` is the message, with
    references to other files marked by :func:`ref`; :attr:`message` shows them like :attr:`path`.
    ``line`` is 1-based and ``None`` when the problem concerns a whole file. ``location`` optionally
    refines the place (a sheet cell like ``Sheet1!C7``) and replaces the line in the rendered form.
    """

    file: str
    line: int | None
    code: str
    text: str
    severity: Severity = Severity.ERROR
    location: str | None = field(default=None)
    root: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def path(self) -> str:
        """Where, as shown: relative to the working directory when below it."""
        return self._shown(self.file)

    @property
    def message(self) -> str:
        """The message, with the files it mentions shown like :attr:`path`."""
        if _REF not in self.text:
            return self.text
        parts = self.text.split(_REF)
        return "".join(self._shown(part) if i % 2 else part for i, part in enumerate(parts))

    def _shown(self, file: str) -> str:
        return display_path(os.path.join(self.root, file) if self.root else file)

    def under(self, root: str | Path) -> Problem:
        """This problem placed in the data directory ``root``: its file, and the files its message mentions,
        relative to ``root`` (those below it; ``root`` as the user named it, e.g. ``data``)."""
        base = str(root)

        def inside(file: str) -> str:
            try:
                return Path(file).relative_to(base).as_posix()
            except ValueError:
                return file

        text = self.text
        if _REF in text:
            parts = text.split(_REF)
            text = _REF.join(inside(part) if i % 2 else part for i, part in enumerate(parts))
        return replace(self, file=inside(self.file), text=text, root=base)

    def relabel(self, label: Callable[[str], str]) -> Problem:
        """This problem with its file and the files its message mentions renamed by ``label`` (from the
        data directory's relative paths), e.g. ``HEAD:data/targets.yaml`` for a file at a git revision."""
        parts = self.text.split(_REF)
        text = "".join(label(part) if i % 2 else part for i, part in enumerate(parts))
        return replace(self, file=label(self.file), text=text, root="")

    @property
    def where(self) -> str:
        """``path:line`` (or ``path:location``, or just ``path``) for messages."""
        if self.location:
            return f"{self.path}:{self.location}"
        if self.line is not None:
            return f"{self.path}:{self.line}"
        return self.path

    def format(self, with_code: bool = True) -> str:
        """Render as ``path:line: code: message`` (``warning:`` is prefixed for warnings)."""
        level = "warning: " if self.severity is Severity.WARNING else ""
        code = f"{self.code}: " if with_code else ""
        return f"{self.where}: {level}{code}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "location": self.location,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
        }


def problem(
    path: str | Path,
    line: int | None,
    code: str,
    severity: Severity = Severity.ERROR,
    location: str | None = None,
    **fields: Any,
) -> Problem:
    """Build a :class:`Problem` from a code in :data:`CODES` and the template's fields (files they name
    are marked with :func:`ref`)."""
    template = CODES[code]
    return Problem(
        file=str(path),
        line=line,
        code=code,
        text=template.format(**fields),
        severity=severity,
        location=location,
    )


def display_path(path: str | Path) -> str:
    """A path as users should see it: relative to the working directory when below it."""
    import os

    p = Path(path)
    try:
        # absolute but not resolved: a symbolic link is shown by its own name, not its target's
        shown = str(Path(os.path.abspath(p)).relative_to(Path.cwd()))
    except ValueError:
        try:
            shown = str(p.resolve().relative_to(Path.cwd().resolve()))
        except (ValueError, OSError, RuntimeError):
            shown = str(p)
    # a file name that is not valid UTF-8 (a zip made on Windows): its bytes escaped, so it can be printed
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in a stable order: by file, then line, then code."""
    return sorted(problems, key=lambda p: (p.root, p.file, p.line or 0, p.location or "", p.code, p.text))


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A ``"（是不是“…”？）"`` hint for a misspelt name, or an empty string."""
    from zzgx_plan.core.names import suggestion

    close = suggestion(name, candidates)
    return f"（是不是“{close}”？）" if close else ""
