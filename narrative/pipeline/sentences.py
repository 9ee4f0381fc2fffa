"""Sentence boundaries that survive PCR habits.

Crews break lines instead of ending sentences, write headers (`CC:`, `A:`, `Tx:`) instead of
paragraphs, and put periods after abbreviations (`pt.`, `approx.`). Statistical sentencizers trained on
prose do badly here; these rules are explicit and cheap.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import read_csv

_FINAL = {".", "!", "?"}


_HEADER_END = {":", "-", "–"}
_CLAUSE_OPENERS = {"pt", "patient", "we", "crew", "ems"}
_NOT_START = numpy.array(-1, dtype="int64").astype("uint64")  # spaCy arrays are uint64; -1 wraps


class SentenceSegmenter:
    def __init__(self, headers: set[str]):
        self.headers = headers

    def _is_header(self, lower: list[str], text: list[str], i: int) -> bool:
        """A known header word (one or two tokens) at line start followed by ':' or '-'."""
        for width in (1, 2, 3):
            j = i + width
            if j < len(text) and text[j] in _HEADER_END:
                if " ".join(lower[i:j]) in self.headers:
                    return True
        return False

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # token attributes read once into lists: indexing a Doc builds a Token object per access
        tokens = list(doc)
        text = [t.text for t in tokens]
        ws = [t.whitespace_ for t in tokens]
        space = [t.is_space for t in tokens]
        lower = [t.lower_ for t in tokens]
        starts = numpy.full((len(tokens), 1), _NOT_START, dtype="uint64")  # SENT_START: 1 starts, -1 does not
        starts[0, 0] = 1
        for i in range(1, len(tokens)):
            p = i - 1
            start = False
            if "\n" in text[p] or "\n" in ws[p] or space[p]:
                start = True
            elif (text[p] in _FINAL and not space[i] and not _is_decimal_context(tokens, text, ws, i)
                  and not (text[p] == "?" and (i < 2 or ws[i - 2]))):  # "? stroke" is a cue
                start = True
            elif text[p].endswith(".") and len(text[p]) <= 3 and text[p][:-1].isalpha() and lower[i] in _CLAUSE_OPENERS:
                # "no peaked T. Pt walked": a letter-and-period token, then a new clause about the patient
                start = True
            elif (any(t in _HEADER_END for t in text[i + 1:i + 4])
                  and self._is_header(lower, text, i) and (tokens[p].is_punct or not tokens[i].is_lower)):
                # headers run into the text: "... stable, A: pt alert" / "CC: CP H: onset 1 hr"
                start = True
            if start:
                starts[i, 0] = 1
        doc.from_array([SENT_START], starts)
        return doc


def _is_decimal_context(tokens: list, text: list[str], ws: list[str], i: int) -> bool:
    """`0.4` is one token, but `x 2. 5 mg` style splits should not end a sentence mid-dose."""
    return text[i - 1] == "." and i >= 2 and tokens[i - 2].like_num and tokens[i].like_num and not ws[i - 1]


@Language.factory("narrative_sentences", default_config={})
def make_sentences(nlp: Language, name: str) -> SentenceSegmenter:
    headers = {row["header"] for row in read_csv("sections.csv")}
    return SentenceSegmenter(headers)
