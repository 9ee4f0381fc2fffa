"""Abbreviations a crew defines in the text: "altered level of consciousness (ALOC) ... ALOC persists".

scispacy's AbbreviationDetector (Schwartz & Hearst) finds the definitions; every later occurrence of
the short form then becomes the same entity as its long form. Undefined EMS abbreviations (SOB, NRB)
are handled by the lexicon through the abbreviation table.
"""
from __future__ import annotations

import warnings

import numpy
from scispacy.abbreviation import AbbreviationDetector
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import attributes  # noqa: F401


class DefinedAbbreviations:
    def __init__(self, nlp: Language, name: str):
        self.detector = AbbreviationDetector(nlp, name=name, make_serializable=True)
        # the detector's matcher needs a "(" token and a ")" token; without both it finds nothing
        # (uint64 like the ORTH column: two array comparisons cost half a Python set of the doc's words)
        self.opening, self.closing = numpy.array([nlp.vocab.strings.add("("), nlp.vocab.strings.add(")")],
                                                 dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        orths = doc.to_array(ORTH) if len(doc) else None
        if orths is None or not ((orths == self.opening).any() and (orths == self.closing).any()):
            # no parenthesised definition: skip the matcher
            doc._.abbreviations = []
            return doc
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*W036.*")
            self.detector(doc)
        ents = list(doc.ents)
        taken = {i for e in ents for i in range(e.start, e.end)}
        added = []
        for abbr in doc._.abbreviations:
            long = next((e for e in ents if _names(e, abbr["long_start"], abbr["long_end"])), None)
            start, end = abbr["short_start"], abbr["short_end"]
            if long is None or taken.intersection(range(start, end)):
                continue
            span = Span(doc, start, end, label=long.label_)
            span._.category = long._.category
            span._.level = long._.level
            span._.intrinsic_polarity = long._.intrinsic_polarity
            span._.needs_cue = long._.needs_cue
            span._.source = "abbreviation"
            taken.update(range(start, end))
            added.append(span)
        if added:
            doc.set_ents(sorted(ents + added, key=lambda s: s.start))
        return doc


def _names(ent: Span, start: int, end: int) -> bool:
    """Whether an entity is what a definition's long form names: it ends where the long form ends (its
    head) and covers at least half of it. Schwartz & Hearst pick the long form by letters alone, so in
    "by Cedar Falls Vol Ambulance (BLS)" it spans a place name with "Falls" inside, which BLS is not."""
    covered = min(ent.end, end) - max(ent.start, start)
    return ent.end == end and 2 * covered >= end - start


@Language.factory("narrative_abbreviations", default_config={})
def make_abbreviations(nlp: Language, name: str) -> DefinedAbbreviations:
    return DefinedAbbreviations(nlp, name)
