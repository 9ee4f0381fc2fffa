"""Sentence boundaries that survive PCR habits.

Crews break lines instead of ending sentences, write headers (`CC:`, `A:`, `Tx:`) instead of
paragraphs, and put periods after abbreviations (`pt.`, `approx.`). Statistical sentencizers trained on
prose do badly here; these rules are explicit and cheap.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import read_csv

_FINAL = {".", "!", "?"}


class SentenceSegmenter:
    def __init__(self, headers: set[str]):
        self.headers = headers

    def _is_header(self, doc: Doc, i: int) -> bool:
        """A known header word (one or two tokens) at line start followed by ':' or '-'."""
        for width in (1, 2, 3):
            j = i + width
            if j < len(doc) and doc[j].text in (":", "-", "–"):
                words = " ".join(t.lower_ for t in doc[i:j])
                if words in self.headers:
                    return True
        return False

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        doc[0].is_sent_start = True
        line_start = True
        prev = None
        for i, tok in enumerate(doc):
            if i:
                start = False
                if "\n" in prev.text or "\n" in prev.whitespace_ or prev.is_space:
                    start = True
                elif (prev.text in _FINAL and not tok.is_space and not _is_decimal_context(doc, i)
                      and not (prev.text == "?" and (i < 2 or doc[i - 2].whitespace_))):  # "? stroke" is a cue
                    start = True
                elif not line_start and self._is_header(doc, i) and (prev.is_punct or not tok.is_lower):
                    # headers run into the text: "... stable, A: pt alert" / "CC: CP H: onset 1 hr"
                    start = True
                tok.is_sent_start = start
            line_start = tok.is_space or "\n" in tok.whitespace_
            prev = tok
        return doc


def _is_decimal_context(doc: Doc, i: int) -> bool:
    """`0.4` is one token, but `x 2. 5 mg` style splits should not end a sentence mid-dose."""
    return doc[i - 1].text == "." and i >= 2 and doc[i - 2].like_num and doc[i].like_num and not doc[i - 1].whitespace_


@Language.factory("narrative_sentences", default_config={})
def make_sentences(nlp: Language, name: str) -> SentenceSegmenter:
    headers = {row["header"] for row in read_csv("sections.csv")}
    return SentenceSegmenter(headers)
