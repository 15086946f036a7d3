"""Small helpers for working on Arrow text columns with numpy, without a Python object per row."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def contiguous(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One array (chunks joined; zero-copy when there is a single chunk)."""
    if isinstance(column, pa.ChunkedArray):
        if column.num_chunks == 1:
            return column.chunk(0)
        if column.num_chunks == 0:
            return pa.array([], column.type)
        return column.combine_chunks()
    return column


def to_numpy(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The values of a boolean or integer Arrow array as numpy (nulls become False / 0).

    Read from the Arrow buffers directly: pyarrow's own ``to_numpy`` imports pandas, which
    would cost a command that touches registers about half a second of start-up.
    """
    if isinstance(values, pa.ChunkedArray):
        parts = [to_numpy(chunk) for chunk in values.chunks]
        if not parts:
            return np.zeros(0, dtype=bool if pa.types.is_boolean(values.type) else _dtype(values.type))
        return parts[0] if len(parts) == 1 else np.concatenate(parts)
    arr = values
    if arr.null_count:
        arr = pc.fill_null(arr, pa.scalar(False if pa.types.is_boolean(arr.type) else 0, arr.type))
    n = len(arr)
    buf = arr.buffers()[1]
    if pa.types.is_boolean(arr.type):
        if n == 0:
            return np.zeros(0, dtype=bool)
        bits = np.unpackbits(np.frombuffer(buf, dtype=np.uint8), bitorder="little")
        return bits[arr.offset : arr.offset + n].astype(bool)
    dtype = _dtype(arr.type)
    if n == 0:
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(buf, dtype=dtype)[arr.offset : arr.offset + n]


def _dtype(arrow_type: pa.DataType) -> np.dtype:
    if not pa.types.is_integer(arrow_type):
        raise TypeError(f"to_numpy handles booleans and integers, not {arrow_type}")
    width = arrow_type.bit_width // 8
    return np.dtype(f"{'i' if pa.types.is_signed_integer(arrow_type) else 'u'}{width}")


def from_numpy(values: np.ndarray) -> pa.Array:
    """An Arrow integer array over a numpy integer array's memory (the inverse of :func:`to_numpy`).

    Built from buffers because ``pa.array`` looks for pandas first (see :func:`to_numpy`).
    """
    arr = np.ascontiguousarray(values)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"from_numpy handles integers, not {arr.dtype}")
    arrow_type = pa.from_numpy_dtype(arr.dtype)
    return pa.Array.from_buffers(arrow_type, len(arr), [None, pa.py_buffer(arr)])


def empty_strings(n: int) -> pa.Array:
    """``n`` empty strings (for an optional column a file does not have)."""
    offsets = np.zeros(n + 1, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(b"")])


def lengths(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Byte length of every cell."""
    return to_numpy(pc.binary_length(column))


def fixed_width(column: pa.Array | pa.ChunkedArray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows whose cell is exactly ``width`` bytes, their bytes as a ``(rows, width)`` uint8 matrix).

    Reads the Arrow buffers directly; when every cell has that width the matrix is a view.
    """
    arr = contiguous(column)
    if not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.large_string())
    n = len(arr)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, width), dtype=np.uint8)
    _validity, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[arr.offset : arr.offset + n + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    starts = offsets[:-1]
    ok = offsets[1:] - starts == width
    if arr.null_count:
        ok &= to_numpy(arr.is_valid()).astype(bool)
    rows = np.flatnonzero(ok)
    if rows.size == n and offsets[-1] - starts[0] == width * n:
        base = int(starts[0])
        return rows, data[base : base + width * n].reshape(n, width)
    return rows, data[starts[rows, None] + np.arange(width)]


def encode(column: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """(index of each row's value, the distinct values) from Arrow's hash table."""
    encoded = pc.dictionary_encode(contiguous(column))
    return (
        to_numpy(encoded.indices).astype(np.int32, copy=False),
        encoded.dictionary,
    )


def encode_few(column: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Like :func:`encode` for columns with few distinct values (lists, parks): chunk by chunk,
    merging the small per-chunk dictionaries in Python instead of joining the chunks."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    values: dict[str, int] = {}
    parts: list[np.ndarray] = []
    for chunk in chunks:
        encoded = pc.dictionary_encode(chunk)
        local = np.array(
            [values.setdefault(v, len(values)) for v in encoded.dictionary.to_pylist()] or [0],
            dtype=np.int32,
        )
        parts.append(local[to_numpy(encoded.indices)])
    if not parts:
        return np.zeros(0, dtype=np.int32), []
    return np.concatenate(parts), list(values)
