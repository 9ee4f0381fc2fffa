"""Opening inputs and outputs, gzip-compressed when the name ends in ``.gz``."""
from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path
from typing import IO, BinaryIO


def is_gzip(path: str | Path) -> bool:
    return str(path).lower().endswith(".gz")


def open_binary(path: str | Path) -> BinaryIO:
    """Read bytes, decompressing ``.gz`` on the fly (streams; never loads the whole file)."""
    if is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def open_text_out(path: str | Path, append: bool = False) -> IO[str]:
    """Write (or append) UTF-8 text to ``path`` ("-" is stdout), gzip-compressed for ``.gz`` names."""
    if str(path) == "-":
        return io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
    mode = "a" if append else "w"
    if is_gzip(path):
        return gzip.open(path, mode + "t", encoding="utf-8", newline="")
    return open(path, mode, encoding="utf-8", newline="")
