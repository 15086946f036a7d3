"""The Typer application object and what every command shares.

Commands are thin: parse options, call one core function, render, exit.
Exit codes: 0 ok, 1 invalid data or a refusal (:func:`fail`), 2 usage errors (Typer/Click).
Errors go to stderr as ``path:line: message``; a traceback only with ``--debug``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from zzgx_plan.cli.chinese import OPTIONS_METAVAR, SUBCOMMAND_METAVAR, ChineseGroup, ChineseTyper
from zzgx_plan.core.models import Plan, PlanData
from zzgx_plan.core.periods import Period, PeriodError, PeriodKind
from zzgx_plan.core.problems import Problem, did_you_mean

if TYPE_CHECKING:
    from zzgx_plan.registers.model import Register

app = ChineseTyper(
    name="plan",
    help="工作方案指标跟踪：目标值、完成值、序时进度，各单位报送与推进情况报告。\n\n"
    "数据目录默认为 ./data（可用 --data 或环境变量 PLAN_DATA 指定）。",
    cls=ChineseGroup,
    options_metavar=OPTIONS_METAVAR,
    subcommand_metavar=SUBCOMMAND_METAVAR,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False}


def fail(message: str = "", problems: Iterable[Problem] = (), with_code: bool = False) -> NoReturn:
    """Refuse: print the problems (``path:line: message``) and a message to stderr, exit 1."""
    print_problems(problems, with_code=with_code)
    if message:
        typer.echo(f"plan: {message}", err=True)
    raise typer.Exit(1)


def _show_version(value: bool) -> None:
    if value:
        from zzgx_plan import __version__

        typer.echo(f"plan（zzgx-plan）{__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="出现意外错误时显示完整的出错信息（traceback），便于报告问题。"),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_show_version, help="显示版本号并退出。"),
) -> None:
    _state["debug"] = debug


DATA_OPTION_HELP = "数据目录（默认：环境变量 PLAN_DATA，否则为 ./data）。"
#: Metavars of options shared by several commands.
DATA_METAVAR = "目录"
PERIOD_METAVAR = "期间"
UNIT_METAVAR = "单位"


def data_dir(option: Path | None) -> Path:
    """The data directory: ``--data``, else ``$PLAN_DATA``, else ``./data``."""
    if option is not None:
        return option
    env = os.environ.get("PLAN_DATA")
    return Path(env) if env else Path("data")


def print_problems(problems: Iterable[Problem], with_code: bool = False) -> None:
    for p in problems:
        typer.echo(p.format(with_code=with_code), err=True)


def utf8_streams() -> None:
    """Output to a file or a pipe is UTF-8 whatever the code page (Chinese Windows writes redirected output
    in GBK, where ``░`` and many names cannot be written); a terminal keeps its own encoding (Windows'
    console shows Chinese through its own API), with characters it cannot show replaced, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue  # replaced by a test runner or an embedding program: leave it alone
        try:
            if stream.isatty():
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="strict")
        except (OSError, ValueError):  # pragma: no cover - a closed or unusual stream
            continue


def main() -> None:
    """Console-script entry point (``plan``): registers the command named in argv, then runs the app."""
    from zzgx_plan.cli.commands import command_in, register

    utf8_streams()
    register(command_in(sys.argv[1:]))
    try:
        app()
    except Exception as exc:  # pragma: no cover - exercised by hand
        if _state["debug"]:
            raise
        typer.echo(
            f"plan: 内部错误（{exc.__class__.__name__}：{exc}）；请加 --debug 重新运行，把输出发给维护人员", err=True
        )
        sys.exit(1)


def load_or_fail(option: Path | None) -> PlanData:
    """Load the data directory for a command; refuse (exit 1) with every error if it is invalid.

    Warnings are printed to stderr and do not stop the command.
    """
    from zzgx_plan.load import load

    result = load(data_dir(option))
    if result.data is None or result.errors:
        fail(f"数据有 {len(result.errors)} 处错误，未执行；运行 plan validate 可查看全部问题", result.errors)
    print_problems([p for p in result.problems if not p.is_error])
    return result.data


