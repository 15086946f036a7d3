"""Typer's and click's own words in Chinese: the help page's frame, usage lines and usage errors.

Typer 0.28 vendors click with its English messages written in place (``"Missing argument"``,
``"No such option"``: no gettext call a catalogue could translate), and Windows sets no ``LANG``.
So the application is built from the command and group classes below, which write the help page's
headings and every usage error themselves, in Chinese whatever the locale. Exit codes are click's:
2 for a usage error, 1 for an abort.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from typer import _click as click
from typer.core import TyperArgument, TyperCommand, TyperGroup

#: Words of the help page's frame.
USAGE_PREFIX = "用法："
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
ARGUMENTS_SECTION = "参数"
OPTIONS_SECTION = "选项"
COMMANDS_SECTION = "命令"
HELP_OPTION_HELP = "显示本帮助并退出。"
#: Click's type metavars (shown when an option declares none) and their Chinese words.
TYPE_METAVARS = {"<str>": "<文本>", "<text>": "<文本>", "<path>": "<路径>", "<int>": "<整数>", "<float>": "<数>"}
ERROR_PREFIX = "错误："
#: English argument names a command may still give as the hint of its own usage error → the Chinese metavar.
HINT_WORDS = {
    "YEAR": "年度",
    "PERIOD": "期间",
    "FILE": "文件",
    "INDICATOR": "指标",
    "VALUE": "数值",
    "LIST": "名录",
    "USCC": "信用代码",
    "NAME": "单位",
    "UNIT": "单位",
}
ABORTED = "已中止。"


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes: two for a wide (Chinese) character, one for others (stdlib only:
    rich would cost every command its import)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


#: Runs that wrap as one word: Latin words, numbers, option names, paths; anything else wraps per character.
_WORD = re.compile(r"[A-Za-z0-9_./:%$=<>|\[\]{}()'\"-]+|\s+|.")


#: Chinese line breaking (禁则): punctuation that never starts a line, brackets that never end one.
_NO_LINE_START = frozenset("。，、；：？！）》」』”’%")
_NO_LINE_END = frozenset("（《「『“‘")


def wrap(text: str, width: int) -> list[str]:
    """Wrap text to ``width`` terminal cells: a Chinese character takes two cells and may end a line anywhere,
    Latin words are kept whole (click's wrapper counts characters and breaks only at spaces)."""
    lines: list[str] = []
    line = ""
    for token in _WORD.findall(text):
        if token.isspace():
            token = " "
            if not line:
                continue
        if line and cell_len(line + token) > width and token not in _NO_LINE_START:
            carried = ""
            while line and line[-1] in _NO_LINE_END:  # an opening bracket goes down with what it opens
                carried, line = line[-1] + carried, line[:-1]
            lines.append(line.rstrip())
            line = carried + ("" if token == " " else token)
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _join_lines(lines: list[str]) -> str:
    """A paragraph's lines as one: a space between Latin words, none between Chinese characters."""
    out = ""
    for line in (line.strip() for line in lines):
        if out and not (cell_len(out[-1]) == 2 or cell_len(line[:1]) == 2):
            out += " "
        out += line
    return out


class ChineseHelpFormatter(click.HelpFormatter):
    """Click's help formatter measuring in terminal cells, with Chinese headings (``选项：``)."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = [p for p in re.split(r"\n\s*\n", text.expandtabs()) if p.strip()]
        out = []
        for paragraph in paragraphs:
            lines = paragraph.splitlines()
            if lines[0].strip() == "\b":  # click's mark for a block not to rewrap
                out.append("\n".join(indent + line for line in lines[1:]))
            else:
                wrapped = wrap(_join_lines(lines), max(self.width - self.current_indent, 20))
                out.append("\n".join(indent + line for line in wrapped))
        self.write("\n\n".join(out) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((cell_len(first) for first, _ in rows), default=0), col_max) + col_spacing
        text_width = max(self.width - first_col - self.current_indent, 10)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


def _help_hint(ctx: click.Context) -> str:
    option = ctx.help_option_names[0] if ctx.help_option_names else "--help"
    return f"运行“{ctx.command_path} {option}”查看帮助。"


def _bracket_notes(help_text: str) -> str:
    """Translate the ``[default: x; required]`` note click appends to a parameter's help."""
    found = re.search(r"\[([^\[\]]*)\]$", help_text)
    if not found:
        return help_text
    notes = []
    for note in found.group(1).split("; "):
        if note.startswith("default: "):
            notes.append(f"默认：{note.removeprefix('default: ')}")
        elif note.startswith("env var: "):
            notes.append(f"环境变量：{note.removeprefix('env var: ')}")
        elif note == "required":
            notes.append("必填")
        else:
            notes.append(note)
    return help_text[: found.start()] + f"[{'；'.join(notes)}]"


def _record(record: tuple[str, str]) -> tuple[str, str]:
    names, help_text = record
    for english, chinese in TYPE_METAVARS.items():
        names = names.replace(english, chinese)
    return names, _bracket_notes(help_text)


class _ChineseFrame:
    """What commands and groups share: usage line, help option, the sections of the help page."""

    context_class: type[click.Context] = ChineseContext

    def get_help_option(self, ctx: click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        # Typer writes a required argument as {NAME}: plain NAME and [NAME] (optional) read better.
        pieces = [self.options_metavar] if self.options_metavar else []  # type: ignore[attr-defined]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if isinstance(param, TyperArgument):
                name = param.metavar or (param.name or "").upper()
                if param.nargs != 1 and not name.endswith("..."):
                    name += "..."
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            (arguments if param.param_type_name == "argument" else options).append(_record(record))
        if arguments:
            with formatter.section(ARGUMENTS_SECTION):
                formatter.write_dl(arguments)
        if options:
            with formatter.section(OPTIONS_SECTION):
                formatter.write_dl(options)


class ChineseCommand(_ChineseFrame, TyperCommand):
    """A ``plan`` command whose help page is framed in Chinese."""


class ChineseGroup(_ChineseFrame, TyperGroup):
    """The ``plan`` group: a Chinese help page, and every usage error told in Chinese (exit 2)."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [*super().collect_usage_pieces(ctx), self.subcommand_metavar]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(COMMANDS_SECTION):
                formatter.write_dl(rows)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        extra["windows_expand_args"] = windows_expand_args
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            # Not standalone: click's errors come back to us instead of being printed in English.
            # An explicit exit (typer.Exit) comes back as its code; a command itself returns None.
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.ClickException as exc:
            show_error(exc)
        except typer.Abort:
            typer.echo(ABORTED, err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def show_error(exc: click.exceptions.ClickException) -> NoReturn:
    """Print a click error as click would (usage, hint, error line), in Chinese; exit with its code."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.exceptions.UsageError) and ctx is not None:
        hint = _help_hint(ctx) if ctx.command.get_help_option(ctx) is not None else ""
        typer.echo(f"{ctx.get_usage()}\n{hint}\n", err=True)
    typer.echo(f"{ERROR_PREFIX}{describe(exc)}", err=True)
    sys.exit(exc.exit_code)


def _param_hint(exc: click.exceptions.BadParameter) -> str:
    hint: Any = exc.param_hint
    if hint is None and isinstance(exc.param, TyperArgument):
        hint = exc.param.metavar or (exc.param.name or "").upper()
    elif hint is None and exc.param is not None:
        hint = exc.param.opts or [exc.param.human_readable_name]
    if hint is None:
        return ""
    names = [hint] if isinstance(hint, str) else list(hint)
    return " / ".join(HINT_WORDS.get(name.strip("'"), name.strip("'")) for name in names)


#: Click's own English value messages (the ones our parameter types can give) → Chinese.
_VALUE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^'(?P<value>.*)' is not one of (?P<choices>.*)\.$", re.S), "“{value}”不是可选的值；可选：{choices}"),
    (re.compile(r"^'(?P<value>.*)' is not a valid int(?:eger)?\.$", re.S), "“{value}”不是整数"),
    (re.compile(r"^'(?P<value>.*)' is not a valid float\.$", re.S), "“{value}”不是数"),
    (re.compile(r"^'(?P<value>.*)' is not a valid boolean\..*$", re.S), "“{value}”不是是/否的值"),
    (re.compile(r"^(?P<value>.*) is not in the range (?P<range>.*)\.$", re.S), "{value} 不在 {range} 范围内"),
)


def _value_message(message: str) -> str:
    for pattern, template in _VALUE_MESSAGES:
        found = pattern.match(message)
        if found:
            fields = found.groupdict()
            if "choices" in fields:
                fields["choices"] = "、".join(c.strip().strip("'") for c in fields["choices"].split(","))
            return template.format(**fields)
    return message


def describe(exc: click.exceptions.ClickException) -> str:
    """The Chinese sentence for a click error (messages our own code raised are already Chinese)."""
    if isinstance(exc, click.exceptions.MissingParameter):
        what = {"argument": "参数", "option": "选项"}.get(exc.param.param_type_name if exc.param else "", "参数")
        return f"缺少{what} {_param_hint(exc)}".rstrip() + "。"
    if isinstance(exc, click.exceptions.BadParameter):
        hint = _param_hint(exc)
        message = _value_message(exc.message)
        return f"{hint} 的值无效：{message}" if hint else f"值无效：{message}"
    if isinstance(exc, click.exceptions.NoSuchOption):
        text = f"没有 {exc.option_name} 这个选项"
        if exc.possibilities:
            text += f"；是不是 {'、'.join(sorted(exc.possibilities))}？"
        return text
    message = exc.message
    patterns = (
        (r"^Option '(?P<name>.*)' requires an argument\.$", "选项 {name} 后面要给一个值"),
        (r"^Option '(?P<name>.*)' requires (?P<n>\d+) arguments\.$", "选项 {name} 后面要给 {n} 个值"),
        (r"^Option '(?P<name>.*)' does not take a value\.$", "选项 {name} 不带值"),
        (r"^Argument '(?P<name>.*)' takes (?P<n>\d+) values\.$", "参数 {name} 要给 {n} 个值"),
        (r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$", "多余的参数：{args}"),
        (r"^Missing command\.$", "缺少命令"),
        (r"^No such command '(?P<name>.*)'\.(?: Did you mean (?P<close>.*)\?)?$", "没有“{name}”这个命令"),
    )
    for pattern, template in patterns:
        found = re.match(pattern, message, re.S)
        if found:
            text = template.format(**found.groupdict())
            if found.groupdict().get("close"):
                text += f"；是不是 {'、'.join(c.strip().strip(chr(39)) for c in found['close'].split(','))}？"
            return text
    return message


class ChineseTyper(typer.Typer):
    """A Typer application whose commands are :class:`ChineseCommand` unless a command asks otherwise."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", ChineseCommand)
        return super().command(*args, **kwargs)
