"""Writers of output rows (``Result.to_dict()``): JSONL and a flat CSV, streamed.

Each row is written and flushed as it comes, so a long batch can be followed
(``tail -f``) and a crash loses at most the row in flight. Bulk runs pass ``flush_seconds``
to flush at most that often instead (a flush per row costs a system call, and a gzip sync
point, per record); ``--resume`` drops a torn last line.
"""
from __future__ import annotations

import csv
import json
import time
from abc import ABC, abstractmethod
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .files import is_gzip, open_text_out

CSV_COLUMNS = ("id", "score", "risk", "supported_level", "billed_level", "emergency",
               "bed_confined", "finding_codes", "n_entities", "errors", "entities", "findings")


class _Writer(ABC):
    """Row-at-a-time writer to a path ("-" is stdout); subclasses format one row."""

    def __init__(self, path: str | Path, append: bool = False, flush_seconds: float = 0.0) -> None:
        self.path = path
        self.flush_seconds = flush_seconds
        self.appending = append and Path(path).exists() and Path(path).stat().st_size > 0
        self.handle: IO[str] = open_text_out(path, append)
        self.count = 0
        self._flushed = time.monotonic()

    def write(self, row: dict[str, Any]) -> None:
        self._write(row)
        self._written()

    def _written(self) -> None:
        self.count += 1
        now = time.monotonic()
        if now - self._flushed >= self.flush_seconds:
            self.handle.flush()
            self._flushed = now

    @abstractmethod
    def _write(self, row: dict[str, Any]) -> None:
        """Format and write one row (flushing is done by ``write``)."""

    def close(self) -> None:
        if str(self.path) == "-":
            self.handle.flush()
            self.handle.detach()  # leave sys.stdout open
        else:
            self.handle.close()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(row, ensure_ascii=False), built once


def jsonl_line(row: dict[str, Any]) -> str:
    """One output row as its JSONL text (no newline): keys in contract order, UTF-8 kept readable."""
    return _ENCODE(row)


class JsonlWriter(_Writer):
    """One JSON object per line, keys in contract order, UTF-8 kept readable."""

    def _write(self, row: dict[str, Any]) -> None:
        self.handle.write(jsonl_line(row) + "\n")

    def write_line(self, line: str) -> None:
        """Write a row already serialised by :func:`jsonl_line` (a pool worker's output)."""
        self.handle.write(line + "\n")
        self._written()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def flatten(row: dict[str, Any]) -> dict[str, Any]:
    """The CSV view of one output row: scalars, ';'-joined codes/errors, JSON for lists."""
    findings = row.get("findings") or []
    entities = row.get("entities") or []
    return {
        "id": row.get("id"),
        "score": _cell(row.get("score")),
        "risk": _cell(row.get("risk")),
        "supported_level": _cell(row.get("supported_level")),
        "billed_level": _cell(row.get("billed_level")),
        "emergency": _cell(row.get("emergency")),
        "bed_confined": _cell(row.get("bed_confined")),
        "finding_codes": ";".join(f["code"] for f in findings),
        "n_entities": len(entities),
        "errors": ";".join(row.get("errors") or []),
        "entities": json.dumps(entities, ensure_ascii=False),
        "findings": json.dumps(findings, ensure_ascii=False),
    }


class CsvWriter(_Writer):
    """Flat CSV with a header row; entities and findings as JSON cells."""

    def __init__(self, path: str | Path, append: bool = False, flush_seconds: float = 0.0) -> None:
        super().__init__(path, append, flush_seconds)
        self.writer = csv.DictWriter(self.handle, fieldnames=CSV_COLUMNS)
        if not self.appending:
            self.writer.writeheader()
            self.handle.flush()

    def _write(self, row: dict[str, Any]) -> None:
        self.writer.writerow(flatten(row))


def open_writer(path: str | Path, output_format: str | None = None, append: bool = False,
                flush_seconds: float = 0.0) -> _Writer:
    """A writer for ``path`` chosen by ``output_format`` ("jsonl"/"csv") or the extension; ``append``
    continues an existing file (CSV without a second header); ``flush_seconds`` > 0 batches flushes."""
    name = str(path).lower()
    if is_gzip(name):
        name = name[:-3]
    fmt = output_format or ("csv" if name.endswith(".csv") else "jsonl")
    if fmt not in ("jsonl", "json", "csv"):
        raise ValueError(f"unknown output format {output_format!r} (expected jsonl or csv)")
    cls = CsvWriter if fmt == "csv" else JsonlWriter
    return cls(path, append, flush_seconds)
