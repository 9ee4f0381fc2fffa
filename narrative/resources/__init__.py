"""Data files the pipeline and the rules read: lexicons, rule tables, section headers.

Everything here is data an agency can extend without touching code.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterator

import yaml

RESOURCES = Path(__file__).parent


def resource_path(name: str | Path) -> Path:
    path = Path(name)
    return path if path.is_absolute() or path.exists() and not (RESOURCES / path).exists() else RESOURCES / path


def read_csv(name: str | Path) -> list[dict[str, str]]:
    """Rows with their values stripped; rows with nothing in them are skipped."""
    with open(resource_path(name), encoding="utf-8", newline="") as fh:
        rows = ({k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh))
        return [row for row in rows if any(row.values())]


def read_jsonl(name: str | Path) -> Iterator[dict[str, Any]]:
    for _, row in numbered_jsonl(name):
        yield row


def numbered_jsonl(name: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) of a JSONL data file; blank lines and `//` comments are skipped, so the number
    is the one an agency sees in its editor."""
    with open(resource_path(name), encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if line and not line.startswith("//"):
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as err:
                    raise ValueError(f"{name}:{n}: invalid JSON ({err.msg})") from None


def read_yaml(name: str | Path) -> Any:
    with open(resource_path(name), encoding="utf-8") as fh:
        return yaml.safe_load(fh)
