"""All-or-nothing writes of several files in the data directory, under a lock.

``plan import`` may change several files at once (``data/actuals/2024.csv``
and ``data/progress/2024-Q3.yaml``); a crash, a full disk or Ctrl-C must leave
either all of the new files or none of them. A single ``os.replace`` is atomic,
a sequence of them is not, so a write goes in three steps:

1. every new file is written to a temporary file next to its target and
   fsync'ed (nothing visible has changed; an interruption here only leaves
   temporary files, which the next writer removes);
2. a journal listing the renames is written atomically — the commit point;
3. the temporary files are renamed over their targets and the journal removed.

A writer that finds a journal (the previous one died in step 3) finishes its
renames before doing anything else, so the data directory always ends up in
the old state or the new one. Writers are serialised by a lock file
(:mod:`filelock`), so two ``plan import``/``plan record`` runs at once both land.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from zzgx_plan.core.problems import Problem, problem
from zzgx_plan.files.atomic import atomic_write_text
from zzgx_plan.files.reading import ReadRefused, os_reason, read_file

LOCK_NAME = ".plan.lock"
JOURNAL_NAME = ".plan-journal.json"
_TMP_PREFIX = ".plan-tmp."


class DataLocked(RuntimeError):
    """Another ``plan`` process held the data directory's lock for too long."""


class WriteRefused(OSError):
    """The data directory cannot be written safely; nothing was changed. ``problems`` say where and why;
    ``detail`` keeps the system's own words for a failed write (``No space left on device``)."""

    def __init__(self, problems: list[Problem], detail: str = "") -> None:
        text = "; ".join(p.format() for p in problems)
        super().__init__(f"{text} ({detail})" if detail else text)
        self.problems = problems


