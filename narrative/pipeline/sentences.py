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
from .dictation import Dictation, dictation
from .sections import header_separator
from .tokens import Lex, LexCache, positions, shared_lexes

_FINAL = {".", "!", "?"}


_HEADER_END = {":", "-", "–"}
_CLAUSE_OPENERS = {"pt", "pt.", "patient", "we", "crew", "ems"}
# "per pt." ends its sentence: after these words the patient is an object, not the next clause's subject
_OBJECT_BEFORE = {"per", "by", "to", "with", "w/", "from", "for", "of", "told", "asked", "gave", "advised", "informed"}
# a capitalised word that opens a clause about the patient or crew: after a word with no punctuation
# between (not a capitalised name), it starts a sentence in a run-on note ("... no hx CVA Pt states ...")
_TITLE_OPENERS = {"Pt", "Patient", "We", "Crew"}
_OPENS, _HEADER, _TITLE, _SAID = 1, 2, 3, 4  # what a word can do for a sentence boundary (SentenceSegmenter._kind)
_NOT_START = numpy.array(-1, dtype="int64").astype("uint64")  # spaCy arrays are uint64; -1 wraps


class SentenceSegmenter:
    def __init__(self, headers: set[str], lexes: LexCache, said: Dictation, max_words: int = 200_000):
        self.headers = headers
        self.lexes = lexes
        self.said = said
        self._kind_of: dict[str, int] = {}  # word -> what it can do for a boundary (see _kind)
        self.max_words = max_words

    def _is_header(self, lex: list[Lex], ws: list[bool], i: int) -> bool:
        """A known header word (one to three tokens) followed by ':' or '-' (sections.header_separator)."""
        for width in (1, 2, 3):
            j = i + width
            if j < len(lex) and header_separator(lex, ws, i, j):
                if " ".join(x.lower for x in lex[i:j]) in self.headers:
                    return True
        return False

    def _kind(self, x: Lex) -> int:
        """_HEADER for a word that can end a header; _OPENS for one after which a rule below can start
        a sentence (whatever follows it); _TITLE for a clause opener that can start one itself; _SAID
        for punctuation a crew may have dictated as a word; else 0."""
        text = x.text
        if text in _HEADER_END:
            return _HEADER
        if text in _TITLE_OPENERS:
            return _TITLE
        if x.lower in self.said.words:
            return _SAID
        if x.is_space or "\n" in text or text in _FINAL or (text[-1:] == "." and len(text) <= 3 and text[:-1].isalpha()):
            return _OPENS
        return 0

    def _kinds(self, lex: list[Lex]) -> list[int]:
        """The kind of each token, through a per-word cache (cleared past ``max_words`` words)."""
        kinds = self._kind_of
        found = [kinds.get(x.text) for x in lex]
        if None in found:
            if len(kinds) > self.max_words:
                kinds.clear()
            for k, x in enumerate(lex):
                if found[k] is None:
                    found[k] = kinds[x.text] = self._kind(x)
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # lexeme attributes through a per-word cache: indexing a Doc builds a Token object per access
        lex, ws = self.lexes.with_spaces(doc)
        kinds = self._kinds(lex)
        # a header ends in ':' or '-' at most 3 tokens on: only tokens before one can open a header
        near_header_end = {j - k for j in positions(kinds, _HEADER) for k in (1, 2, 3)}
        # most words cannot be followed by a sentence start: only the tokens after the others are tried
        candidates = {k + 1 for k in positions(kinds, _OPENS)} | near_header_end
        candidates.update(positions(kinds, _TITLE))
        said = self.said.find(lex, list(positions(kinds, _SAID)))  # "... 10 seconds period no seizure activity"
        candidates.update(k + 1 for k, p in said.items() if p in _FINAL)
        starts = numpy.full((len(lex), 1), _NOT_START, dtype="uint64")  # SENT_START: 1 starts, -1 does not
        starts[0, 0] = 1
        for i in sorted(i for i in candidates if 1 <= i < len(lex)):
            j = i - 1  # the token before; past extra spaces ("denies  CP", "T.  Pt"), which end nothing
            if lex[j].is_space and "\n" not in lex[j].text and j > 0:
                j -= 1
            prev, cur = lex[j], lex[i]
            text = said.get(j, prev.text) if said else prev.text
            if "\n" in text or prev.is_space:
                start = True
            elif text in _FINAL:
                # "? stroke" is a cue, also at the start of a line
                cue = text == "?" and (j < 1 or ws[j - 1] or lex[j - 1].is_space)
                start = not cur.is_space and not (j == i - 1 and _is_decimal_context(lex, ws, i)) and not cue
            else:
                start = False
            if not start and text[-1:] == "." and len(text) <= 3 and text[:-1].isalpha() and (
                    cur.lower in _CLAUSE_OPENERS or (j >= 1 and lex[j - 1].like_num)):
                # "no peaked T. Pt walked": a letter-and-period token, then a new clause about the patient;
                # after a number it is a unit ending the sentence, not an initial: "TXA 1g. needle decompression if"
                start = True
            if not start and prev.lower in ("pt.", "pts.") and j >= 1 and lex[j - 1].lower in _OBJECT_BEFORE:
                start = not cur.is_space  # "PMH none per pt. 12 lead sinus tach"
            if (not start and j == i - 1 and cur.text in _TITLE_OPENERS and not prev.is_punct
                    and not prev.text.istitle()):  # "report to Mercy Pt care" is a name's end
                start = True  # a run-on note: "pt on no blood thinners Pt states ..."
            if (not start and i in near_header_end and (prev.is_punct or not cur.is_lower)
                    and self._is_header(lex, ws, i) and not self._is_header(lex, ws, i - 1)):
                # headers run into the text: "... stable, A: pt alert" / "CC: CP H: onset 1 hr"; inside a
                # longer header ("HOME MEDS:") the sentence starts at its first word
                start = True
            if start:
                starts[i, 0] = 1
        doc.from_array([SENT_START], starts)
        return doc


def _is_decimal_context(lex: list[Lex], ws: list[bool], i: int) -> bool:
    """`0.4` is one token, but `x 2. 5 mg` style splits should not end a sentence mid-dose."""
    return lex[i - 1].text == "." and i >= 2 and lex[i - 2].like_num and lex[i].like_num and not ws[i - 1]


@Language.factory("narrative_sentences", default_config={})
def make_sentences(nlp: Language, name: str) -> SentenceSegmenter:
    headers = {row["header"] for row in read_csv("sections.csv")}
    return SentenceSegmenter(headers, shared_lexes(nlp.vocab), dictation())
