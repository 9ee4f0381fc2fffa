"""Section detection for CHART, SOAP and DCHART narratives.

A section starts at a known header (`CC:`, `HPI:`, `A:`, `Rx:`, `Transport:`) that opens a sentence or
line. Sections matter downstream: conditions under `PMH:` are history, drugs under `Meds:` are the
patient's home medications, not administrations.
"""
from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resources import read_csv
from .tokens import Lex, LexCache, sentence_bounds, separates, shared_lexes

if not Doc.has_extension("sections"):
    # [(name, start_char, end_char, header_text)], plain tuples so Doc.to_bytes / n_process work
    Doc.set_extension("sections", default=None)


def section_at(sections: list[tuple[str, int, int, str]] | None, char: int) -> str | None:
    """The name of the section (from ``doc._.sections``) holding a character offset."""
    for name, start, end, _ in sections or ():
        if start <= char < end:
            return name
    return None


def _span_section(span: Span) -> str | None:
    return section_at(span.doc._.sections, span.start_char)


if not Span.has_extension("section"):
    Span.set_extension("section", getter=_span_section)


# words that open a new clause, not a list item
_CLAUSE_STARTS = {"pt", "pt.", "patient", "he", "she", "they", "found", "upon", "arrived", "c/o", "states", "denies",
                  "complains", "presents", "noted", "we", "crew"}


def header_separator(lex: list[Lex], ws: list[bool], i: int, j: int) -> bool:
    """Whether token j ends a header that starts at token i: a ':' or a dash; a one-letter header only
    with a spaced dash ("A - ", not "A-FIB", "C-spine"). The sentence splitter asks the same question."""
    sep = lex[j].text
    if sep == ":":
        return True
    if sep in ("-", "–"):
        return j - i > 1 or len(lex[i].text) > 1 or ws[j - 1]
    return False


class _DocView:
    """Token offsets, trailing spaces and sentence bounds of a doc, read once for the list scans."""

    __slots__ = ("lex", "idx", "ws", "sent_starts", "sent_ends")

    def __init__(self, lex: list[Lex], ws: list[bool], bounds: list[tuple[int, int]], doc: Doc):
        self.lex = lex
        self.idx = numpy.asarray(doc.to_array(IDX)).reshape(len(doc)).tolist()
        self.ws = ws
        self.sent_starts = [start for start, _ in bounds]
        self.sent_ends = [end for _, end in bounds]


class SectionDetector:
    # sections that hold a list and end with their sentence
    list_sections = frozenset({"past_history", "home_medications", "allergies"})

    def __init__(self, headers: dict[str, str], lexes: LexCache):
        self.headers = headers
        self.max_words = max(len(h.split()) for h in headers)
        # a header's first word: a sentence opening with any other word cannot be a header
        self.first_words = {h.split(" ")[0] for h in headers}
        self.lexes = lexes

    def _header_at(self, doc: Doc, lex: list[Lex], ws: list[bool], i: int) -> tuple[str, int] | None:
        """(section, index after the header) when a header starts at token i."""
        for width in range(self.max_words, 0, -1):
            j = i + width
            if j > len(doc):
                continue
            words = " ".join(x.lower for x in lex[i:j])
            section = self.headers.get(words.rstrip("."))
            if section is None:
                continue
            if j < len(doc) and header_separator(lex, ws, i, j):
                return section, j + 1
            # a multi-letter header alone on its line ("ASSESSMENT\n")
            if width and len(words) > 2 and (j == len(doc) or "\n" in doc[j - 1].whitespace_ or doc[j].is_space):
                return section, j
        return None

    @staticmethod
    def _list_end(view: _DocView, start: int, end: int, max_item: int = 7) -> int:
        """Where a list section's items stop: the sentence end, or the first comma-separated chunk
        too long to be an item ("PMH: anxiety, COPD, MI, on arrival pt is a 43 F supine in bed")."""
        lex, idx, ws = view.lex, view.idx, view.ws
        first = bisect_right(idx, start) - 1
        sent_end = view.sent_ends[bisect_right(view.sent_starts, first) - 1]
        chunk_start, words, limit = None, 0, max_item
        for i in range(first, sent_end):
            tok = lex[i]
            if idx[i] >= end:
                return end
            separator = separates(tok.text, ws, i)
            if tok.text in (",", ";") or separator:
                # after " / " telegraphic lines are short; an item there is a few words at most
                chunk_start, words, limit = None, 0, (3 if separator else max_item)
                continue
            if chunk_start is None:
                if tok.lower in _CLAUSE_STARTS:  # "PMH: HTN / DM / pt c/o SOB": the list is over
                    return idx[i]
                chunk_start = idx[i]
            words += not tok.is_punct
            if words > limit:
                return chunk_start
        last = sent_end - 1
        return min(idx[last] + len(lex[last].text), end)

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[str, int, str]] = []  # (section, start_char, header)
        lex, ws = self.lexes.with_spaces(doc)
        bounds = sentence_bounds(doc)
        for i, end in bounds:
            while i < end and lex[i].is_space:
                i += 1
            if i >= end:
                continue
            lower = lex[i].lower
            if lower not in self.first_words and lower.rstrip(".") not in self.headers:
                continue
            hit = self._header_at(doc, lex, ws, i)
            if hit:
                section, after = hit
                found.append((section, doc[i].idx, doc[i:after].text))
        sections = []
        view = _DocView(lex, ws, bounds, doc) if any(f[0] in self.list_sections for f in found) else None
        if found and found[0][1] > 0:
            sections.append(("narrative", 0, found[0][1], ""))
        text_end = doc[-1].idx + len(doc[-1].text_with_ws) if found else 0  # len(doc.text), without joining it
        for n, (section, start, header) in enumerate(found):
            end = found[n + 1][1] if n + 1 < len(found) else text_end
            if section in self.list_sections:
                # "PMH: CHF, COPD" is a list: in run-on text the care that follows is not history
                list_end = self._list_end(view, start, end)
                if list_end < end:
                    sections.append((section, start, list_end, header))
                    section, start, header = "narrative", list_end, ""
            sections.append((section, start, end, header))
        doc._.sections = sections
        return doc


@Language.factory("narrative_sections", default_config={})
def make_sections(nlp: Language, name: str) -> SectionDetector:
    return SectionDetector({row["header"]: row["section"] for row in read_csv("sections.csv")}, shared_lexes(nlp.vocab))
