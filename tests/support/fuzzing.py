"""A seeded mutation fuzzer for the files ``plan`` reads (#14 "Keep it true").

Each case takes a realistic seed file (an actuals CSV, targets/measures YAML, a progress YAML, a register
CSV, a submission workbook (.xlsx, .xls) or CSV), applies one to four mutations drawn from a seeded
:class:`random.Random` — tokens that have broken parsers before (``1e308``, 400 digits, ``.nan``, ``true``,
``2024-Q9``, ``=cmd|…``, YAML tags and aliases, NUL, BOM, CR, quotes), deleted, duplicated and swapped
lines, truncation, flipped bytes, a re-encoding — and runs the command a user would run on it, in process,
under a guard that turns a hang into a failure:

* data files: ``plan validate --format json`` and, when that passes, ``plan status 2024 --format json``;
* submissions: ``plan import FILE --dry-run --format json``.

An outcome is bad when the command raises (an internal error), exits with anything but 0, 1 or 2, or
exits 1 with a message that is not located: every problem must name a file, and a line or a cell unless
it is about the whole file (:data:`FILE_LEVEL_CODES`). Same seed, same cases, on every machine.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
import shutil
import signal
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.language import english_phrases

#: Problems about a whole file, which have no line to point at.
FILE_LEVEL_CODES = {
    "file-missing",
    "file-empty",
    "file-unreadable",
    "encoding-unknown",
    "file-not-regular",
    "symlink-outside",
    "symlink-broken",
    "file-too-large",
    "folder-unreadable",
    "file-name-undecodable",
    "journal-pending",
    "journal-refused",
    "archive-refused",
    "no-table",
    "csv-delimiter",
}

TOKENS = [
    "",
    "0",
    "-1",
    "-50",
    "1e308",
    "1" + "0" * 308,
    "9" * 400,
    "NaN",
    "inf",
    ".inf",
    "-.inf",
    ".nan",
    "true",
    "yes",
    "~",
    "null",
    "2024",
    "'2024'",
    "2024-Q9",
    "2024-13",
    "2024-00",
    "1900",
    "9999",
    "99999-Q1",
    "2024-Q3",
    "2025-12",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://e","x")',
    "@SUM(1)",
    "+1",
    "\x00",
    "\ufeff",
    "\r",
    "\n",
    "\r\n",
    "\t",
    '"',
    "'",
    ",",
    ";",
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "*a",
    "&a ",
    "!!python/object/apply:os.system ['id']",
    "!!binary aGVsbG8=",
    "!!set {a}",
    "<<: *a",
    "? ",
    "％",
    "１７０００",
    "17,000",
    "1,7000",
    "95%",
    "120%",
    "-0",
    "0x10",
    "1_000",
    "0.1",
    "3.14159265358979323846264338327950288",
    "😀",
    "\u2028",
    "../../x",
    "市场监管局",
    "创新发展局",
    "gazelles",
    "new_market_entities",
    "rd_activity_coverage",
    "increment",
    "ytd",
    "推进中",
    "已完成",
    "滞后",
    "瞪羚（潜在）企业总量",
    "91410100MA44XXXX0X",
    "2023-02-29",
    "2024-02-29",
    "2024-09-31",
]

XML_TOKENS = [
    "<v>inf</v>",
    "<v>nan</v>",
    "<v>" + "1" * 5000 + "</v>",
    "<v>1e400</v>",
    "<v>-0</v>",
    "<v>12abc</v>",
    'r="XFD1048576"',
    'r="A0"',
    'r="ZZZZ1"',
    't="e"',
    't="s"',
    't="b"',
    't="d"',
    't="inlineStr"',
    't="str"',
    "<f>1/0</f>",
    "<f>SUM(A1:A2)</f>",
    "</row>",
    "<row>",
    '<row r="1048576">',
    '<row r="0">',
    "<c>",
    "</c>",
    "&#0;",
    "&#x1;",
    "&amp;",
    "&nope;",
    "<![CDATA[x]]>",
    "<!DOCTYPE x [<!ENTITY a 'b'>]>",
    '<dimension ref="A1:XFD1048576"/>',
    's="99"',
    's="-1"',
    "<si><t>x</t></si>",
]


@dataclass
class Outcome:
    """What one case did."""

    exit_code: int | None
    error: str = ""  # an exception's traceback, an exit code out of range, or an unlocated message
    unlocated: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)  # messages that carry an English phrase


@dataclass
class Tally:
    """Counts over many cases, for the closing note: cases, exits, internal errors, unlocated messages."""

    cases: int = 0
    exits: Counter[int | None] = field(default_factory=Counter)
    internal_errors: int = 0
    bad_exits: int = 0
    unlocated: int = 0
    english: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, label: str, outcome: Outcome) -> None:
        self.cases += 1
        self.exits[outcome.exit_code] += 1
        if outcome.error.startswith("internal error"):
            self.internal_errors += 1
        elif outcome.error:
            self.bad_exits += 1
        self.unlocated += len(outcome.unlocated)
        self.english += len(outcome.english)
        if outcome.error or outcome.unlocated or outcome.english:
            detail = outcome.error or "; ".join(outcome.unlocated + outcome.english)
            self.failures.append(f"{label}: {detail[-2500:]}")

    def summary(self) -> str:
        exits = ", ".join(f"{k}: {v}" for k, v in sorted(self.exits.items(), key=lambda kv: str(kv[0])))
        return (
            f"{self.cases} cases; exits {{{exits}}}; internal errors {self.internal_errors}; "
            f"bad exit codes {self.bad_exits}; unlocated messages {self.unlocated}; English messages {self.english}"
        )


# --------------------------------------------------------------------------- mutations


def _insert(rng: random.Random, text: str, tokens: list[str]) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(tokens) + text[at:]


def _replace_span(rng: random.Random, text: str, tokens: list[str]) -> str:
    if not text:
        return rng.choice(tokens)
    a = rng.randrange(len(text))
    b = min(len(text), a + rng.randint(1, 12))
    return text[:a] + rng.choice(tokens) + text[b:]


def _replace_field(rng: random.Random, text: str, tokens: list[str]) -> str:
    """Replace one field between separators (a CSV cell, a YAML value, an XML text) with a token."""
    spans = [m.span() for m in re.finditer(r"[^,:\n<>\"\[\]{}]+", text)]
    if not spans:
        return _insert(rng, text, tokens)
    a, b = rng.choice(spans)
    return text[:a] + rng.choice(tokens) + text[b:]


def _delete(rng: random.Random, text: str, tokens: list[str]) -> str:
    if not text:
        return text
    a = rng.randrange(len(text))
    return text[:a] + text[a + rng.randint(1, 40) :]


def _lines_op(rng: random.Random, text: str, tokens: list[str]) -> str:
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    kind = rng.randrange(4)
    if kind == 0:
        lines.insert(j, lines[i])  # duplicate
    elif kind == 1:
        lines[i], lines[j] = lines[j], lines[i]  # swap
    elif kind == 2:
        del lines[i]
    else:
        lines[i:i] = [lines[i]] * rng.choice((20, 200))  # repeat
    return "\n".join(lines)


def _truncate(rng: random.Random, text: str, tokens: list[str]) -> str:
    return text[: rng.randrange(len(text) + 1)]


TEXT_OPS: list[Callable[[random.Random, str, list[str]], str]] = [
    _insert,
    _replace_span,
    _replace_field,
    _replace_field,
    _delete,
    _lines_op,
    _lines_op,
    _truncate,
]


def mutate_text(rng: random.Random, text: str, tokens: list[str] = TOKENS) -> bytes:
    """One to four text mutations, then the bytes as a user's editor might save them."""
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        text = rng.choice(TEXT_OPS)(rng, text, tokens)
    encoding = rng.choices(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"], [70, 10, 12, 4, 4])[0]
    data = text.encode(encoding, "surrogateescape" if encoding.startswith("utf-8") else "replace")
    if rng.random() < 0.1:
        data = flip_bytes(rng, data)
    return data


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    raw = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    return bytes(raw)


def mutate_xlsx(rng: random.Random, data: bytes) -> bytes:
    """A workbook with one of its XML parts mutated (mostly the sheet), or its bytes flipped."""
    if rng.random() < 0.15:
        return flip_bytes(rng, data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    sheets = [n for n in parts if n.startswith("xl/worksheets/")]
    others = [n for n in parts if n.endswith(".xml") and n not in sheets]
    name = rng.choice(sheets) if rng.random() < 0.8 else rng.choice(others)
    text = parts[name].decode("utf-8", "surrogateescape")
    tokens = XML_TOKENS + TOKENS if rng.random() < 0.5 else TOKENS
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        text = rng.choice(TEXT_OPS)(rng, text, tokens)
    parts[name] = text.encode("utf-8", "surrogateescape")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part, content in parts.items():
            z.writestr(part, content)
    return out.getvalue()


def mutate_xls(rng: random.Random, data: bytes) -> bytes:
    """An .xls with bytes of its record stream changed (re-wrapped in a sound container, so that the records reach
    the reader), or the file's own bytes flipped (the container damaged), or the file cut short."""
    from tests.support.legacy_sheets import workbook_stream
    from zzgx_plan.submissions.legacy import _container

    roll = rng.random()
    if roll < 0.25:
        return flip_bytes(rng, data)
    if roll < 0.35:
        return data[: rng.randrange(len(data))]
    return _container("Workbook", flip_bytes(rng, workbook_stream(data)))


# --------------------------------------------------------------------------- running a case


class Hang(Exception):
    """The guard's alarm: the case ran longer than the guard."""


@contextlib.contextmanager
def guard(seconds: int) -> Iterator[None]:
    """Raise :class:`Hang` in the running code after ``seconds`` (SIGALRM; main thread only)."""

    def ring(signum: int, frame: object) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


_LOCATED_TEXT = re.compile(r"^(?P<path>.+?\.(csv|xlsx|xlsm|yaml|yml|txt|json|xls|et))(?P<where>:[^:\s]+)?: ")


def run_cli(args: list[str], guard_seconds: int) -> tuple[int | None, str, str, str]:
    """(exit code, stdout, stderr, error) of ``plan ARGS`` in process; error is a traceback or a hang."""
    from typer.testing import CliRunner

    from zzgx_plan.cli import app

    runner = CliRunner()
    try:
        with guard(guard_seconds):
            result = runner.invoke(app, args, catch_exceptions=True)
    except Hang as exc:
        return None, "", "", f"hang: {exc}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        tb = "".join(traceback.format_exception(result.exception))
        return None, result.stdout, result.stderr, f"internal error: {tb}"
    return result.exit_code, result.stdout, result.stderr, ""


def check_validate(data_dir: Path, guard_seconds: int) -> Outcome:
    """``plan validate --format json`` on a data directory, then ``plan status 2024`` if it passed."""
    code, out, err, error = run_cli(["validate", "--format", "json", "--data", str(data_dir)], guard_seconds)
    if error:
        return Outcome(code, error)
    if code not in (0, 1, 2):
        return Outcome(code, f"exit code {code}: {err[-500:]}")
    unlocated: list[str] = []
    if code == 1:
        try:
            doc = json.loads(out)
        except ValueError:
            return Outcome(code, f"validate --format json printed no JSON: {out[:300]!r} {err[:300]!r}")
        english = [f"English: {p['message']}" for p in doc.get("problems", []) if english_phrases(p["message"])]
        for p in doc.get("problems", []):
            if p["severity"] != "error":
                continue
            if not p["path"]:
                unlocated.append(f"no file: {p}")
            elif p["line"] is None and p["location"] is None and p["code"] not in FILE_LEVEL_CODES:
                unlocated.append(f"no line: {p['path']}: {p['code']}: {p['message']}")
        return Outcome(code, "", unlocated, english)
    if code == 0:
        code2, _out, err2, error2 = run_cli(
            ["status", "2024", "--format", "json", "--data", str(data_dir)], guard_seconds
        )
        if error2:
            return Outcome(code2, f"status after a passing validate: {error2}")
        if code2 != 0:
            return Outcome(code2, f"status exit {code2} after a passing validate: {err2[-500:]}")
    return Outcome(code)


def check_import(path: Path, data_dir: Path, guard_seconds: int) -> Outcome:
    """``plan import FILE --dry-run --format json``: exit 0/1/2, every error line naming a file."""
    args = ["import", str(path), "--dry-run", "--format", "json", "--data", str(data_dir)]
    code, _out, err, error = run_cli(args, guard_seconds)
    if error:
        return Outcome(code, error)
    if code not in (0, 1, 2):
        return Outcome(code, f"exit code {code}: {err[-500:]}")
    unlocated: list[str] = []
    english = [f"English: {line}" for line in err.splitlines() if english_phrases(line.split(": ", 2)[-1])]
    if code == 1:
        for line in err.splitlines():
            if not line.strip() or line.startswith("plan") or line.startswith(" "):
                continue  # the closing summary ("plan: 3 处错误……") and continuation lines
            if not _LOCATED_TEXT.match(line):
                unlocated.append(line)
    return Outcome(code, "", unlocated, english)


@dataclass(frozen=True)
class Target:
    """One kind of file to fuzz: the seed file inside a data directory (or a submission beside it)."""

    name: str
    seed: str  # path relative to the data directory, or "submission.xlsx"/"submission.csv"
    cases: int


def run_target(target: Target, base: Path, work: Path, seed: int, guard_seconds: int, tally: Tally) -> None:
    """Run ``target.cases`` cases on a copy of the data directory ``base`` kept in ``work``."""
    rng = random.Random(f"{target.name}-{seed}")
    data = work / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(base, data)
    if target.seed.startswith("submission"):
        original = (base.parent / target.seed).read_bytes()
        path = work / target.seed
    else:
        path = data / target.seed
        original = path.read_bytes()
    for n in range(target.cases):
        if target.seed.endswith(".xlsx"):
            content = mutate_xlsx(rng, original)
        elif target.seed.endswith(".xls"):
            content = mutate_xls(rng, original)
        else:
            content = mutate_text(rng, original.decode("utf-8"))
        path.write_bytes(content)
        if target.seed.startswith("submission"):
            outcome = check_import(path, data, guard_seconds)
        else:
            outcome = check_validate(data, guard_seconds)
        tally.add(f"{target.name} #{n}", outcome)
        if outcome.error or outcome.unlocated or outcome.english:
            (work / "failures").mkdir(exist_ok=True)
            (work / "failures" / f"{target.name}-{n}{path.suffix}").write_bytes(content)
    path.write_bytes(original)


# --------------------------------------------------------------------------- the corpus


#: The kinds of file fuzzed and how many cases each gets at scale 1 (the CI run: about two minutes).
TARGETS = [
    Target("actuals-csv", "actuals/2024.csv", 260),
    Target("targets-yaml", "targets.yaml", 200),
    Target("measures-yaml", "measures.yaml", 80),
    Target("progress-yaml", "progress/2024-Q3.yaml", 200),
    Target("register-csv", "registers/example_gazelles.csv", 120),
    Target("submission-xlsx", "submission.xlsx", 160),
    Target("submission-xls", "submission.xls", 100),
    Target("submission-csv", "submission.csv", 100),
]


def build_corpus(fixture: Path, top: Path) -> Path:
    """A small data directory (the 2024-Q3 example, one register trimmed to 40 rows) in ``top/data``, and a
    submission workbook (.xlsx and .xls) and CSV beside it; returns the data directory."""
    import openpyxl

    data = top / "data"
    shutil.copytree(fixture, data)
    registers = data / "registers"
    keep = registers / "example_gazelles.csv"
    head = keep.read_text(encoding="utf-8").splitlines(keepends=True)[:41]
    for path in registers.glob("*.csv"):
        path.unlink()
    keep.write_text("".join(head), encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(["指标", "期间", "数值", "口径", "报送单位", "备注"])
    ws.append(["年新增市场主体", "2024-Q4", 4100, "本期增量", "市场监管局", "示例"])
    ws.append(["瞪羚（潜在）企业总量", "2024-Q4", "340", None, "创新发展局", None])
    ws.append(["规上工业企业研发活动覆盖率", "2025-Q2", 0.62, None, "创新发展局", None])
    ws["C4"].number_format = "0%"
    ms = wb.create_sheet("措施进展")
    ms.append(["措施编号", "进展状态", "进展情况", "下一步计划", "报送单位", "期间"])
    ms.append([1, "推进中", "新上线“一件事”2项", "继续推进", "市场监管局", "2024-Q4"])
    ms.append([9, "已完成", "完成", "", "创新发展局", "2024-Q4"])
    wb.save(top / "submission.xlsx")
    from tests.support.legacy_sheets import write_xls

    write_xls(
        top / "submission.xls",
        {
            "指标": [
                ["指标", "期间", "数值", "口径", "报送单位", "备注"],
                ["年新增市场主体", "2024-Q4", 4100, "本期增量", "市场监管局", "示例"],
                ["瞪羚（潜在）企业总量", "2024-Q4", "340", None, "创新发展局", None],
                ["规上工业企业研发活动覆盖率", "2025-Q2", (0.62, "0%"), None, "创新发展局", ("=1+1",)],
            ],
            "措施进展": [
                ["措施编号", "进展状态", "进展情况", "报送单位", "期间"],
                [1, "推进中", "推进", "市场监管局", "2024-Q4"],
            ],
        },
        merged_title="报送表",
    )
    (top / "submission.csv").write_text(
        '指标,期间,数值,备注\n年新增市场主体,2024-Q4,"4,100",示例\n瞪羚（潜在）企业总量,2024-Q4,340,\n',
        encoding="utf-8",
    )
    return data
