"""Narrative building blocks: plain text and annotated mentions, filled from templates."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass
class Mention:
    """One gold span before rendering; ``text`` may still change (typos, case)."""

    text: str
    label: str
    category: str
    assertion: str = "present"
    supports: bool | None = None  # MOBILITY only
    prior: bool = False  # MEDICATION given before this unit arrived
    group: str | None = None  # vitals group of a vitals-meaning CONDITION form

    @property
    def present(self) -> bool:
        return self.assertion == "present"


Piece = Union[str, Mention]
Sentence = list[Piece]


def fill(template: str, **slots: object) -> Sentence:
    """Split ``template`` at ``{slot}``s; Mention slots stay objects, others become text."""
    out: Sentence = []
    pos = 0
    for m in _SLOT.finditer(template):
        if m.start() > pos:
            out.append(template[pos:m.start()])
        value = slots[m.group(1)]
        out.append(value if isinstance(value, Mention) else str(value))
        pos = m.end()
    if pos < len(template):
        out.append(template[pos:])
    return _merge(out)


def join(parts: list[Sentence], sep: str) -> Sentence:
    """Concatenate sentence fragments into one sentence with ``sep`` between them."""
    out: Sentence = []
    for i, part in enumerate(parts):
        if i:
            out.append(sep)
        out.extend(part)
    return _merge(out)


def _merge(pieces: Sentence) -> Sentence:
    merged: Sentence = []
    for p in pieces:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] += p
        elif not (isinstance(p, str) and not p):
            merged.append(p)
    return merged


def mentions(sentences: list[Sentence]) -> list[Mention]:
    return [p for s in sentences for p in s if isinstance(p, Mention)]
