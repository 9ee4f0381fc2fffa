"""JSONL reader: one PCR object per line, streamed.

Each non-blank line yields exactly one ``Record`` or ``RecordError`` (bad JSON,
bytes that are not UTF-8, wrong field types), so the output can account for every
input line and the batch never stops on a bad one.

A ``.json`` file whose first line opens an array (``[``) or a pretty-printed object
(``{`` alone) is one JSON document, not JSONL: it is read whole (the one case
that is not streamed) and yields one item per object, sourced ``file.json[3]``.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import RecordError
from .files import open_binary
from .model import Record
from .parse import record_from_dict

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class RawLine:
    """One JSONL line, not parsed yet. A process pool ships these to its workers and parses them
    there: pickling a line costs a tenth of pickling its Record, and the parent stays free to read."""

    raw: bytes
    source: str

    @property
    def where(self) -> str:
        return self.source

    def parse(self) -> Record | RecordError:
        return parse_line(self.raw, self.source)

    def narrative(self) -> str | None:
        """The line's narrative text, or None where ``parse`` could not yield one, without validating
        the other fields: the clone pass fingerprints every line, and checking the whole record there
        would double the parsing. A line that is bad elsewhere is caught where it is scored."""
        try:
            obj = json.loads(self.raw)
        except (ValueError, RecursionError):  # JSONDecodeError and bytes that are not UTF-8
            return None
        narrative = obj.get("narrative") if isinstance(obj, dict) else None
        return narrative if isinstance(narrative, str) and narrative.strip() else None


def read_jsonl(path: str | Path, name: str | None = None,
               deferred: bool = False) -> Iterator[Record | RecordError | RawLine]:
    """Yield one ``Record | RecordError`` per non-blank line of ``path``, in order; with ``deferred``,
    a ``RawLine`` per line instead (a whole-file ``.json`` document is still parsed here)."""
    label = name or Path(path).name
    if _is_json_document(path):
        yield from _read_document(path, label)
        return
    try:
        handle = open_binary(path)
    except OSError as err:
        yield RecordError(label, f"cannot open file: {err.strerror or err}")
        return
    with handle:
        lineno = 0
        try:
            for lineno, raw in enumerate(handle, start=1):
                if lineno == 1 and raw.startswith(BOM):
                    raw = raw[len(BOM):]
                if not raw.strip():
                    continue
                yield RawLine(raw, f"{label}:{lineno}") if deferred else parse_line(raw, f"{label}:{lineno}")
        except (OSError, EOFError) as err:  # truncated or corrupt .gz
            yield RecordError(f"{label}:{lineno + 1}", f"cannot read file: {err}")


def parse_line(raw: bytes, source: str) -> Record | RecordError:
    """One JSONL line -> a Record, or the RecordError explaining why not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return RecordError(source, f"not valid UTF-8 at byte {err.start}")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        return RecordError(source, f"invalid JSON: {err.msg} at column {err.colno}")
    except RecursionError:
        return RecordError(source, "invalid JSON: nested too deeply")
    return _record(obj, source)


def _is_json_document(path: str | Path) -> bool:
    """A ``.json`` file starting with "[" or with a lone "{" line (pretty-printed)."""
    if not str(path).lower().removesuffix(".gz").endswith(".json"):
        return False
    try:
        with open_binary(path) as handle:
            for raw in handle:
                first = raw.lstrip(BOM).strip()
                if first:
                    return first.startswith(b"[") or first == b"{"
    except (OSError, EOFError):
        return False  # the line reader reports it
    return False


def _read_document(path: str | Path, label: str) -> Iterator[Record | RecordError]:
    try:
        with open_binary(path) as handle:
            data = handle.read()
    except (OSError, EOFError) as err:
        yield RecordError(label, f"cannot read file: {err}")
        return
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        yield RecordError(label, f"not valid UTF-8 at byte {err.start}")
        return
    except json.JSONDecodeError as err:
        yield RecordError(label, f"invalid JSON: {err.msg} at line {err.lineno} column {err.colno}")
        return
    if not isinstance(doc, list):
        yield _record(doc, label)
        return
    for i, obj in enumerate(doc):
        yield _record(obj, f"{label}[{i}]")


def _record(obj: object, source: str) -> Record | RecordError:
    try:
        return record_from_dict(obj, source)
    except RecordError as err:
        return err
