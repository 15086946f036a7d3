"""A cache of load results, so that repeated commands on unchanged data start fast.

Parsing YAML and validating the plan with pydantic costs more than everything else a
``plan status`` run does. The result depends only on the bytes of the files read, the
working directory (problems show paths relative to it) and the code, so it is cached
in a pickle keyed by a BLAKE2 digest of exactly those. Any change to a data file, a
file added or removed, or a new version of zzgx-plan changes the key and the data is
loaded afresh. The cache lives in ``$PLAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/zzgx-plan``,
else ``~/.cache/zzgx-plan``; ``PLAN_CACHE=off`` disables it. A cache that cannot be
read or written is ignored: it never changes a command's result.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

_CODE_DIR = Path(__file__).resolve().parent.parent
_FORMAT = 1


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off."""
    if os.environ.get("PLAN_CACHE", "").lower() in {"0", "off", "no", "false"}:
        return None
    if explicit := os.environ.get("PLAN_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zzgx-plan"


def _code_stamp() -> list[tuple[str, int, int]]:
    """Names, sizes and modification times of the package's modules: a code change invalidates the cache."""
    stamp = []
    for path in sorted(_CODE_DIR.rglob("*.py")):
        st = path.stat()
        stamp.append((str(path.relative_to(_CODE_DIR)), st.st_size, st.st_mtime_ns))
    return stamp


def data_key(files: list[Path], root: Path) -> str:
    """Digest of the files' names and bytes, the working directory and the code."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr((_FORMAT, str(root.resolve()), os.getcwd(), _code_stamp())).encode())
    from zzgx_plan.files.reading import ReadRefused, read_file

    for path in files:
        digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
        try:
            # read the way the loader reads: a FIFO or a link to /dev/zero is refused, not waited on
            digest.update(read_file(path, "actuals", root))
        except ReadRefused as exc:
            digest.update(f"\0refused {exc.code}\0".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _cache_file(directory: Path, root: Path) -> Path:
    name = hashlib.blake2b(f"{root.resolve()}\0{os.getcwd()}".encode(), digest_size=12).hexdigest()
    return directory / f"load-{name}.pickle"


def read(root: Path, key: str) -> Any | None:
    """The cached result for ``root`` if its key matches, else None."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with open(_cache_file(directory, root), "rb") as fh:
            stored_key, value = pickle.load(fh)
    except Exception:  # missing, corrupt or from an incompatible version: load afresh
        return None
    return value if stored_key == key else None


def write(root: Path, key: str, value: Any) -> None:
    """Store ``value`` for ``root`` under ``key``; failures are ignored (the cache is an optimisation)."""
    directory = cache_dir()
    if directory is None:
        return
    with contextlib.suppress(Exception):
        from zzgx_plan.files.atomic import atomic_write_bytes

        atomic_write_bytes(_cache_file(directory, root), pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
