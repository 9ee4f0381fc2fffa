"""Weak labels from the rule pipeline, merged with gold corrections, as spaCy training Docs.

The rule pipeline labels every narrative; a gold span wins over any weak span it overlaps, and a
narrative whose gold spans are marked complete keeps only them (a correction can delete a weak
span). Assertion does not matter to the NER: "denies CP" is still a CONDITION mention.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from .data import TrainDoc


@dataclass(frozen=True)
class CharSpan:
    start: int
    end: int
    label: str
    category: str = "other"
    source: str = "weak"  # weak | gold

    def overlaps(self, other: "CharSpan") -> bool:
        return self.start < other.end and other.start < self.end


def weak_spans(docs: Sequence[TrainDoc], nlp: Language, batch_size: int = 128) -> list[list[CharSpan]]:
    """The rule pipeline's entities for each narrative."""
    out = []
    for doc in nlp.pipe((d.text for d in docs), batch_size=batch_size):
        out.append([CharSpan(e.start_char, e.end_char, e.label_, e._.category or "other") for e in doc.ents])
    return out


def merge(weak: Iterable[CharSpan], gold: Iterable[dict], complete: bool = False) -> list[CharSpan]:
    """Gold spans plus the weak spans no gold span overlaps (none when the gold is complete)."""
    gold_spans = [CharSpan(int(g["start"]), int(g["end"]), g["label"], g.get("category") or "other", "gold")
                  for g in gold]
    kept = [] if complete else [w for w in weak if not any(w.overlaps(g) for g in gold_spans)]
    return sorted(gold_spans + kept, key=lambda s: (s.start, s.end))


def to_doc(nlp: Language, text: str, spans: Iterable[CharSpan]) -> Doc:
    """A tokenized Doc with the spans as entities (snapped to token boundaries)."""
    doc = nlp.make_doc(text)
    ents = []
    for s in spans:
        span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="contract") \
            or doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
        if span is not None and len(span):
            ents.append(span)
    doc.set_ents(filter_spans(ents), default="outside")
    return doc


def labelled(docs: Sequence[TrainDoc], nlp: Language) -> list[list[CharSpan]]:
    """Weak labels merged with each narrative's gold spans."""
    return [merge(w, d.spans, d.spans_complete) for d, w in zip(docs, weak_spans(docs, nlp))]


def split(n: int, dev_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Seeded train/dev indices; at least one dev narrative when there are two or more."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    n_dev = max(1 if n > 1 else 0, int(round(n * dev_fraction)))
    return sorted(order[n_dev:]), sorted(order[:n_dev])


def write_docbin(nlp: Language, items: Iterable[tuple[str, list[CharSpan]]], path: Path) -> int:
    db = DocBin(store_user_data=False)
    n = 0
    for text, spans in items:
        db.add(to_doc(nlp, text, spans))
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n
