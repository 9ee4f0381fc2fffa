"""Doc -> Evidence: the hand-off from spaCy objects to plain data."""
from __future__ import annotations

from spacy.tokens import Doc

from ..evidence import Administration, Entity, Evidence, Section


def doc_to_evidence(doc: Doc) -> Evidence:
    entities = [
        Entity(label=e.label_, text=e.text, start=e.start_char, end=e.end_char,
               category=e._.category or "other", assertion=e._.assertion, section=e._.section,
               level=e._.level, supports_bed_confinement=e._.supports_bed_confinement, source=e._.source)
        for e in doc.ents
    ]
    administrations = [Administration(**a) for a in (doc._.administrations or [])]
    sections = [Section(name, start, end, header) for name, start, end, header in (doc._.sections or [])]
    n_sentences = sum(1 for _ in doc.sents) if doc.has_annotation("SENT_START") else 0
    n_words = sum(1 for t in doc if not (t.is_punct or t.is_space))
    return Evidence(entities, administrations, sections, n_words, n_sentences)