def registers_or_fail(root: Path, data: PlanData, required: bool = True) -> tuple[PlanData, Register | None]:
    """``data`` with the register counts applied (:func:`zzgx_plan.registers.plan.apply_registers`) and the
    registers; refuse (exit 1) when they are needed and missing, or have errors. Warnings go to stderr.
    Imports pyarrow: call it only when registers are wanted or an indicator is ``source: register``."""
    from zzgx_plan.registers.plan import apply_registers

    counted = apply_registers(root, data, required=required)
    if counted.refusal:
        fail(counted.refusal)
    if counted.errors:
        message = f"企业名录有 {len(counted.errors)} 处错误，未执行；运行 plan validate 可查看全部问题"
        fail(message, counted.errors)
    print_problems([p for p in counted.problems if not p.is_error])
    return counted.data, counted.register


def parse_period_option(
    text: str | None, param: str, kinds: tuple[PeriodKind, ...] = (), rule: str = ""
) -> Period | None:
    """Parse a period option or argument (``--as-of 2024年第三季度``) with the one period reader.

    ``kinds`` is the command's own rule on which kinds it takes (all when empty), ``rule`` says it in
    words. A bad period is a usage error (exit 2) naming the accepted forms."""
    if text is None:
        return None
    try:
        period = Period.parse(text)
    except PeriodError as exc:
        raise typer.BadParameter(str(exc), param_hint=param) from None
    if kinds and period.kind not in kinds:
        raise typer.BadParameter(f"“{text}”是{_KIND_ZH[period.kind]}；{rule}", param_hint=param)
    return period


_KIND_ZH = {PeriodKind.YEAR: "年度", PeriodKind.QUARTER: "季度", PeriodKind.MONTH: "月份"}


def parse_year_option(text: str | None, param: str) -> int | None:
    """A year typed as ``2024`` or ``2024年`` (any period form naming a whole year); else a usage error (exit 2)."""
    period = parse_period_option(text, param, (PeriodKind.YEAR,), "此处请写一个年份，如 2024 或 2024年")
    return period.year if period is not None else None


def check_in_plan(plan: Plan, year: int, param: str) -> None:
    """A year (or a period's year) outside the plan is a usage error (exit 2) in every command."""
    if year not in plan.meta.years:
        raise typer.BadParameter(
            f"{year} 年不在方案期 {plan.meta.start_year}–{plan.meta.end_year} 年内；"
            f"请写 {plan.meta.start_year} 至 {plan.meta.end_year} 年的报告期",
            param_hint=param,
        )


def resolve_unit(plan: Plan, name: str | None, param: str = "--unit") -> str | None:
    """The canonical name of a unit option (aliases resolve); an unknown unit is a usage error (exit 2)."""
    if name is None:
        return None
    unit = plan.units.canonical(name)
    if unit is None:
        raise typer.BadParameter(f"没有“{name}”这个单位{did_you_mean(name, plan.units.names())}", param_hint=param)
    return unit


#: Other names a user may give a format: the same names everywhere (``md`` is ``markdown``;
#: ``text`` and ``table`` stand for each other, whichever of the two the command has).
FORMAT_ALIASES = {
    "md": ("markdown", "md"),
    "markdown": ("markdown", "md"),
    "text": ("text", "table"),
    "table": ("table", "text"),
    "txt": ("text", "table"),
}
E = TypeVar("E", bound=StrEnum)


def parse_format(value: str | E, formats: type[E]) -> E:
    """The format named ``value`` (aliases in :data:`FORMAT_ALIASES`, any case); else a usage error (exit 2)."""
    if isinstance(value, formats):
        return value
    wanted = str(value).strip().lower()
    values = {f.value: f for f in formats}
    for candidate in FORMAT_ALIASES.get(wanted, (wanted,)):
        if candidate in values:
            return values[candidate]
    names = "、".join(values)
    raise typer.BadParameter(f"没有“{value}”这种格式；可选：{names}", param_hint="--format")


def format_option(formats: type[StrEnum], default: StrEnum | None, help: str) -> Any:
    """The ``--format`` option of a command taking ``formats`` (aliases accepted, any case)."""
    return typer.Option(
        default,
        "--format",
        parser=lambda value: parse_format(value, formats),
        metavar="[" + "|".join(f.value for f in formats) + "]",
        help=help,
    )


class ListFormat(StrEnum):
    """Output formats of the listing commands (`plan measures`, `plan units`)."""

    TABLE = "table"
    JSON = "json"
    XLSX = "xlsx"


class CsvEncoding(StrEnum):
    """Encodings of CSV written for people: UTF-8 with a BOM (Excel/WPS read it), or GB18030 for old WPS."""

    UTF8 = "utf-8"
    GB18030 = "gb18030"


