"""Reading input files that may be hostile: only regular files, inside the data directory, within a size cap.

A data directory arrives through pull requests, e-mailed zips and shared folders. Every file the tool reads
goes through :func:`read_file` (or :func:`open_file` for readers that stream, such as the register reader),
which refuses — by name, before reading a byte — what would hang, leak or exhaust the machine:

* anything that is not a regular file: a FIFO named ``2024.csv`` (opening it would wait forever), a device
  such as ``/dev/zero`` (endless), a directory, a socket;
* a symbolic link whose target lies outside the data directory (``2024.csv -> /etc/passwd`` would print
  the first line of that file into a CI log), and one that loops or dangles;
* a file larger than the cap for its kind (:data:`LIMITS`).

Folders are listed with :func:`list_files`, which reports a folder it cannot open and a file whose name is
not valid UTF-8 (a zip made on Chinese Windows, unpacked on Linux) instead of skipping them silently.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from zzgx_plan.core.problems import Problem, problem

MiB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limit:
    """The largest file of one kind that is read (bytes on disk), and its name in messages."""

    label: str
    max_bytes: int


#: Caps by kind of file (docs/data-files.md). A unit's sheet is small; a register may hold 10^7 rows.
LIMITS: dict[str, Limit] = {
    "plan": Limit("方案文件（measures.yaml / targets.yaml）", 8 * MiB),
    "actuals": Limit("完成值 CSV", 64 * MiB),
    "progress": Limit("措施进展 YAML", 8 * MiB),
    "register": Limit("企业名录 CSV", 4096 * MiB),
    "submission": Limit("报送表", 32 * MiB),
    "document": Limit("方案文件（.docx/.txt）", 20 * MiB),
    "journal": Limit("写入日志", 1 * MiB),
}


class ReadRefused(Exception):
    """A file was not read; ``code`` and ``fields`` fill a problem of the catalogue."""

    def __init__(self, code: str, **fields: Any) -> None:
        super().__init__(code)
        self.code = code
        self.fields = fields

    def problem(self, path: str | Path, line: int | None = None) -> Problem:
        return problem(path, line, self.code, **self.fields)


_KINDS = (
    (stat.S_ISDIR, "文件夹"),
    (stat.S_ISFIFO, "命名管道"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISSOCK, "套接字"),
)


def _kind(mode: int) -> str:
    return next((label for test, label in _KINDS if test(mode)), "特殊文件")


#: What an operating-system error means, in the words users read (the system's own text is English on
#: Linux and in the code page's language on Windows). Every OSError shown to a user goes through :func:`os_reason`.
_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EEXIST: "已经存在",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "磁盘读写错误",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EINVAL: "文件名无效（含有系统不允许的字符？）",
    errno.EROFS: "文件系统只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已满",
    errno.EBUSY: "文件正被其他程序使用",
    errno.ETXTBSY: "文件正被其他程序使用",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "同时打开的文件过多",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.EFBIG: "文件过大",
}
#: Windows reports a file that Excel or WPS holds open as EACCES with winerror 32 (or 33 for a locked range).
_SHARING_VIOLATION = {32, 33}


def os_reason(exc: OSError, writing: bool = False) -> str:
    """A Chinese reason for an operating-system error (``没有读取权限``; ``没有写入权限`` when ``writing``).

    An error without a known meaning is named by its code (``系统错误 EXDEV``), never by the system's text."""
    if getattr(exc, "winerror", None) in _SHARING_VIOLATION:
        return "文件正被其他程序（如 Excel、WPS）打开；请关闭后重试"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有写入权限" if writing else "没有读取权限"
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    if exc.errno is not None:
        return f"系统错误 {errno.errorcode.get(exc.errno, exc.errno)}"
    return f"系统错误（{exc.__class__.__name__}）"


