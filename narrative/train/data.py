"""What `narrative train` reads: an agency's narratives, with optional gold spans and outcomes.

One JSON object per line with at least `id` and `narrative`. Optional: `spans` (gold spans or
corrections in the CONTRACT entity form {start, end, label, category, assertion}) with
`spans_complete: true` when they are the whole truth for the narrative; `gold.spans` as written by
the synthetic generator (complete); `outcome` paid/denied (or `verdict`). Gold-annotated `.txt`
files (docs/annotation.md) are read too, their spans complete.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..corpus import read_gold

DENIED = {"denied", "deny", "rejected", "unsupported", "fail", "1", "true"}
PAID = {"paid", "approved", "accepted", "supported", "pass", "0", "false"}


@dataclass
class TrainDoc:
    id: str
    text: str
    spans: list[dict[str, Any]] = field(default_factory=list)  # gold, CONTRACT entity form
    spans_complete: bool = False  # gold spans are all the entities: weak labels are dropped
    denied: bool | None = None  # the outcome, when known
    record: dict[str, Any] = field(default_factory=dict)  # the input row, for the risk features


def outcome_of(row: dict[str, Any]) -> bool | None:
    """True when the claim was denied, False when paid, None when unknown."""
    value = row.get("outcome", row.get("verdict"))
    if isinstance(value, dict):
        value = value.get("outcome", value.get("verdict"))
    if value is None:
        return None
    value = str(value).strip().lower()
    return True if value in DENIED else False if value in PAID else None


def from_row(row: dict[str, Any]) -> TrainDoc | None:
    text = row.get("narrative")
    if not isinstance(text, str) or not text.strip():
        return None
    gold = row.get("gold") if isinstance(row.get("gold"), dict) else {}
    spans = row.get("spans")
    complete = bool(row.get("spans_complete", False))
    if spans is None and gold.get("spans") is not None:
        spans, complete = gold["spans"], True
    return TrainDoc(str(row.get("id", "")), text, list(spans or []), complete, outcome_of(row), row)


def _files(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(p for p in source.rglob("*") if p.suffix in (".jsonl", ".txt") and p.is_file())
    return [source]


def read_train(sources: Iterable[str | Path]) -> Iterator[TrainDoc]:
    """Training narratives from JSONL / gold .txt files or directories of them."""
    for source in sources:
        for path in _files(Path(source)):
            if path.suffix == ".txt":
                for doc in read_gold(path):
                    yield TrainDoc(doc.id, doc.text, [s.to_dict() for s in doc.spans], True)
                continue
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        row = json.loads(line)
                        doc = from_row(row) if isinstance(row, dict) else None
                        if doc is not None:
                            yield doc
