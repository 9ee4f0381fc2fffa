"""Shrink one (Record, Result row) pair to the compact form the review page embeds.

A 5,000-report batch must open fast, so the page carries only what it shows:
entity text is dropped (the page slices it from the narrative), repeated strings
(labels, categories, finding messages, rules, fixes) go through one shared string
table, and empty structured fields are left out. ``score_breakdown`` is not embedded: it
repeats the findings, whose points the page already shows. Offsets are converted from
Python code points to the UTF-16 code units JavaScript strings index by, so
highlights stay on the right characters after an emoji or other astral character.
The field layout is documented in docs/review.md and read by review.js.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any

from ..records.model import Record

ALS2_ROUTES = frozenset({"iv", "io", "infusion"})


@dataclass
class StringTable:
    """Interns repeated strings; rows refer to them by index."""

    strings: list[str] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def ref(self, value: str | None) -> int:
        """Index of ``value`` in the table (-1 for None)."""
        if value is None:
            return -1
        idx = self._index.get(value)
        if idx is None:
            idx = len(self.strings)
            self._index[value] = idx
            self.strings.append(value)
        return idx


class Utf16Offsets:
    """Maps code-point offsets of one text to UTF-16 offsets (identity for BMP-only text)."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._length = len(text)

    def __call__(self, offset: int) -> int:
        offset = max(0, min(int(offset), self._length))
        return offset + bisect_right(self._astral, offset - 1) if self._astral else offset


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


def _structured(record: Record) -> dict[str, Any]:
    """The structured PCR fields the page shows beside the narrative."""
    out: dict[str, Any] = {
        "transport": _drop_empty(asdict(record.transport)),
        "billing": _drop_empty(asdict(record.billing)),
        "crew": [_drop_empty(asdict(c)) for c in record.crew],
        "procedures": [_drop_empty(asdict(p)) for p in record.procedures],
        "medications": [_drop_empty(asdict(m)) for m in record.medications],
        "vitals": [_drop_empty(asdict(v)) for v in record.vitals],
        "impression": _drop_empty(asdict(record.impression)),
        "signatures": _drop_empty(asdict(record.signatures)),
        "transport_date": record.transport_date,
        "unit": record.unit,
        "transport_assessment": record.transport_assessment,
    }
    for item in (*out["medications"], *out["procedures"]):
        if not item.get("prior_to_arrival"):
            item.pop("prior_to_arrival", None)
    return _drop_empty(out)


def _entity(ent: dict[str, Any], table: StringTable, u16: Utf16Offsets) -> list[Any]:
    """[start, end, label, category, assertion, section, level, supports] (strings interned)."""
    return [
        u16(ent["start"]),
        u16(ent["end"]),
        table.ref(ent.get("label")),
        table.ref(ent.get("category")),
        table.ref(ent.get("assertion") or "present"),
        table.ref(ent.get("section")),
        table.ref(ent.get("level")),
        ent.get("supports_bed_confinement"),
    ]


def _finding(f: dict[str, Any], table: StringTable, u16: Utf16Offsets | None) -> dict[str, Any]:
    spans = []
    for ev in f.get("evidence") or []:
        if u16 is not None and "start" in ev and "end" in ev:
            spans.append([u16(ev["start"]), u16(ev["end"])])
    row: dict[str, Any] = {
        "c": table.ref(f.get("code")),
        "v": table.ref(f.get("severity")),
        "m": table.ref(f.get("message")),
        "r": table.ref(f.get("rule") or None),
        "x": table.ref(f.get("fix") or None),
        "p": f.get("points") or 0,
    }
    if spans:
        row["ev"] = spans
    if f.get("related"):
        row["rel"] = list(f["related"])
    return row


def _administration(a: dict[str, Any], table: StringTable) -> list[Any]:
    """[medication, dose, unit, route, count, counts toward ALS2, prior to arrival, assertion]."""
    counts = (
        a.get("assertion", "present") == "present"
        and not a.get("crystalloid")
        and not a.get("prior_to_arrival")
        and a.get("route_class") in ALS2_ROUTES
    )
    return [
        table.ref(a.get("medication")),
        a.get("dose"),
        table.ref(a.get("unit")),
        table.ref(a.get("route")),
        a.get("count", 1),
        1 if counts else 0,
        1 if a.get("prior_to_arrival") else 0,
        table.ref(a.get("assertion") or "present"),
    ]


def compact_row(record: Record | None, result: dict[str, Any], table: StringTable) -> dict[str, Any]:
    """The embedded form of one report (see docs/review.md for the keys)."""
    narrative = record.narrative if record is not None else None
    u16 = Utf16Offsets(narrative) if narrative is not None else None
    row: dict[str, Any] = {
        "i": str(result.get("id") if result.get("id") is not None else (record.id if record else "")),
        "s": result.get("score"),
        "r": result.get("risk"),
        "sl": result.get("supported_level"),
        "bl": result.get("billed_level"),
        "em": result.get("emergency"),
        "bc": result.get("bed_confined"),
    }
    if narrative is not None and u16 is not None:
        row["n"] = narrative
        row["e"] = sorted(
            (_entity(e, table, u16) for e in result.get("entities") or []), key=lambda e: (e[0], -e[1])
        )
        row["d"] = _structured(record)  # type: ignore[arg-type]
    row["f"] = [_finding(f, table, u16) for f in result.get("findings") or []]
    if result.get("administrations"):
        row["a"] = [_administration(a, table) for a in result["administrations"]]
    if result.get("errors"):
        row["x"] = [str(e) for e in result["errors"]]
    if record is not None and record.unit:
        row["u"] = record.unit
    return _drop_empty_keys(row)


def _drop_empty_keys(row: dict[str, Any]) -> dict[str, Any]:
    keep = {"i", "s", "r", "f"}
    return {k: v for k, v in row.items() if k in keep or v not in (None, [], {})}
