"""``--resume`` for a single JSONL output: keep the complete lines already written, drop a torn one.

The output is in input order, so the number of complete lines is the number of input records
already scored: the runner skips that many and appends. A ``.gz`` output cannot be truncated in
place, so its complete lines are copied to a fresh file instead.
"""
from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

from ..records.files import is_gzip


def completed_lines(path: str | Path) -> int:
    """Prepare ``path`` for appending and return how many records it already holds (0 if absent)."""
    path = Path(path)
    if not path.exists():
        return 0
    return _gzip_completed(path) if is_gzip(path) else _plain_completed(path)


def _plain_completed(path: Path) -> int:
    count = end = offset = 0
    with open(path, "rb") as handle:
        for line in handle:
            offset += len(line)
            if line.endswith(b"\n"):
                count += 1
                end = offset
    if end != offset:
        os.truncate(path, end)
    return count


def _gzip_completed(path: Path) -> int:
    tmp = path.with_name(path.name + ".resume")
    count = 0
    with gzip.open(tmp, "wb") as out:
        try:
            with gzip.open(path, "rb") as src:
                for line in src:
                    if not line.endswith(b"\n"):
                        break
                    out.write(line)
                    count += 1
        except (EOFError, OSError, zlib.error):
            pass  # a torn gzip stream: everything before the tear is kept
    os.replace(tmp, path)
    return count
