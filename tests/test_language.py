"""Everything a user reads is Chinese: help, usage errors, messages, headers (issue: Chinese interface).

The strings are collected from the code itself (tests/support/language.py): a new command, option,
problem code or header constant is checked without being listed here.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.language import (
    CJK,
    chinese_literals,
    chinese_literals_in,
    cli_strings,
    declared_strings,
    english_phrases,
    help_pages,
    message_strings,
    messages_in,
)
from zzgx_plan import __version__
from zzgx_plan.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("Output format.", ["Output format"]),
        ("unknown unit {name!r}{hint}", ["unknown unit"]),
        ("{field} {text!r} is not a number", ["is not a number"]),
        ("数据有 2 处错误 (see the docs for details)", ["see the docs for details"]),
        ("输出格式。", []),
        ("已存在，未写入；确需覆盖请加 --force", []),
        ("data/actuals/2024.csv:7: bad-number: 完成值“约335”不是数字", []),
        ("请用 Excel 或 WPS 打开后保存，或写成 2024-Q3、YYYY-MM", []),
        ("输出格式：text（文字）、markdown（用于合并请求评论）或 json。", []),
        ("可运行 plan validate 查看全部问题", []),
        ("USCC", []),
        ("table", []),
    ],
)
def test_english_phrases_finds_sentences_not_names(text: str, phrases: list[str]) -> None:
    assert english_phrases(text) == phrases


def test_every_help_text_and_metavar_is_chinese() -> None:
    strings = list(cli_strings())
    assert len(strings) > 60  # 14 commands with their options: the walk found them
    assert [(where, text) for where, text in strings if english_phrases(text)] == []


def test_every_message_written_in_the_code_is_chinese() -> None:
    """Refusals, printed lines, usage errors and the package's own exceptions, as written in place."""
    strings = list(message_strings())
    assert len(strings) > 900  # fail/echo/BadParameter/…, tables and documents, ~15 exception classes
    assert [(where, text) for where, text in strings if english_phrases(text)] == []


def test_no_chinese_text_in_the_code_carries_an_english_sentence() -> None:
    """Every string literal with Chinese in it, wherever it is written (returned, assigned, a default)."""
    strings = list(chinese_literals())
    assert len(strings) > 1500  # the package's Chinese literals, docstrings aside
    assert [(where, text) for where, text in strings if english_phrases(text)] == []


def test_the_literal_scan_skips_docstrings_and_takes_f_strings_whole() -> None:
    code = (
        '"""Module docs: 中文 examples in English prose are fine here."""\n'
        'NOTE = "共 {n} 处错误"\n'
        "def f(x):\n"
        '    """Docs again, with 示例."""\n'
        '    return f"{x} 已导出（file was written）"\n'
    )
    assert list(chinese_literals_in({"demo.py": code})) == [
        ("demo.py:2", "共 {n} 处错误"),
        ("demo.py:5", "{} 已导出（file was written）"),
    ]


def test_every_declared_header_label_and_help_is_chinese() -> None:
    strings = list(declared_strings())
    assert len(strings) > 700  # *_HEADERS, *_LABELS, *_HELP …, every Chinese constant, the tables' columns
    assert [(where, text) for where, text in strings if english_phrases(text)] == []
    headers = [(where, text) for where, text in strings if where.endswith("_COLUMNS")]
    assert len(headers) > 150  # CSV and workbook columns: each header a Chinese word, never a bare key
    assert [(where, text) for where, text in headers if not CJK.search(text)] == []


PLANTED = """
class LoadError(ValueError):
    pass


class SheetProblem(LoadError):
    pass


def check(path):
    if not path:
        fail(f"{path} 不存在（file not found）")
    raise SheetProblem("the sheet has no header row")
    raise ValueError("internal: cannot happen here")
    print("共 3 处错误")
"""


def test_the_message_scan_finds_a_planted_english_message() -> None:
    """A subclass of a subclass of an exception is found without being listed; an internal ValueError is not
    a message (outside core/models.py, whose validators' messages users read)."""
    found = sorted(messages_in({"zzgx_plan/demo.py": PLANTED}))
    assert found == [
        ("zzgx_plan/demo.py:12", " 不存在（file not found）"),  # the f-string's constant part, walked too
        ("zzgx_plan/demo.py:12", "{} 不存在（file not found）"),
        ("zzgx_plan/demo.py:13", "the sheet has no header row"),
        ("zzgx_plan/demo.py:15", "共 3 处错误"),
    ]
    assert [text for _where, text in found if english_phrases(text)] == [
        " 不存在（file not found）",
        "{} 不存在（file not found）",
        "the sheet has no header row",
    ]
    in_models = list(messages_in({"zzgx_plan/core/models.py": PLANTED}))
    assert ("zzgx_plan/core/models.py:14", "internal: cannot happen here") in in_models


