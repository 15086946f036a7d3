"""A cache of load results, so that repeated commands on unchanged data start fast.

Parsing YAML and validating the plan with pydantic costs more than everything else a
``plan status`` run does. The result depends only on the bytes of the files read and the
code (problems and figures are located relative to the data directory, never to the
working directory), so it is cached keyed by a BLAKE2 digest of exactly those. Any change to
a data file, a file added or removed, or a new version of zzgx-plan changes the key and the
data is loaded afresh.

The cache is JSON, read back into the plan's own types by name from a fixed list (the model
classes of :mod:`zzgx_plan.core.models`, periods, enums, dates): reading it can build values,
never run code, whoever wrote the file. A cache directory or file that is not the user's own,
or that others may write, is ignored with one warning on stderr; the command runs as if there
were no cache. It lives in ``$PLAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/zzgx-plan``, else
``~/.cache/zzgx-plan``; ``PLAN_CACHE=off`` disables it. A cache that cannot be read or written
is ignored: it never changes a command's result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import os
import stat
import sys
from pathlib import Path
from typing import Any, cast

_CODE_DIR = Path(__file__).resolve().parent.parent
_FORMAT = 2
_warned: set[str] = set()


def cache_dir() -> Path | None:
    """Where cache files go, or None when caching is off."""
    if os.environ.get("PLAN_CACHE", "").lower() in {"0", "off", "no", "false"}:
        return None
    if explicit := os.environ.get("PLAN_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zzgx-plan"


def trusted(path: Path) -> bool:
    """May ``path`` (a cache directory or file) be used? Only when it is the user's own and nobody else may
    write it; else warn once (stderr) and ignore it. A path that does not exist yet is fine."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: no owners and modes to check
        return True
    problem = ""
    if stat.S_ISLNK(st.st_mode):
        problem = "是符号链接"
    elif not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        problem = "不是普通文件"  # a FIFO would make opening it wait forever
    elif st.st_uid != getuid():
        problem = "不属于当前用户"
    elif st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = "其他用户可以写入"
    if not problem:
        return True
    if str(path) not in _warned:
        _warned.add(str(path))
        print(f"plan: 警告：缓存 {path} {problem}，已忽略（不读不写）；可删除它或设置 PLAN_CACHE_DIR", file=sys.stderr)
    return False


def code_stamp() -> list[tuple[str, int, int]]:
    """Names, sizes and modification times of the package's modules: a code change invalidates a cache."""
    stamp = []
    for folder, dirs, files in os.walk(_CODE_DIR):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                stamp.append((os.path.relpath(os.path.join(folder, name), _CODE_DIR), st.st_size, st.st_mtime_ns))
    return sorted(stamp)


def data_key(files: list[Path], root: Path) -> str:
    """Digest of the files' names (relative to ``root``) and bytes, and the code."""
    import hashlib  # here, not at the top: a run with PLAN_CACHE=off (CI, pre-commit) never needs it

    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr((_FORMAT, str(root.resolve()), code_stamp())).encode())
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
    import hashlib

    name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
    return directory / f"load-{name}.json"


def read(root: Path, key: str) -> Any | None:
    """The cached value for ``root`` if its key matches, else None."""
    directory = cache_dir()
    if directory is None or not trusted(directory):
        return None
    path = _cache_file(directory, root)
    if not trusted(path):
        return None
    try:
        with open(path, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            import json

            stored = json.loads(fh.read(), object_hook=_decode)
        if stored["format"] != _FORMAT or stored["key"] != key:
            return None
        return stored["value"]
    except Exception:  # missing, corrupt or from an incompatible version: load afresh
        return None


def write(root: Path, key: str, value: Any) -> None:
    """Store ``value`` for ``root`` under ``key``; failures are ignored (the cache is an optimisation)."""
    directory = cache_dir()
    if directory is None or not trusted(directory):
        return
    path = _cache_file(directory, root)
    if not trusted(path):
        return
    with contextlib.suppress(Exception):
        import json

        from zzgx_plan.files.atomic import atomic_write_bytes

        text = json.dumps({"format": _FORMAT, "key": key, "value": _encode(value)}, ensure_ascii=False)
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write_bytes(path, text.encode("utf-8"))


# ---------------------------------------------------------------- JSON for the plan's types


def _types() -> dict[str, type]:
    """The types a cache file may name: the plan's models and what they hold."""
    from zzgx_plan.core import models, periods, problems
    from zzgx_plan.load import LoadResult

    found: dict[str, type] = {"LoadResult": LoadResult, "Problem": problems.Problem}
    for module in (models, periods, problems):
        for name, value in vars(module).items():
            ours = isinstance(value, type) and value.__module__ == module.__name__
            if ours and (dataclasses.is_dataclass(value) or issubclass(value, enum.Enum)):
                found[name] = value
    return found


_TYPES: dict[str, type] = {}
_FIELDS: dict[str, frozenset[str]] = {}  # per dataclass named in _TYPES: its fields
_MEMBERS: dict[tuple[str, Any], Any] = {}  # (enum name, value) → member


def _load_types() -> None:
    _TYPES.update(_types())
    for name, cls in _TYPES.items():
        if dataclasses.is_dataclass(cls):
            _FIELDS[name] = frozenset(f.name for f in dataclasses.fields(cls))
        else:
            _MEMBERS.update({(name, member.value): member for member in cast(type[enum.Enum], cls)})


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return {"$enum": type(value).__name__, "v": value.value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"$": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = _encode(getattr(value, f.name))
        return out
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if not _TYPES:
        _load_types()
    if "$" in obj:
        name = obj.pop("$")
        if _FIELDS[name] != obj.keys():  # KeyError for a name not on the list: the cache is not used
            raise ValueError(f"not the fields of {name}")
        cls = _TYPES[name]
        value: Any = object.__new__(cls)
        if hasattr(value, "__dict__"):  # the values were validated when the cache was written
            value.__dict__.update(obj)
        else:
            for key, field_value in obj.items():
                object.__setattr__(value, key, field_value)
        return value
    if "$tuple" in obj:
        return tuple(obj["$tuple"])
    if "$enum" in obj:
        return _MEMBERS[(obj["$enum"], obj["v"])]  # KeyError for an unknown enum or value: not used
    if "$dict" in obj:
        return {k: v for k, v in obj["$dict"]}
    if "$date" in obj:
        return dt.date.fromisoformat(obj["$date"])
    return obj
