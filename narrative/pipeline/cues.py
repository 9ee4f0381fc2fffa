"""A small phrase-cue finder shared by the components that read modifiers near an entity."""
from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc


def phrase_docs(nlp: Language, phrase: str, attr: str = "LOWER") -> list[Doc]:
    """Pattern docs for a phrase. The tokenizer splits some words differently by case ("cannot" ->
    "can", "not" but "CANNOT" stays whole; "AH/VH" splits at the slash, "ah/vh" does not), so a
    case-insensitive pattern also gets its upper- and lower-case tokenizations where they differ."""
    docs = [nlp.make_doc(phrase)]
    if attr == "LOWER":
        seen = [[t.lower_ for t in docs[0]]]
        # crews write "&" for "and" ("shortened & externally rotated"), "w/" and "w/o" for with and without
        short = re.sub(r"\bwithout\b", "w/o", re.sub(r"\bwith\b", "w/", phrase.replace(" and ", " & ")))
        for variant in (phrase.upper(), phrase.lower(), short):
            doc = nlp.make_doc(variant)
            if [t.lower_ for t in doc] not in seen:
                seen.append([t.lower_ for t in doc])
                docs.append(doc)
    return [d for d in docs if len(d)]


class CueFinder:
    """Finds cue phrases of named groups in a doc (longest match wins where cues overlap)."""

    def __init__(self, nlp: Language, groups: dict[str, Iterable[str]], attr: str = "LOWER"):
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.group_of: dict[int, str] = {}
        for group, phrases in groups.items():
            # the tokenizer splits some words differently by case ("cannot", "AH/VH"): phrase_docs
            # gives each case's tokenization, and LOWER matching covers them all
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