@pytest.mark.parametrize("command", help_pages())
def test_every_help_page_is_chinese(command: str) -> None:
    """Click's frame too: 用法, 参数, 选项, 命令, 默认, 必填, and the help option's own help."""
    args = [command, "-h"] if command else ["-h"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("用法：")
    assert [line for line in result.stdout.splitlines() if english_phrases(line)] == []
    assert "显示本帮助并退出。" in result.stdout
    assert runner.invoke(app, [*args[:-1], "--help"]).stdout == result.stdout


def test_top_help_names_no_particular_plan() -> None:
    """Another plan's data can use the same tool: the title comes from data, not from the help text."""
    result = runner.invoke(app, ["-h"])
    assert "工作方案指标跟踪" in result.stdout
    assert "郑州" not in result.stdout and "2023-2025" not in result.stdout


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"plan（zzgx-plan）{__version__}\n")


USAGE = "用法：plan status [选项] 年度\n运行“plan status -h”查看帮助。\n\n"


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (["status"], USAGE + "错误：缺少参数 年度。\n"),
        (["status", "2024", "--frmat", "json"], USAGE + "错误：没有 --frmat 这个选项；是不是 --data、--format？\n"),
        (
            ["status", "2024", "--by", "district"],
            USAGE + "错误：--by 的值无效：“district”不是可选的值；可选：park\n",
        ),
        (["status", "2024", "--unit"], "错误：选项 --unit 后面要给一个值\n"),  # click gives no usage line here
        (["status", "2024", "2025"], USAGE + "错误：多余的参数：2025\n"),
        (
            ["template", "2024-Q3"],
            "用法：plan template [选项] 期间\n运行“plan template -h”查看帮助。\n\n错误：缺少选项 --unit。\n",
        ),
        (
            ["stauts", "2024"],
            "用法：plan [选项] 命令 [参数]...\n运行“plan -h”查看帮助。\n\n"
            "错误：没有“stauts”这个命令；是不是 status？\n",
        ),
    ],
)
def test_usage_errors_are_chinese_and_exit_2(args: list[str], stderr: str) -> None:
    """Click's own messages, which Typer writes in English whatever the locale (Windows sets no LANG)."""
    result = runner.invoke(app, args, env={"LANG": "", "LC_ALL": "", "LANGUAGE": ""})
    assert result.exit_code == 2
    assert result.stderr == stderr


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("'明年' is not a valid int.", "“明年”不是整数"),
        ("'x' is not a valid integer.", "“x”不是整数"),
        ("'x' is not a valid float.", "“x”不是数"),
        ("'md' is not one of 'table', 'json'.", "“md”不是可选的值；可选：table、json"),
        ("5 is not in the range 1<=x<=4.", "5 不在 1<=x<=4 范围内"),
    ],
)
def test_click_value_messages_of_every_parameter_type_are_translated(english: str, chinese: str) -> None:
    """The value messages of click's types (no command takes an int any more; a new one would)."""
    from zzgx_plan.cli.chinese import _value_message

    assert _value_message(english) == chinese


def test_no_command_shows_the_help_and_exits_2() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert result.output.startswith("用法：plan [选项] 命令 [参数]...")


@pytest.mark.parametrize("command", [c for c in help_pages() if c])
def test_every_argument_and_option_value_is_named_in_chinese(command: str) -> None:
    """``plan init [选项] 目录`` and ``--years <年份>``: no DIR, PATH or TEXT (click's own names) in a help page."""
    text = runner.invoke(app, [command, "-h"]).stdout
    usage = text.splitlines()[0]
    assert re.findall(r"\b[A-Z]{2,}\b", usage) == [], usage
    metavars = re.findall(r"<([^<>]+)>", text)
    assert [m for m in metavars if not (CJK.search(m) or "|" in m or re.fullmatch(r"[a-z][a-z0-9-]*", m))] == []


