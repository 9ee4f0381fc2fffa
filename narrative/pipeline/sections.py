"""Section detection for CHART, SOAP and DCHART narratives.

A section starts at a known header (`CC:`, `HPI:`, `A:`, `Rx:`, `Transport:`) that opens a sentence or
line. Sections matter downstream: conditions under `PMH:` are history, drugs under `Meds:` are the
patient's home medications, not administrations.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..resources import read_csv

if not Doc.has_extension("sections"):
    # [(name, start_char, end_char, header_text)], plain tuples so Doc.to_bytes / n_process work
    Doc.set_extension("sections", default=None)


def _span_section(span: Span) -> str | None:
    for name, start, end, _ in span.doc._.sections or ():
        if start <= span.start_char < end:
            return name
    return None


if not Span.has_extension("section"):
    Span.set_extension("section", getter=_span_section)


# words that open a new clause, not a list item
_CLAUSE_STARTS = {"pt", "pt.", "patient", "he", "she", "they", "found", "upon", "arrived", "c/o", "states", "denies",
                  "complains", "presents", "noted", "we", "crew"}


def header_separator(doc: Doc, i: int, j: int) -> bool:
    """A header ends in ':' or a dash; a one-letter header only with a spaced dash ("A - ", not "A-FIB")."""
    sep = doc[j].text
    if sep == ":":
        return True
    if sep in ("-", "–"):
        return j - i > 1 or len(doc[i].text) > 1 or bool(doc[j - 1].whitespace_)
    return False


class SectionDetector:
    # sections that hold a list and end with their sentence
    list_sections = frozenset({"past_history", "home_medications", "allergies"})

    def __init__(self, headers: dict[str, str]):
        self.headers = headers
        self.max_words = max(len(h.split()) for h in headers)

    def _header_at(self, doc: Doc, i: int) -> tuple[str, int] | None:
        """(section, index after the header) when a header starts at token i."""
        for width in range(self.max_words, 0, -1):
            j = i + width
            if j > len(doc):
                continue
            words = " ".join(t.lower_ for t in doc[i:j])
            section = self.headers.get(words.rstrip("."))
            if section is None:
                continue
            if j < len(doc) and header_separator(doc, i, j):
                return section, j + 1
            # a multi-letter header alone on its line ("ASSESSMENT\n")
            if width and len(words) > 2 and (j == len(doc) or "\n" in doc[j - 1].whitespace_ or doc[j].is_space):
                return section, j
        return None

    @staticmethod
    def _list_end(doc: Doc, start: int, end: int, max_item: int = 5) -> int:
        """Where a list section's items stop: the sentence end, or the first comma-separated chunk
        too long to be an item ("PMH: anxiety, COPD, MI, on arrival pt is a 43 F supine in bed")."""
        first = doc.char_span(start, start + 1, alignment_mode="expand")
        sent = first.sent
        chunk_start, words, limit = None, 0, max_item
        for tok in doc[first.start:sent.end]:
            if tok.idx >= end:
                return end
            spaced = tok.text in ("-", "/", "|") and tok.whitespace_ and tok.i and doc[tok.i - 1].whitespace_
            if tok.text in (",", ";") or spaced:
                # after " / " telegraphic lines are short; an item there is a few words at most
                chunk_start, words, limit = None, 0, (3 if spaced else max_item)
                continue
            if chunk_start is None:
                if tok.lower_ in _CLAUSE_STARTS:  # "PMH: HTN / DM / pt c/o SOB": the list is over
                    return tok.idx
                chunk_start = tok.idx
            words += not tok.is_punct
            if words > limit:
                return chunk_start
        return min(sent.end_char, end)

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[str, int, str]] = []  # (section, start_char, header)
        for sent in doc.sents:
            i = sent.start
            while i < sent.end and doc[i].is_space:
                i += 1
            if i >= sent.end:
                continue
            hit = self._header_at(doc, i)
            if hit:
                section, after = hit
                found.append((section, doc[i].idx, doc[i:after].text))
        sections = []
        if found and found[0][1] > 0:
            sections.append(("narrative", 0, found[0][1], ""))
        for n, (section, start, header) in enumerate(found):
            end = found[n + 1][1] if n + 1 < len(found) else len(doc.text)
            if section in self.list_sections:
                # "PMH: CHF, COPD" is a list: in run-on text the care that follows is not history
                list_end = self._list_end(doc, start, end)
                if list_end < end:
                    sections.append((section, start, list_end, header))
                    section, start, header = "narrative", list_end, ""
            sections.append((section, start, end, header))
        doc._.sections = sections
        return doc


@Language.factory("narrative_sections", default_config={})
def make_sections(nlp: Language, name: str) -> SectionDetector:
    return SectionDetector({row["header"]: row["section"] for row in read_csv("sections.csv")})
