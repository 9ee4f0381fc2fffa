"""A small phrase-cue finder shared by the components that read modifiers near an entity."""
from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc


class CueFinder:
    """Finds cue phrases of named groups in a doc (longest match wins where cues overlap)."""

    def __init__(self, nlp: Language, groups: dict[str, Iterable[str]], attr: str = "LOWER"):
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.group_of: dict[int, str] = {}
        for group, phrases in groups.items():
            # tokenizer exceptions split some lower-case words ("im" -> "i", "m"); the upper-case
            # form tokenizes as crews write it ("IM"), and LOWER matching covers both
            variants = {v for p in phrases for v in ((str(p), str(p).upper()) if attr == "LOWER" else (str(p),))}
            docs = [d for d in (nlp.make_doc(v) for v in sorted(variants)) if len(d)]
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
