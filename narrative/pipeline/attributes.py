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


def register() -> None:
    for name, default in SPAN_ATTRS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
