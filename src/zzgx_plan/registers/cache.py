"""A cache of checked registers, so repeated runs on unchanged files skip parsing and checks.

The cache is one Arrow IPC ("Feather v2") file holding the register's columns, with the
problems found and a key in its metadata. The key is made of each source file's path, size,
modification time, change time (``st_ctime``, which no tool can set back) and inode, plus the
checking rules, the package's
modules (names and mtimes) and a format version. Any difference means a rebuild. A cache is
never written while a source file is younger than :data:`RACY_SECONDS`: a file changed again
within the clock's resolution could otherwise keep its old stamp (git's "racily clean"
problem). The cache is an optimisation only: a missing, unreadable or unwritable cache falls
back to reading the files.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc

from zzgx_plan.core.problems import Problem, Severity
from zzgx_plan.files.atomic import atomic_writer
from zzgx_plan.load.cache import code_stamp, trusted
from zzgx_plan.registers.columns import from_numpy, to_numpy
from zzgx_plan.registers.model import Register, RegisterRules

CACHE_VERSION = 1
CACHE_FILE = "registers.arrow"
RACY_SECONDS = 2.0

_NUMERIC = ("firm", "list_index", "park_index", "entered", "left", "end", "file_index", "line")
_TEXT = ("uscc", "name", "source")


def cache_key(files: Sequence[Path], rules: RegisterRules) -> dict[str, Any]:
    stamps = []
    for path in files:
        st = path.stat()
        stamps.append([str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    return {
        "version": CACHE_VERSION,
        "code": [list(entry) for entry in code_stamp()],  # a changed checker must not reuse old results
        "rules": rules.fingerprint(),
        "files": stamps,
    }


def load_cached(
    files: Sequence[Path],
    rules: RegisterRules,
    cache_dir: Path,
    build: Callable[[], Any],
) -> Any:
    """The register from the cache when its key matches, else ``build()`` (then cached)."""
    from zzgx_plan.registers.load import RegisterLoad

    started = time.time_ns()
    try:
        key = cache_key(files, rules)
    except OSError:
        return build()
    path = cache_dir / CACHE_FILE
    if not (trusted(cache_dir.parent) and trusted(cache_dir) and trusted(path)):
        return build()  # a cache others may write: not read, not written (one warning said why)
    cached = _read(path, key)
    if cached is not None:
        return cached
    result: RegisterLoad = build()
    newest = max((max(stamp[2], stamp[3]) for stamp in key["files"]), default=0)
    if newest < started - int(RACY_SECONDS * 1e9):
        with contextlib.suppress(OSError, pa.ArrowException):
            _write(path, key, result, files)
    return result


def _read(path: Path, key: dict[str, Any]) -> Any:
    from zzgx_plan.registers.load import RegisterLoad

    try:
        source = pa.memory_map(str(path), "r")
        reader = ipc.open_file(source)
        meta = reader.schema.metadata or {}
        if json.loads(meta.get(b"key", b"null")) != key:
            return None
        info = json.loads(meta[b"info"])
        table = reader.read_all()
    except (OSError, pa.ArrowException, ValueError, KeyError):
        return None
    numeric: dict[str, Any] = {name: to_numpy(table.column(name)) for name in _NUMERIC}
    text: dict[str, Any] = {name: table.column(name).combine_chunks() for name in _TEXT}
    files = tuple(info["files"])
    register = Register(
        **text,
        **numeric,
        lists=tuple(info["lists"]),
        parks=tuple(info["parks"]),
        files=files,
    )
    problems = [
        Problem(file=p[0], line=p[1], code=p[2], text=p[3], severity=Severity(p[4]), location=p[5])
        for p in info["problems"]
    ]
    return RegisterLoad(register, problems, from_cache=True)


def _write(path: Path, key: dict[str, Any], result: Any, files: Sequence[Path]) -> None:
    register: Register = result.register
    info = {
        "files": list(register.files),  # as the register names them (relative to the data directory)
        "lists": list(register.lists),
        "parks": list(register.parks),
        "problems": [[p.file, p.line, p.code, p.text, str(p.severity), p.location] for p in result.problems],
    }
    columns: dict[str, pa.Array] = {name: getattr(register, name) for name in _TEXT}
    columns.update({name: from_numpy(np.asarray(getattr(register, name))) for name in _NUMERIC})
    table = pa.table(columns).replace_schema_metadata(
        {"key": json.dumps(key, ensure_ascii=False), "info": json.dumps(info, ensure_ascii=False)}
    )
    with atomic_writer(path) as fh, ipc.new_file(fh, table.schema) as writer:
        writer.write_table(table)
