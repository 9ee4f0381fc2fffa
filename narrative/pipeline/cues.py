"""A small phrase-cue finder shared by the components that read modifiers near an entity."""
from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc


def phrase_docs(nlp: Language, phrase: str, attr: str = "LOWER") -> list[Doc]:
    """Pattern docs for a phrase. Tokenizer exceptions split some words differently by case
    ("cannot" -> "can", "not" but "CANNOT" stays whole; "im" -> "i", "m" but "IM" stays whole), so a
    case-insensitive pattern also gets its upper-case tokenization when that differs."""
    docs = [nlp.make_doc(phrase)]
    if attr == "LOWER":
        upper = nlp.make_doc(phrase.upper())
        if [t.lower_ for t in upper] != [t.lower_ for t in docs[0]]:
            docs.append(upper)
    return [d for d in docs if len(d)]


class CueFinder:
    """Finds cue phrases of named groups in a doc (longest match wins where cues overlap)."""

    def __init__(self, nlp: Language, groups: dict[str, Iterable[str]], attr: str = "LOWER"):
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.group_of: dict[int, str] = {}
        for group, phrases in groups.items():
            # tokenizer exceptions split some lower-case words ("im" -> "i", "m"); the upper-case
            # form tokenizes as crews write it ("IM"), and LOWER matching covers both
            docs = [d for p in phrases for d in phrase_docs(nlp, str(p), attr)]
            if docs:
                self.matcher.add(group, docs)
                self.group_of[nlp.vocab.strings[group]] = group

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(group, start, end) token spans, non-overlapping, in order."""
        found = sorted(((self.group_of[k], s, e) for k, s, e in self.matcher(doc)),
                       key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
        taken: set[int] = set()
        kept = []
        for group, start, end in found:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                kept.append((group, start, end))
        return sorted(kept, key=lambda m: m[1])
