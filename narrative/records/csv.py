"""CSV reader: one PCR per row, streamed.

Columns are the contract's top-level keys. Nested sections come either as JSON in
one cell (a ``transport`` column holding ``{"emergency": true, ...}``) or as dotted
columns (``transport.emergency``, ``billing.hcpcs``, ``vitals.0.sbp``); list
sections also accept ``;``-separated names (``procedures`` = ``12 lead; IV access``).
Empty cells mean "not given". A bad cell rejects its row only.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import RecordError
from .files import open_binary
from .model import Record
from .parse import record_from_dict

JSON_SECTIONS = ("transport", "billing", "impression", "signatures", "crew", "procedures",
                 "medications", "vitals", "transport_assessment")
NAME_LISTS = ("crew", "procedures", "medications", "transport_assessment")
LIST_SECTIONS = ("crew", "procedures", "medications", "vitals")
UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes kept by errors="surrogateescape"


def _allow_huge_fields() -> None:
    """Narratives can exceed the csv module's 128 KiB default cell limit."""
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


def read_csv(path: str | Path, name: str | None = None) -> Iterator[Record | RecordError]:
    """Yield one ``Record | RecordError`` per data row of ``path``, in order."""
    label = name or Path(path).name
    _allow_huge_fields()
    try:
        raw = open_binary(path)
    except OSError as err:
        yield RecordError(label, f"cannot open file: {err.strerror or err}")
        return
    with io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="") as text:
        reader = csv.reader(text)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        except (csv.Error, OSError, EOFError) as err:
            yield RecordError(f"{label}:1", f"cannot read CSV header: {err}")
            return
        if "id" not in header or "narrative" not in header:
            yield RecordError(f"{label}:1", "CSV header must include 'id' and 'narrative' columns")
            return
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                yield RecordError(f"{label}:{start}", f"malformed CSV row: {err}")
                continue
            except (OSError, EOFError) as err:  # truncated or corrupt .gz
                yield RecordError(f"{label}:{start}", f"cannot read file: {err}")
                return
            if not any(c.strip() for c in cells):
                continue
            yield parse_row(header, cells, f"{label}:{start}")


def parse_row(header: list[str], cells: list[str], source: str) -> Record | RecordError:
    """One CSV row -> a Record, or the RecordError naming the bad column."""
    if len(cells) > len(header):
        return RecordError(source, f"row has {len(cells)} cells but the header has {len(header)}")
    obj: dict[str, Any] = {}
    for column, cell in zip(header, cells):
        bad = UNDECODABLE.search(cell)
        if bad:
            return RecordError(source, f"column {column!r} is not valid UTF-8 at character {bad.start()}")
        if not cell.strip() or not column:
            continue
        try:
            value = _cell_value(column, cell)
            _put(obj, column.split("."), value)
        except ValueError as err:
            return RecordError(source, f"column {column!r}: {err}",
                               record_id=str(obj["id"]) if obj.get("id") else None)
    for key in LIST_SECTIONS:  # dotted columns without an index describe one item
        if isinstance(obj.get(key), dict):
            obj[key] = [obj[key]]
    try:
        return record_from_dict(obj, source)
    except RecordError as err:
        return err


def _cell_value(column: str, cell: str) -> Any:
    """JSON for section columns that hold JSON, a name list for list columns, else the text."""
    text = cell.strip()
    if column in JSON_SECTIONS and text[:1] in "[{":
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(f"invalid JSON: {err.msg} at column {err.colno}") from None
    if column in NAME_LISTS:
        return [part.strip() for part in text.split(";") if part.strip()]
    return cell


def _put(obj: dict[str, Any], path: list[str], value: Any) -> None:
    """Set ``obj[a][b]...`` for a dotted column; numeric parts index lists (``vitals.0.sbp``)."""
    node: Any = obj
    for part, following in zip(path, path[1:]):
        child: Any = [] if following.isdigit() else {}
        if isinstance(node, list):
            index = int(part)
            while len(node) <= index:
                node.append(None)
            if node[index] is None:
                node[index] = child
            node = node[index]
        else:
            if part not in node or not isinstance(node[part], (dict, list)):
                node[part] = child
            node = node[part]
        if isinstance(node, list) != following.isdigit():
            raise ValueError(f"conflicts with another column for {part!r}")
    last = path[-1]
    if isinstance(node, list):
        index = int(last)
        while len(node) <= index:
            node.append(None)
        node[index] = value
    else:
        node[last] = value
