"""Read plan files out of git: the repository top, a file at a revision, a path's commit log.

Plan data lives in a git repository and changes through reviewed pull requests, so
``plan diff`` and ``plan history`` need the plan *as it was* at a revision. This
module is the only place that talks to git. It runs the ``git`` program (no
library dependency, no network) with a fixed locale and turns every failure —
no git installed, a folder outside any repository, an unknown revision — into a
:class:`GitError` whose message the CLI prints as is (exit 1, no traceback).
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zzgx_plan.core.problems import Problem

#: The revision name that means "the files as they are on disk now".
WORKTREE = "WORKTREE"


class GitError(Exception):
    """The one error of the review package: git could not answer (not a repository, an unknown revision, git
    missing, …), or a version cannot be compared or told (``problems`` then says why, located)."""

    def __init__(self, message: str, problems: list[Problem] | None = None, usage: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        self.usage = usage  # about what the user typed (an unknown revision or indicator): exit 2


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit that touched a path: who, when, why, and the path's name in that commit."""

    hash: str
    short: str
    date: str  # author date, ISO 8601 with offset (``2024-03-01T10:00:00+08:00``)
    author: str
    message: str  # full message, trailing whitespace removed
    path: str  # the followed file's path (relative to the repository top) in this commit
    parents: tuple[str, ...] = ()  # full hashes; two or more for a merge

    @property
    def day(self) -> str:
        """The author date as ``YYYY-MM-DD``."""
        return self.date[:10]

    @property
    def subject(self) -> str:
        """The first line of the message."""
        return self.message.split("\n", 1)[0]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LC_ALL="C",
        LANG="C",
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        GIT_OPTIONAL_LOCKS="0",  # read-only: never take index.lock in a shared checkout
    )
    return env


#: Settings every git call runs with: a repository's own configuration must not run programs for us. An
#: fsmonitor hook (``core.fsmonitor``) runs on ``git status``; hooks are pointed at an empty list; paths are
#: printed as they are (no octal quoting of Chinese names).
SAFE_CONFIG = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    f"core.hooksPath={os.devnull}",
    "-c",
    "core.quotePath=false",
)


def git_command(*args: str) -> list[str]:
    """The argument list that runs ``git ARGS`` with :data:`SAFE_CONFIG`."""
    return ["git", *SAFE_CONFIG, *args]


