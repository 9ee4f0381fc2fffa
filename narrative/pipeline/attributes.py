"""The custom attributes the pipeline sets, registered in one place.

Values are plain str/bool/None (and lists of dicts on the Doc) so `Doc.to_bytes` and
`nlp.pipe(n_process=N)` can carry them across processes.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_ATTRS = {
    "category": None,
    "level": None,
    "assertion": "present",
    "supports_bed_confinement": None,
    "source": "lexicon",
    "intrinsic_polarity": None,  # polarity stated by the lexicon entry itself ("non-ambulatory")
    "needs_cue": False,  # a MOBILITY phrase that decides nothing without a cue ("transferred to stretcher")
}
DOC_ATTRS = {"administrations": None}


# spaCy's Underscore keeps ``span._.name`` in ``doc.user_data`` under ("._.", name, start_char, end_char);
# the hot loops read and write that dict directly instead of building an Underscore per attribute
# (tests/pipeline/test_evidence.py checks both directions against ``span._``)
UNDERSCORE = "._."


def set_span_attrs(span: Span, values: dict[str, object]) -> None:
    """``span._.<name> = value`` for each item, in one pass over the doc's user_data."""
    data, start, end = span.doc.user_data, span.start_char, span.end_char
    for name, value in values.items():
        data[(UNDERSCORE, name, start, end)] = value


def get_span_attr(span: Span, name: str) -> object:
    """``span._.<name>`` (for the attributes registered here), without building an Underscore."""
    return span.doc.user_data.get((UNDERSCORE, name, span.start_char, span.end_char), SPAN_ATTRS[name])


def register() -> None:
    for name, default in SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
