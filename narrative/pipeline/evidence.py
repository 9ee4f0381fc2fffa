"""Doc -> Evidence: the hand-off from spaCy objects to plain data."""
from __future__ import annotations

from spacy.tokens import Doc

from ..evidence import Administration, Entity, Evidence, Section
from .attributes import SPAN_ATTRS
from .attributes import UNDERSCORE as _UNDERSCORE
from .sections import section_at
from .tokens import entity_spans, sentence_count, word_count

_DEFAULT_ASSERTION = SPAN_ATTRS["assertion"]
_DEFAULT_SOURCE = SPAN_ATTRS["source"]
# span attributes are read straight from doc.user_data (see attributes.UNDERSCORE)


def doc_to_evidence(doc: Doc, text: str | None = None) -> Evidence:
    """The plain-data Evidence of an analysed doc. ``text`` is the doc's text when the caller has it
    (the record's narrative: spaCy keeps it verbatim); entity texts are then sliced from it instead
    of being joined token by token."""
    doc_sections = doc._.sections or []
    sections = [Section(name, start, end, header) for name, start, end, header in doc_sections]
    get = doc.user_data.get
    entities = []
    for e in entity_spans(doc):
        s, t = e.start_char, e.end_char
        # positional, in Entity's field order: keywords cost a third more on ~20 mentions a record
        entities.append(Entity(e.label_, e.text if text is None else text[s:t], s, t,
                               get((_UNDERSCORE, "category", s, t)) or "other",
                               get((_UNDERSCORE, "assertion", s, t), _DEFAULT_ASSERTION),
                               section_at(doc_sections, s),
                               get((_UNDERSCORE, "level", s, t)),
                               get((_UNDERSCORE, "supports_bed_confinement", s, t)),
                               get((_UNDERSCORE, "source", s, t), _DEFAULT_SOURCE)))
    administrations = [Administration(**a) for a in (doc._.administrations or [])]
    return Evidence(entities, administrations, sections, word_count(doc), sentence_count(doc))