def _run(
    args: list[str], cwd: Path, check: bool = True, timeout: float | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` in ``cwd``; raise :class:`GitError` when git is missing or (if ``check``) fails."""
    try:
        proc = subprocess.run(
            git_command(*args),
            cwd=cwd,
            env=_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
            timeout=timeout,
        )
    except FileNotFoundError as exc:
        raise GitError("git 程序未安装或不在 PATH 中；请安装 git 后再试") from exc
    except NotADirectoryError as exc:
        raise GitError(f"不是目录：{cwd}") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} 超时，未完成；请稍后再试") from exc
    if check and proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} 失败：{detail[-1] if detail else proc.returncode}")
    return proc


def repo_top(start: Path) -> Path:
    """The top folder of the git repository containing ``start`` (a file or folder, existing or not).

    Works from any folder inside the repository. Raises :class:`GitError` outside one.
    """
    here = Path(start).absolute()
    while not here.is_dir():
        if here.parent == here:
            break
        here = here.parent
    proc = _run(["rev-parse", "--show-toplevel"], cwd=here, check=False)
    if proc.returncode != 0:
        raise GitError(f"不在 git 仓库内：{start}；请在数据所在的 git 仓库中运行")
    return Path(proc.stdout.decode("utf-8").strip())


def relative_path(top: Path, path: Path) -> str:
    """``path`` relative to the repository top, in git's ``a/b`` form; :class:`GitError` if outside it."""
    absolute = Path(os.path.realpath(Path(path).absolute()))
    try:
        rel = absolute.relative_to(Path(os.path.realpath(top)))
    except ValueError as exc:
        raise GitError(f"{path} 不在仓库 {top} 内") from exc
    return PurePosixPath(*rel.parts).as_posix() if rel.parts else "."


def resolve_revision(top: Path, rev: str) -> str:
    """The full commit hash ``rev`` names (a branch, tag, ``HEAD~2``, a hash prefix, …).

    Raises :class:`GitError` ``未知的版本 'rev'`` when git does not know it.
    """
    if not rev or rev.startswith("-"):
        raise GitError(f"未知的版本 {rev!r}：没有这个分支、标签或提交", usage=True)
    proc = _run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], top, check=False)
    if proc.returncode != 0:
        raise GitError(f"未知的版本 {rev!r}：没有这个分支、标签或提交", usage=True)
    return proc.stdout.decode("ascii").strip()


def read_file(top: Path, rev: str, path: str) -> bytes | None:
    """The bytes of ``path`` (relative to the top) at ``rev``, ``None`` when it does not exist there.

    ``rev`` may be :data:`WORKTREE` for the file as it is on disk.
    """
    if rev == WORKTREE:
        from zzgx_plan.files.reading import ReadRefused
        from zzgx_plan.files.reading import read_file as read_regular

        file = top / path
        if not os.path.lexists(file) or file.is_dir():
            return None
        try:  # as every reader: a regular file inside the repository (not a FIFO, not a link to /etc/passwd)
            return read_regular(file, "register", top)
        except ReadRefused as exc:
            raise GitError(f"{path}：{exc.problem(file).message}") from None
    commit = resolve_revision(top, rev)
    proc = _run(["cat-file", "blob", f"{commit}:{path}"], top, check=False)
    if proc.returncode != 0:
        return None
    return proc.stdout


def list_files(top: Path, rev: str, folder: str) -> list[str]:
    """Every file below ``folder`` at ``rev`` (paths relative to the top, sorted)."""
    if rev == WORKTREE:
        base = top / folder
        if not base.is_dir():
            return []
        return sorted(relative_path(top, p) for p in base.rglob("*") if p.is_file())
    commit = resolve_revision(top, rev)
    spec = "." if folder in ("", ".") else folder
    proc = _run(["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, "--", spec], top)
    return sorted(name for name in proc.stdout.decode("utf-8").split("\0") if name)


def export_folder(top: Path, rev: str, folder: str, dest: Path) -> Path:
    """Write ``folder`` as it is at ``rev`` into ``dest``; return the exported folder (``dest/folder``).

    Used to run the ordinary loader on an old version of the data. Only regular files
    below ``folder`` are written (``git archive``; no paths escape ``dest``).
    """
    commit = resolve_revision(top, rev)
    target = dest / folder
    target.mkdir(parents=True, exist_ok=True)
    if not list_files(top, commit, folder):
        return target
    proc = _run(["archive", "--format=tar", commit, "--", folder], top)
    root = Path(os.path.realpath(dest))
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            out = Path(os.path.realpath(root / member.name))
            if root not in out.parents:
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            extracted = tar.extractfile(member)
            if extracted is not None:
                out.write_bytes(extracted.read())
    return target


_FIELD = "\x1f"
_RECORD = "\x1e"


def path_log(top: Path, path: str, rev: str = "HEAD", follow: bool = True) -> list[Commit]:
    """The commits reachable from ``rev`` that touched ``path``, newest first (``git log --follow``).

    Each :class:`Commit` carries the path's name in that commit, so a renamed file
    can be read at every revision. An empty list when the repository has no commits yet.
    """
    if rev != "HEAD" or _has_commits(top):
        commit = resolve_revision(top, rev)
    else:
        return []
    fmt = _FIELD.join(["%H", "%h", "%P", "%aI", "%an", "%B"])
    # --cc: also a merge commit whose version of the file differs from every parent (a resolved conflict)
    args = ["log", f"--format={_RECORD}{fmt}{_FIELD}", "--name-only", "--cc", "--no-color"]
    if follow:
        args.append("--follow")
    args += [commit, "--", path]
    proc = _run(args, top)
    commits: list[Commit] = []
    current = path  # the file's name in the newer commit already read
    for record in proc.stdout.decode("utf-8", "replace").split(_RECORD):
        if not record.strip():
            continue
        full, short, parents, date, author, message, names = record.split(_FIELD)
        name_list = [n for n in names.strip().splitlines() if n.strip()]
        # a merge commit lists no files: the name is the one the newer commit had
        current = name_list[-1] if name_list else current
        commits.append(
            Commit(
                hash=full,
                short=short,
                date=date,
                author=author,
                message=message.strip(),
                path=current,
                parents=tuple(parents.split()),
            )
        )
    return commits


def _has_commits(top: Path) -> bool:
    return _run(["rev-parse", "--verify", "--quiet", "HEAD"], top, check=False).returncode == 0


def last_change(folder: Path) -> int | None:
    """The committer time (seconds since 1970) of the last commit touching ``folder`` when everything
    below it is committed; None outside a repository, with uncommitted changes, or when git fails."""
    try:
        status = _run(["status", "--porcelain", "--untracked-files=all", "--", "."], folder, timeout=20)
        if status.stdout.strip():
            return None  # uncommitted changes: the commit date would lie
        stamp = _run(["log", "-1", "--format=%ct", "--", "."], folder, timeout=20).stdout.strip()
    except GitError:
        return None
    return int(stamp) if stamp.isdigit() else None


def shallow_commits(top: Path) -> set[str]:
    """The commits where a shallow clone's history is cut (git's ``shallow`` file); empty for a full clone."""
    proc = _run(["rev-parse", "--is-shallow-repository", "--git-path", "shallow"], top, check=False)
    lines = proc.stdout.decode("utf-8", "replace").splitlines()
    if proc.returncode != 0 or len(lines) < 2 or lines[0].strip() != "true":
        return set()
    shallow = Path(lines[1].strip())
    try:
        text = (shallow if shallow.is_absolute() else top / shallow).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return set()
    return {line.strip() for line in text.splitlines() if line.strip()}
