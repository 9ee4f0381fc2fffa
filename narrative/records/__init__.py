"""PCR records: the data model, readers (JSONL, CSV, NEMSIS v3.5 XML) and writers.

``read_records`` is the one entry point the CLI, API and batch runners use: it
picks the reader by extension (or ``input_format``), walks directories and globs,
and yields ``Record | RecordError`` in input order without ever stopping on a bad
record; ``error_result`` turns a ``RecordError`` into its output row.
"""
from __future__ import annotations

import glob
from collections.abc import Callable, Iterator
from pathlib import Path

from .csv import read_csv
from .errors import RecordError, error_result
from .jsonl import RawLine, read_jsonl
from .model import Record
from .nemsis import read_nemsis
from .parse import record_from_dict
from .writers import CsvWriter, JsonlWriter, open_writer

Reader = Callable[[str | Path, str | None], Iterator[Record | RecordError]]
READERS: dict[str, Reader] = {"jsonl": read_jsonl, "csv": read_csv, "nemsis": read_nemsis}
EXTENSIONS = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".xml": "nemsis"}
FORMAT_ALIASES = {"json": "jsonl", "ndjson": "jsonl", "xml": "nemsis"}

__all__ = ["Record", "RecordError", "RawLine", "materialize", "error_result", "record_from_dict", "read_records",
           "read_jsonl", "read_csv", "read_nemsis", "detect_format", "JsonlWriter", "CsvWriter",
           "open_writer"]


def detect_format(path: str | Path) -> str | None:
    """"jsonl", "csv" or "nemsis" from the file name (``.gz`` ignored), else None."""
    name = str(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return EXTENSIONS.get(Path(name).suffix)


def _expand(path: str | Path) -> list[Path] | None:
    """A directory -> its readable files; a glob -> its matches (both sorted); a file -> itself."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file() and detect_format(f))
    if p.exists():
        return [p]
    if glob.has_magic(str(path)):
        return sorted(Path(m) for m in glob.glob(str(path), recursive=True) if Path(m).is_file())
    return None


def read_records(path: str | Path, input_format: str | None = None,
                 deferred: bool = False) -> Iterator[Record | RecordError | RawLine]:
    """Yield every record of a file, directory or glob, in order; never raises on bad input.

    With ``deferred``, JSONL lines come as unparsed :class:`RawLine` items (see :func:`materialize`)."""
    files = _expand(path)
    if files is None:
        yield RecordError(str(path), "no such file, directory or glob match")
        return
    fmt = FORMAT_ALIASES.get(input_format, input_format) if input_format else None
    if fmt is not None and fmt not in READERS:
        raise ValueError(f"unknown input format {input_format!r} (expected one of {', '.join(READERS)})")
    for file in files:
        chosen = fmt or detect_format(file)
        if chosen is None:
            yield RecordError(str(file), "unknown file type (expected .jsonl, .json, .ndjson, .csv "
                                         "or .xml, optionally .gz); pass input_format")
            continue
        name = str(file) if len(files) > 1 else file.name
        if deferred and chosen == "jsonl":
            yield from read_jsonl(file, name, deferred=True)
        else:
            yield from READERS[chosen](file, name)


def materialize(item: Record | RecordError | RawLine) -> Record | RecordError:
    """The Record (or RecordError) of an item from :func:`read_records`, parsing a deferred line."""
    return item.parse() if isinstance(item, RawLine) else item