ENCODING_OPTION_HELP = "CSV 编码：utf-8（带 BOM，Excel/WPS 可直接打开，默认）或 gb18030（旧版 WPS）。"
OUTPUT_OPTION_HELP = "写入的文件（xlsx 默认写到 reports/ 下并显示路径；csv 默认输出到屏幕）。"
FORCE_OPTION_HELP = "文件已存在时覆盖。"


def data_option() -> Any:
    """``--data 目录``: the data directory (PLAN_DATA, else ./data), the same in every command."""
    return typer.Option(None, "--data", metavar=DATA_METAVAR, help=DATA_OPTION_HELP)


def output_option() -> Any:
    """``--output/-o``: the file an export is written to (a workbook's default is under reports/)."""
    return typer.Option(None, "--output", "-o", help=OUTPUT_OPTION_HELP)


def encoding_option() -> Any:
    """``--encoding``: a CSV's encoding for people (UTF-8 with a BOM, or GB18030 for old WPS)."""
    return typer.Option(CsvEncoding.UTF8, "--encoding", help=ENCODING_OPTION_HELP)


def force_option() -> Any:
    """``--force``: overwrite an existing file."""
    return typer.Option(False, "--force", help=FORCE_OPTION_HELP)


def csv_bytes(text: str, encoding: CsvEncoding = CsvEncoding.UTF8) -> bytes:
    """CSV text as bytes for people: UTF-8 starts with a BOM so Excel does not read it as GBK."""
    if encoding is CsvEncoding.GB18030:
        return text.encode("gb18030")
    return text.encode("utf-8-sig")


def emit_csv(text: str, encoding: CsvEncoding, output: Path | None = None, force: bool = False) -> None:
    """Write CSV for people to ``output`` (atomically, refusing to replace without ``--force``) or stdout."""
    data = csv_bytes(text, encoding)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_output(data, output, force)


def write_output(data: bytes, target: Path, force: bool) -> None:
    """Write an export file atomically and say where; an existing file is replaced only with ``--force``."""
    from zzgx_plan.core.problems import display_path

    if target.is_dir():
        fail(f"{display_path(target)} 是目录；请用 --output 给出文件名")
    if os.path.lexists(target) and not force:
        fail(f"{display_path(target)} 已存在；如需覆盖请加 --force")
    write_output_or_fail(target, data, force)
    typer.echo(f"已导出：{display_path(target)}")


def write_output_or_fail(target: Path, data: bytes, force: bool) -> None:
    """Write a file for people atomically: created only where nothing is (checked in the same step), or with
    ``force`` replacing only a regular file; any other outcome is a refusal (exit 1) naming the file."""
    from zzgx_plan.core.problems import display_path
    from zzgx_plan.files.atomic import NotRegularFile, write_output_bytes
    from zzgx_plan.files.reading import os_reason

    shown = display_path(target)
    try:
        write_output_bytes(target, data, replace=force)
    except FileExistsError:
        fail(f"{shown} 已存在（可能刚被别的程序创建，或是一个符号链接），未写入；如需覆盖请加 --force")
    except NotRegularFile:
        fail(f"{shown} 不是普通文件（而是设备、管道、符号链接或文件夹），未写入；请换一个文件名")
    except OSError as exc:
        fail(f"无法写入 {shown}：{os_reason(exc, writing=True)}")


def export_path(output: Path | None, default_name: str) -> Path:
    """``--output``, else ``reports/<default_name>`` under the current directory."""
    return output if output is not None else Path("reports") / default_name


def check_export_options(output: Path | None, fmt: str, file_formats: tuple[str, ...] = ("xlsx",)) -> None:
    """Usage errors (exit 2) before any work: ``--output`` with a format that prints to the terminal, or a
    workbook written to a file not ending in .xlsx (it would not open by double-click)."""
    if output is None:
        return
    if fmt not in file_formats:
        allowed = " 或 ".join(file_formats)
        raise typer.BadParameter(f"--output 仅用于 --format {allowed}", param_hint="--output")
    if fmt == "xlsx" and output.suffix.lower() != ".xlsx":
        raise typer.BadParameter(f"{output} 不是 .xlsx 文件；请用 .xlsx 结尾的文件名", param_hint="--output")


def data_date(root: Path) -> datetime | None:
    """The data's date (its latest change) for titles and document properties of exports."""
    from zzgx_plan.report.datastamp import data_stamp

    return data_stamp(root).when