def size_text(size: int) -> str:
    """``12.5 MB``-style size for messages."""
    if size < 1024:
        return f"{size} 字节"
    for unit, factor in (("GB", 1 << 30), ("MB", MiB), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{size} 字节"  # pragma: no cover


def check_inside(path: Path, root: Path) -> Path:
    """The real path of ``path`` after following links; refuse one that leaves ``root`` or cannot be resolved."""
    if has_undecodable_name(path):
        raise ReadRefused("file-name-undecodable")
    real_root = Path(os.path.realpath(root))
    try:
        real = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError as exc:
        if os.path.islink(path):
            raise ReadRefused("symlink-broken", reason="链接目标不存在") from exc
        raise ReadRefused("file-unreadable", reason=os_reason(exc)) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise ReadRefused("symlink-broken", reason=os_reason(exc)) from exc
        raise ReadRefused("file-unreadable", reason=os_reason(exc)) from exc
    except RuntimeError as exc:  # a symlink loop on some Python versions
        raise ReadRefused("symlink-broken", reason="符号链接循环") from exc
    if real != real_root and real_root not in real.parents:
        raise ReadRefused("symlink-outside", target=escape_name(str(real)))
    return real


def open_file(path: str | Path, kind: str, root: str | Path | None = None) -> BinaryIO:
    """Open a file for reading after the checks of this module; the caller closes it.

    ``root`` is the data directory the file must stay inside (None for a file the user named on the
    command line, which may live anywhere but must still be a regular file within the cap).
    Raises :class:`ReadRefused`.
    """
    p = Path(path)
    target = check_inside(p, Path(root)) if root is not None else p
    if root is None and has_undecodable_name(p):
        raise ReadRefused("file-name-undecodable")
    try:
        # The file object owns the descriptor from the start (opener): a Ctrl-C between two calls can leave
        # an unreferenced file object, which closes its own descriptor, never one closed twice.
        fh = open(target, "rb", opener=_open_nonblocking)  # noqa: SIM115 -- returned to the caller
    except IsADirectoryError:
        raise ReadRefused("file-not-regular", kind=_kind(stat.S_IFDIR)) from None
    except OSError as exc:
        raise ReadRefused("file-unreadable", reason=os_reason(exc)) from exc
    try:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ReadRefused("file-not-regular", kind=_kind(st.st_mode))
        limit = LIMITS[kind]
        if st.st_size > limit.max_bytes:
            raise ReadRefused(
                "file-too-large", size=size_text(st.st_size), limit=size_text(limit.max_bytes), kind=limit.label
            )
        os.set_blocking(fh.fileno(), True)
        return fh
    except BaseException:
        fh.close()
        raise


def _open_nonblocking(path: str, flags: int) -> int:
    """O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused after fstat)."""
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))


def read_file(path: str | Path, kind: str, root: str | Path | None = None) -> bytes:
    """The bytes of a file, read after the checks of :func:`open_file` (at most the cap for ``kind``)."""
    limit = LIMITS[kind].max_bytes
    with open_file(path, kind, root) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise ReadRefused("file-unreadable", reason=os_reason(exc)) from exc
    if len(data) > limit:  # the file grew while being read
        raise ReadRefused(
            "file-too-large", size=f"> {size_text(limit)}", limit=size_text(limit), kind=LIMITS[kind].label
        )
    return data


def read_problem(path: str | Path, kind: str, root: str | Path | None = None) -> tuple[bytes | None, list[Problem]]:
    """:func:`read_file` for loaders: ``(bytes, [])`` or ``(None, [the located refusal])``."""
    try:
        return read_file(path, kind, root), []
    except ReadRefused as exc:
        return None, [exc.problem(path)]


# --------------------------------------------------------------------------- names and folders


def has_undecodable_name(path: str | Path) -> bool:
    """True when a path holds bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def escape_name(text: str) -> str:
    """A path that can be printed: undecodable bytes shown as ``\\xff``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def list_files(folder: Path, suffixes: Iterable[str], recursive: bool = True) -> tuple[list[Path], list[Problem]]:
    """Files under ``folder`` whose suffix (any case) is one of ``suffixes``, sorted; and the problems.

    A folder that cannot be opened (permissions) is an error naming it, never an empty folder; a file with a
    wanted suffix whose name is not valid UTF-8 is an error naming it (bytes escaped), and is not listed.
    Symbolic links to folders are not followed. A missing ``folder`` gives no files and no problem.
    """
    wanted = tuple(s.lower() for s in suffixes)
    found: list[Path] = []
    problems: list[Problem] = []
    pending = [folder]
    first = True
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as it:
                entries = list(it)
        except FileNotFoundError:
            if not first:
                problems.append(problem(current, None, "folder-unreadable", reason="文件夹不存在"))
            first = False
            continue
        except NotADirectoryError:
            first = False
            continue
        except OSError as exc:
            problems.append(problem(current, None, "folder-unreadable", reason=os_reason(exc)))
            first = False
            continue
        first = False
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if recursive:
                    pending.append(path)
                continue
            if not entry.name.lower().endswith(wanted):
                continue
            if has_undecodable_name(path):
                problems.append(problem(path, None, "file-name-undecodable"))
                continue
            found.append(path)
    return sorted(found), problems
