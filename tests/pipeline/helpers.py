"""Small lookups over a Doc's entities for readable assertions."""
from narrative.pipeline.evidence import doc_to_evidence


def ents(nlp, text):
    return doc_to_evidence(nlp(text)).entities


def find(nlp, text, surface, label=None):
    """The entity whose text is `surface` (case-insensitive); fails loudly when absent."""
    found = [e for e in ents(nlp, text) if e.text.lower() == surface.lower() and (label is None or e.label == label)]
    assert found, f"no entity {surface!r} in {[(e.text, e.label) for e in ents(nlp, text)]}"
    return found[0]


def assertion_of(nlp, text, surface, label=None):
    return find(nlp, text, surface, label).assertion
