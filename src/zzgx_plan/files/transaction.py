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
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from filelock import FileLock, Timeout

from zzgx_plan.files.atomic import atomic_write_text

LOCK_NAME = ".plan.lock"
JOURNAL_NAME = ".plan-journal.json"
_TMP_PREFIX = ".plan-tmp."


class DataLocked(RuntimeError):
    """Another ``plan`` process held the data directory's lock for too long."""


@contextlib.contextmanager
def data_lock(data_dir: str | Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold the data directory's write lock; finish an interrupted commit first.

    Raises :class:`DataLocked` when the lock is not free within ``timeout`` seconds.
    """
    root = Path(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / LOCK_NAME), timeout=timeout)
    try:
        lock.acquire()
    except Timeout as exc:
        raise DataLocked(f"{root / LOCK_NAME} is held by another plan process") from exc
    try:
        recover(root)
        yield
    finally:
        lock.release()


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
            if target.exists() and target.read_bytes() == content:
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
        journal = [{"tmp": str(tmp.relative_to(root)), "target": str(t.relative_to(root))} for tmp, t in pending]
        atomic_write_text(root / JOURNAL_NAME, json.dumps(journal, ensure_ascii=False, indent=1) + "\n")
    except BaseException:
        for tmp, _ in pending:
            _remove_temporary(root, tmp)
        raise
    with _sigint_deferred():
        _finish(root)
    return [t for _, t in pending]


def recover(data_dir: str | Path) -> None:
    """Finish a commit whose journal exists; remove temporary files of one that never committed."""
    root = Path(data_dir).resolve()
    if (root / JOURNAL_NAME).exists():
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
    """Step 3: rename every journalled temporary file over its target, then drop the journal."""
    journal_path = root / JOURNAL_NAME
    entries = json.loads(journal_path.read_text(encoding="utf-8"))
    for entry in entries:
        tmp, target = root / entry["tmp"], root / entry["target"]
        if tmp.exists():
            _rename(tmp, target)
    _fsync_dirs({(root / e["target"]).parent for e in entries})
    journal_path.unlink()


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