@contextlib.contextmanager
def data_lock(data_dir: str | Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold the data directory's write lock; finish an interrupted commit first.

    Raises :class:`DataLocked` when the lock is not free within ``timeout`` seconds, and
    :class:`WriteRefused` when the lock cannot be taken safely (a read-only directory, a lock path
    that is a folder or a symbolic link) or a leftover journal is not one this tool wrote.
    """
    root = Path(data_dir)
    lock_path = root / LOCK_NAME
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteRefused([problem(root, None, "write-failed", reason=os_reason(exc, writing=True))]) from exc
    _check_lock_path(lock_path)
    from filelock import FileLock, Timeout  # only writers need it (readers import this module for its names)

    lock = FileLock(str(lock_path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise DataLocked(f"数据目录正被另一个 plan 进程写入（锁文件 {root / LOCK_NAME}）") from exc
    except OSError as exc:
        raise WriteRefused([problem(lock_path, None, "write-failed", reason=os_reason(exc, writing=True))]) from exc
    try:
        recover(root)
        yield
    finally:
        lock.release()


def _check_lock_path(lock_path: Path) -> None:
    """The lock file must be a regular file (or not exist): opening a link would truncate its target."""
    try:
        st = os.lstat(lock_path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteRefused([problem(lock_path, None, "write-failed", reason=os_reason(exc, writing=True))]) from exc
    if not stat.S_ISREG(st.st_mode):
        kind = "符号链接" if stat.S_ISLNK(st.st_mode) else "文件夹" if stat.S_ISDIR(st.st_mode) else "特殊文件"
        raise WriteRefused([problem(lock_path, None, "lock-path-bad", kind=kind)])


def commit_files(data_dir: str | Path, files: Mapping[str, bytes]) -> list[Path]:
    """Replace every file in ``files`` (paths inside ``data_dir``) all or nothing.

    Call it while holding :func:`data_lock`. Returns the paths written, in order.
    Files whose content would not change are not touched.
    """
    root = Path(data_dir).resolve()
    pending: list[tuple[Path, Path]] = []  # (temporary file, target)
    try:
        for name, content in files.items():
            target = Path(name) if Path(name).is_absolute() else root / name
            _check_inside(root, target)
            _check_writable(target)
            if target.exists() and _current_bytes(target) == content:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f"{_TMP_PREFIX}{target.name}.", suffix=".tmp", dir=target.parent)
            pending.append((Path(tmp_name), target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
            os.chmod(tmp_name, mode)
        if not pending:
            return []
        journal = [
            {"tmp": tmp.relative_to(root).as_posix(), "target": t.relative_to(root).as_posix()} for tmp, t in pending
        ]
        atomic_write_text(root / JOURNAL_NAME, json.dumps(journal, ensure_ascii=False, indent=1) + "\n")
    except BaseException as exc:
        for tmp, _ in pending:
            _remove_temporary(root, tmp)
        if isinstance(exc, OSError):  # a read-only folder, a full disk: refused, nothing changed
            where = exc.filename if isinstance(exc.filename, str) else root
            raise WriteRefused(
                [problem(where, None, "write-failed", reason=os_reason(exc, writing=True))], str(exc)
            ) from exc
        raise
    with _sigint_deferred():
        _finish(root)
    return [t for _, t in pending]


def recover(data_dir: str | Path) -> None:
    """Finish a commit whose journal exists; remove temporary files of one that never committed."""
    root = Path(data_dir).resolve()
    if os.path.lexists(root / JOURNAL_NAME):
        _finish(root)
    for tmp in list(root.rglob(f"{_TMP_PREFIX}*.tmp")):
        _remove_temporary(root, tmp)


def _remove_temporary(root: Path, tmp: Path) -> None:
    """Remove a temporary file, and its folder if that is now empty (one a new file needed)."""
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    if tmp.parent != root:
        with contextlib.suppress(OSError):
            tmp.parent.rmdir()


def _finish(root: Path) -> None:
    """Step 3: rename every journalled temporary file over its target, then drop the journal.

    The journal is checked whole before any rename: a journal committed into the repository (or edited)
    must not move files around, so one that does not parse, or names anything but this tool's own
    temporary files and their targets inside the data directory, is refused (:class:`WriteRefused`).
    """
    journal_path = root / JOURNAL_NAME
    entries = read_journal(root)
    for tmp, target in entries:
        if os.path.lexists(tmp):
            _rename(tmp, target)
    _fsync_dirs({target.parent for _, target in entries})
    journal_path.unlink()


def read_journal(root: Path) -> list[tuple[Path, Path]]:
    """The (temporary file, target) pairs of the journal in ``root``, after checking every entry."""
    journal_path = root / JOURNAL_NAME

    def refuse(reason: str, entry: int | None = None) -> WriteRefused:
        where = f"第 {entry} 项：" if entry is not None else ""
        return WriteRefused([problem(journal_path, None, "journal-refused", reason=where + reason)])

    try:
        raw = read_file(journal_path, "journal", root)
    except ReadRefused as exc:
        raise WriteRefused([exc.problem(journal_path)]) from exc
    try:
        entries = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise refuse("内容不是有效的 JSON") from exc
    if not isinstance(entries, list):
        raise refuse("内容不是写入清单")
    pairs: list[tuple[Path, Path]] = []
    for n, entry in enumerate(entries, start=1):
        if not (isinstance(entry, dict) and set(entry) == {"tmp", "target"}):
            raise refuse("应只有 tmp 和 target 两项", n)
        tmp_name, target_name = entry["tmp"], entry["target"]
        if not (isinstance(tmp_name, str) and isinstance(target_name, str)):
            raise refuse("tmp 和 target 应是文件路径", n)
        target = _journal_target(root, target_name)
        if target is None:
            raise refuse(f"目标 {target_name!r} 不是数据目录中的数据文件", n)
        tmp = root / tmp_name
        if not _is_own_temporary(tmp_name, target_name) or (os.path.lexists(tmp) and not _regular(tmp)):
            raise refuse(f"{tmp_name!r} 不是本工具为 {target_name!r} 写的临时文件", n)
        pairs.append((tmp, target))
    return pairs


_DATA_SUFFIXES = (".csv", ".yaml", ".yml")


def _journal_target(root: Path, name: str) -> Path | None:
    """The target a journal entry names, if it is a data file inside ``root``: a relative path without
    ``..`` or hidden parts (``.git``), a data file suffix, not reached through a link out of ``root``, and
    a regular file when it exists. Else None."""
    rel = PurePosixPath(name)
    if rel.is_absolute() or not rel.parts or "\\" in name or ":" in name:
        return None
    if any(part in ("", ".", "..") or part.startswith(".") for part in rel.parts):
        return None
    if rel.suffix.lower() not in _DATA_SUFFIXES:
        return None
    target = root.joinpath(*rel.parts)
    try:
        parent = Path(os.path.realpath(target.parent))
    except (OSError, RuntimeError):
        return None
    real_root = Path(os.path.realpath(root))
    if parent != real_root and real_root not in parent.parents:
        return None
    if os.path.lexists(target) and not _regular(target):
        return None
    return target


def _is_own_temporary(tmp_name: str, target_name: str) -> bool:
    """``dir/.plan-tmp.NAME.XXXX.tmp`` next to its target ``dir/NAME``, as :func:`commit_files` names them."""
    tmp, target = PurePosixPath(tmp_name), PurePosixPath(target_name)
    if tmp.parent != target.parent or "\\" in tmp_name:
        return False
    prefix = f"{_TMP_PREFIX}{target.name}."
    middle = tmp.name[len(prefix) : -len(".tmp")]
    return (
        tmp.name.startswith(prefix)
        and tmp.name.endswith(".tmp")
        and bool(middle)
        and "/" not in middle
        and ".." not in middle
    )


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _current_bytes(target: Path) -> bytes | None:
    """A target's current content (None when it cannot be read: it is then rewritten)."""
    try:
        return read_file(target, "register")
    except ReadRefused:
        return None


def check_writable(data_dir: str | Path, names: Iterable[str]) -> None:
    """Refuse (:class:`WriteRefused`) before any work when a file to be replaced is read-only or not a
    regular file; :func:`commit_files` checks the same again under the lock."""
    root = Path(data_dir)
    problems: list[Problem] = []
    for name in names:
        try:
            _check_writable(root / name)
        except WriteRefused as exc:
            problems += exc.problems
    if problems:
        raise WriteRefused(problems)


def _check_writable(target: Path) -> None:
    """Refuse to replace a file its owner made read-only, or anything but a regular file."""
    if not os.path.lexists(target):
        return
    if not _regular(target):
        raise WriteRefused([problem(target, None, "write-failed", reason="这不是普通文件")])
    if not os.access(target, os.W_OK):
        raise WriteRefused([problem(target, None, "write-failed", reason="文件是只读的")])


def _rename(tmp: Path, target: Path) -> None:
    """One rename of step 3 (a separate function so tests can interrupt the commit here)."""
    os.replace(tmp, target)


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Let Ctrl-C arrive only after the renames: step 3 is short and should not be cut in half.

    (A hard kill can still cut it; the journal covers that case.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[object] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            if callable(previous):  # deliver it the way the program handles Ctrl-C (the CLI: exit 130)
                signal.raise_signal(signal.SIGINT)
            raise KeyboardInterrupt


def _fsync_dirs(dirs: set[Path]) -> None:
    for d in sorted(dirs):
        with contextlib.suppress(OSError):
            fd = os.open(d, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _check_inside(root: Path, target: Path) -> None:
    try:
        target.resolve().relative_to(root.resolve())
    except ValueError as exc:
        raise ValueError(f"{target} is outside the data directory {root}") from exc
