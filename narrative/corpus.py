"""Read and write the inline-annotated gold corpus format (docs/annotation.md)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

LABELS = ("CONDITION", "INTERVENTION", "MEDICATION", "MOBILITY")
_MENTION = re.compile(
    r"\[(?P<text>[^\[\]\n]+)\]\((?P<label>" + "|".join(LABELS) + r")/(?P<category>[a-z0-9_]+)"
    r"/(?P<assertion>present|negated|historical|hypothetical|possible)(?:/(?P<supports>true|false|null))?\)"
)
_POLARITY = {"true": True, "false": False, "null": None, None: None}


@dataclass
class GoldSpan:
    start: int
    end: int
    label: str
    category: str
    assertion: str
    supports_bed_confinement: bool | None = None

    def to_dict(self) -> dict:
        row = {"start": self.start, "end": self.end, "label": self.label,
               "category": self.category, "assertion": self.assertion}
        if self.label == "MOBILITY":
            row["supports_bed_confinement"] = self.supports_bed_confinement
        return row


@dataclass
class GoldDoc:
    id: str
    text: str
    spans: list[GoldSpan] = field(default_factory=list)


def parse_markup(doc_id: str, marked: str) -> GoldDoc:
    """Strip the inline markup and return the plain text with its gold spans."""
    out: list[str] = []
    spans: list[GoldSpan] = []
    pos = 0
    length = 0
    for m in _MENTION.finditer(marked):
        before = marked[pos:m.start()]
        out.append(before)
        length += len(before)
        text = m.group("text")
        spans.append(GoldSpan(length, length + len(text), m.group("label"), m.group("category"),
                              m.group("assertion"), _POLARITY[m.group("supports")]))
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(marked[pos:])
    return GoldDoc(doc_id, "".join(out), spans)


def read_gold(path: str | Path) -> Iterator[GoldDoc]:
    """Yield the narratives of one annotated file."""
    doc_id: str | None = None
    lines: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("### "):
                if doc_id is not None:
                    yield parse_markup(doc_id, "\n".join(lines).rstrip())
                doc_id, lines = line[4:].strip(), []
            elif doc_id is not None:
                lines.append(line.rstrip("\n"))
    if doc_id is not None:
        yield parse_markup(doc_id, "\n".join(lines).rstrip())


def to_markup(doc: GoldDoc) -> str:
    """Inverse of :func:`parse_markup` (spans must not overlap)."""
    parts: list[str] = []
    pos = 0
    for s in sorted(doc.spans, key=lambda s: s.start):
        tag = f"{s.label}/{s.category}/{s.assertion}"
        if s.label == "MOBILITY":
            tag += "/" + {True: "true", False: "false", None: "null"}[s.supports_bed_confinement]
        parts.append(doc.text[pos:s.start])
        parts.append(f"[{doc.text[s.start:s.end]}]({tag})")
        pos = s.end
    parts.append(doc.text[pos:])
    return "".join(parts)


def write_gold(docs: Iterable[GoldDoc], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(f"### {doc.id}\n{to_markup(doc)}\n\n")


def read_gold_jsonl(path: str | Path) -> Iterator[GoldDoc]:
    """Narratives with complete gold spans from JSONL: `gold.spans` (the synthetic generator) or
    `spans` with `spans_complete: true` (an agency's corrected narratives). Other rows are skipped."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                row = json.loads(line) if line.strip() else None
            except json.JSONDecodeError:
                continue
            if not isinstance(row, dict) or not isinstance(row.get("narrative"), str):
                continue
            gold = row.get("gold") if isinstance(row.get("gold"), dict) else {}
            spans = gold.get("spans") if gold.get("spans") is not None else (
                row.get("spans") if row.get("spans_complete") else None)
            if spans is None:
                continue
            yield GoldDoc(str(row.get("id", "")), row["narrative"], [
                GoldSpan(s["start"], s["end"], s["label"], s.get("category", "other"), s.get("assertion", "present"),
                         s.get("supports_bed_confinement")) for s in spans])