def test_plan_init_names_its_argument_in_chinese() -> None:
    text = runner.invoke(app, ["init", "-h"]).stdout
    assert text.startswith("用法：plan init [选项] 目录\n")
    assert "  目录  新方案的数据目录（不存在或为空）。" in text and "--years 年份 " in text


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (errno.ENOENT, "文件或文件夹不存在"),
        (errno.EISDIR, "这是一个文件夹，不是文件"),
        (errno.ENOTDIR, "路径中有一段不是文件夹"),
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.EEXIST, "已经存在"),
        (errno.EROFS, "文件系统只读"),
        (errno.ENAMETOOLONG, "文件名或路径过长"),
        (errno.EXDEV, "不能跨磁盘移动文件"),
        (errno.ECONNRESET, "系统错误 ECONNRESET"),  # no meaning of our own: the code, never the English text
    ],
)
def test_operating_system_errors_are_told_in_chinese(number: int, reason: str) -> None:
    from zzgx_plan.files.reading import os_reason

    exc = OSError(number, os.strerror(number), "data/actuals/2024.csv")
    assert os_reason(exc) == os_reason(exc, writing=True) == reason


def test_permission_and_sharing_errors_say_which() -> None:
    from zzgx_plan.files.reading import os_reason

    denied = PermissionError(errno.EACCES, "Permission denied")
    assert (os_reason(denied), os_reason(denied, writing=True)) == ("没有读取权限", "没有写入权限")
    held = PermissionError(errno.EACCES, "The process cannot access the file")
    held.winerror = 32  # type: ignore[attr-defined]  # what Windows says of a sheet open in Excel
    assert os_reason(held) == "文件正被其他程序（如 Excel、WPS）打开；请关闭后重试"
    assert os_reason(OSError("no errno")) == "系统错误（OSError）"


def test_no_operating_system_text_reaches_a_message() -> None:
    """``exc.strerror`` is English on Linux: every OSError shown goes through os_reason."""
    offenders = [(where, text) for where, text in message_strings() if "strerror" in text]
    assert offenders == []
    import zzgx_plan

    root = Path(zzgx_plan.__file__).parent
    uses = [str(p.relative_to(root)) for p in root.rglob("*.py") if ".strerror" in p.read_text(encoding="utf-8")]
    assert uses == []


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            {"type": "string_too_long", "msg": "String should have at most 5 characters", "ctx": {"max_length": 5}},
            "太长：最多 5 个字符",
        ),  # fmt: skip
        ({"type": "uuid_parsing", "msg": "Input should be a valid UUID"}, "取值不符合要求（校验类型 uuid_parsing）"),
    ],
)
def test_pydantic_reasons_never_pass_on_its_english(error: dict, reason: str) -> None:
    """A data file's field that fails a check pydantic words in English: our words, or the check's name."""
    from zzgx_plan.load.pydantic_errors import _message

    assert _message(error) == reason
    assert english_phrases(reason) == []


YAML_SNIPPETS = [
    "a: b: c",
    "a: 'x",
    "a: [1, 2",
    "a: *x",
    'a: "\\q"',
    "a:\n\t- b",
    "a: @x",
    "a: ]",
    "[a, b]]",
    "a: b\n- c",
]
YAML_SNIPPETS += ["%YAML 1.1\n%YAML 1.1\n---\na", "a: &x 1\nb: &x 2", "a: {b: [c, d}", "key: value\n  bad: indent"]


@pytest.mark.parametrize("text", YAML_SNIPPETS)
def test_yaml_syntax_errors_are_told_in_chinese(text: str) -> None:
    """PyYAML's English description is translated, or replaced by a Chinese hint: never passed on."""
    from zzgx_plan.files.yamlfile import parse_yaml

    doc, problems = parse_yaml(text, "data/targets.yaml")
    assert doc is None and [p.code for p in problems] == ["yaml-syntax"]
    message = problems[0].format()
    assert english_phrases(message) == [] and CJK.search(message.split(": ", 2)[-1]), message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('a,"b\n', "文件在引号内意外结束：有一个引号没有配对"),
        ('"' + "x" * 200_000 + '"\n', "有一格超过 131072 个字符，不像是正常的表格内容"),
        ("unknown", "格式有误；请用 Excel 或 WPS 打开后重新另存为 CSV"),
    ],
)
def test_csv_syntax_errors_are_told_in_chinese(text: str, reason: str) -> None:
    from zzgx_plan.files.csvlines import CsvSyntaxError, csv_reason, csv_records

    if text == "unknown":  # a message of the csv module nobody has seen yet
        assert csv_reason("some new complaint") == reason
        return
    with pytest.raises(CsvSyntaxError) as caught:
        list(csv_records(text))
    assert reason in str(caught.value)
