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


def lengths(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Byte length of every cell."""
    return np.asarray(pc.binary_length(column).to_numpy(zero_copy_only=False))


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
        ok &= np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    rows = np.flatnonzero(ok)
    if rows.size == n and offsets[-1] - starts[0] == width * n:
        base = int(starts[0])
        return rows, data[base : base + width * n].reshape(n, width)
    return rows, data[starts[rows, None] + np.arange(width)]


def encode(column: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """(index of each row's value, the distinct values) from Arrow's hash table."""
    encoded = pc.dictionary_encode(contiguous(column))
    return (
        np.asarray(encoded.indices.to_numpy(zero_copy_only=False)).astype(np.int32, copy=False),
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
        parts.append(local[np.asarray(encoded.indices.to_numpy(zero_copy_only=False))])
    if not parts:
        return np.zeros(0, dtype=np.int32), []
    return np.concatenate(parts), list(values)
