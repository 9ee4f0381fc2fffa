"""Doc -> Evidence: the hand-off from spaCy objects to plain data."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from ..evidence import Administration, Entity, Evidence, Section
from .tokens import sentence_count, word_count


def doc_to_evidence(doc: Doc) -> Evidence:
    sections = [Section(name, start, end, header) for name, start, end, header in (doc._.sections or [])]
    starts = [s.start for s in sections]
    entities = []
    for e in doc.ents:
        u = e._  # one Underscore per span: attribute access through it is the hot path here
        at = bisect_right(starts, e.start_char) - 1
        entities.append(Entity(label=e.label_, text=e.text, start=e.start_char, end=e.end_char,
                               category=u.category or "other", assertion=u.assertion,
                               section=sections[at].name if at >= 0 and e.start_char < sections[at].end else None,
                               level=u.level, supports_bed_confinement=u.supports_bed_confinement, source=u.source))
    administrations = [Administration(**a) for a in (doc._.administrations or [])]
    return Evidence(entities, administrations, sections, word_count(doc), sentence_count(doc))
