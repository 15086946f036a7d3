"""Safe file writing: every write goes to a temporary file in the target's
directory and is renamed over the target, so a crash, a full disk or Ctrl-C
leaves either the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s new content to: it replaces ``path`` (temp file + fsync + rename in
    the same directory, the old file's mode kept) only when the block ends without an error."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path) as fh:
        fh.write(data)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` atomically; line ends are written exactly as given."""
    atomic_write_bytes(path, text.encode(encoding))


class NotRegularFile(OSError):
    """The output path holds something other than a regular file (a device, a FIFO, a link, a folder)."""


class ForeignFolder(OSError):
    """The folder a report's files go to exists and holds something this tool did not write there
    (a subfolder, a link, a file of another kind): it is never replaced, not even with ``--force``."""


class FolderExists(FileExistsError):
    """The folder a report's files go to exists, and replacing was not asked for."""


def write_output_bytes(path: str | Path, data: bytes, replace: bool = False) -> None:
    """Write a file made for people (a report, a template, an export) atomically, never clobbering by accident.

    Without ``replace`` the file is created only if nothing is there — checked and done in one step
    (a hard link of the finished temporary file, which fails if the name exists, even as a dangling
    symbolic link), so a file created meanwhile by someone else is never replaced: raises
    :class:`FileExistsError`. With ``replace`` only a regular file is replaced: a symbolic link, a
    device node, a FIFO or a folder raises :class:`NotRegularFile`.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # a file where a folder should be
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(target.parent)) from exc
    mode = 0o644
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    if st is not None:
        if not replace:
            raise FileExistsError(errno.EEXIST, "exists", str(target))
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EEXIST, "不是普通文件", str(target))
        mode = st.st_mode & 0o777
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if replace:
            os.replace(tmp, target)
        else:
            _create_from(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _create_from(tmp: str, target: Path) -> None:
    """Give the finished ``tmp`` the name ``target`` only if that name is free (atomic check-and-create)."""
    try:
        os.link(tmp, target, follow_symlinks=False)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
    # A file system without hard links (some network shares, FAT): claim the name exclusively, then fill it.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.close(fd)
    os.replace(tmp, target)


def _check_replaceable(folder: Path, suffixes: set[str], replace: bool) -> None:
    """An existing folder is replaced only when asked to (``replace``) and only when everything in it is a
    regular file of the kinds written there (``.svg`` charts): a folder of the user's own that happens to
    share the report's name is never deleted."""
    for entry in os.scandir(folder):
        if not entry.is_file(follow_symlinks=False) or Path(entry.name).suffix not in suffixes:
            raise ForeignFolder(errno.EEXIST, "含有本工具未写入的内容", str(folder))
    if not replace:
        raise FolderExists(errno.EEXIST, "已存在", str(folder))


def write_file_and_folder(target: str | Path, content: bytes, files: dict[str, bytes], replace: bool = False) -> None:
    """Write ``target`` and a folder of files next to it (``files``: paths relative to ``target``'s parent,
    all inside one folder, e.g. ``2024-Q3/overview.svg``) so that a reader never sees a half-written set.

    Everything is first written and fsync'ed under a temporary folder; then the old folder (if any) is
    moved aside, the new one renamed into place, and ``target`` replaced last, in one rename: that is the
    commit point. On an error before it, the old folder is put back and nothing is left behind.
    Without ``replace`` the file is created only if its name is still free at that moment (as
    :func:`write_output_bytes`): raises :class:`FileExistsError`, leaving everything as it was; an existing
    folder raises :class:`FolderExists`. A folder holding anything but files of the kinds in ``files``
    raises :class:`ForeignFolder`, even with ``replace``.
    """
    import shutil

    target = Path(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    folders = {Path(name).parts[0] for name in files}
    if len(folders) != 1 or any(len(Path(name).parts) != 2 for name in files):
        raise ValueError("files must lie directly inside one folder")
    folder = parent / folders.pop()
    for existing, is_kind in ((target, stat.S_ISREG), (folder, stat.S_ISDIR)):
        try:
            st = os.lstat(existing)
        except FileNotFoundError:
            continue
        if not is_kind(st.st_mode):  # a link, a device, a FIFO: never written through
            raise NotRegularFile(errno.EEXIST, "不是普通文件或文件夹", str(existing))
    if folder.exists():
        _check_replaceable(folder, {Path(name).suffix for name in files}, replace)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    aside: Path | None = None
    try:
        new_folder = staging / folder.name
        new_folder.mkdir()
        for name, data in files.items():
            with open(staging / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=staging)
        report = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(report, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        if folder.exists():
            aside = staging / ".previous"
            os.replace(folder, aside)
        os.replace(new_folder, folder)
        try:
            if replace:
                os.replace(report, target)
            else:
                _create_from(str(report), target)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            if aside is not None:
                os.replace(aside, folder)
                aside = None
            raise
    finally:
        if aside is not None and not folder.exists():
            os.replace(aside, folder)  # failed before the new folder was in place: put the old one back
        shutil.rmtree(staging, ignore_errors=True)
