"""Punctuation dictated as words.

Voice-recognition notes keep the punctuation the crew spoke: "out for 10 seconds period no seizure
activity comma no incontinence". Read as words, "period" joins two sentences and "comma" a list to
what follows, so a negation reaches past where the crew ended it. The sentence splitter and the
assertion component read these tokens as the punctuation they stand for.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..resources import read_yaml

if TYPE_CHECKING:
    from .tokens import Lex


class Dictation:
    def __init__(self, table: dict):
        self.words: dict[str, str] = {w.lower(): p for w, p in table.get("words", {}).items()}
        self.min_words = int(table.get("min_words", 2))
        self.word_after = {str(w).lower() for w in table.get("word_after", [])}
        self.word_before = {str(w).lower() for w in table.get("word_before", [])}
        self._last_lex: list[Lex] | None = None
        self._last: dict[int, str] = {}

    def find(self, lex: list[Lex], found: list[int] | None = None) -> dict[int, str]:
        """Token index -> the punctuation it was dictated for; empty unless the note reads as dictated.

        ``found`` are the positions of the dictation words when the caller knows them already. The
        components read a doc through one shared Lex list, so the answer for the last list is kept.
        """
        if lex is self._last_lex:
            return self._last
        words = self.words
        if found is None:
            found = [i for i, x in enumerate(lex) if x.lower in words]
        self._last_lex, self._last = lex, self._read(lex, found)
        return self._last

    def _read(self, lex: list[Lex], found: list[int]) -> dict[int, str]:
        words = self.words
        if len(found) < self.min_words:
            return {}
        out = {}
        for i in found:
            prev = lex[i - 1].lower if i else ""
            after = next((x.lower for x in lex[i + 1:i + 3] if not x.is_space), "")
            if prev in self.word_after or after in self.word_before:
                continue  # "a 10 minute period", "period of apnea"
            out[i] = words[lex[i].lower]
        return out if len(out) >= self.min_words else {}


@lru_cache(maxsize=4)
def dictation(name: str = "dictation.yaml") -> Dictation:
    return Dictation(read_yaml(name))
