"""Misspelled lexicon words: `vomting`, `nasuea`, `stretchr`, `resperatory` read as the words they miss.

Crews type fast and rarely fix their spelling, and no lexicon can list every slip. A word the lexicon
does not know is read as a lexicon word when exactly one of them is a single slip away: a letter left
out, doubled, swapped with its neighbour or, in a long word, replaced. Each kind of slip has its
shortest word in `resources/spelling.yaml`, because short words have real words for neighbours; real
words one slip from a lexicon word (`systolic`/`asystolic`) are listed there too, and an agency adds
its crews' own.

Candidates come from a symmetric-delete index (every lexicon word, and each with one letter deleted),
so a lookup is a few set probes instead of a scan of the vocabulary; answers are remembered per word.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..resources import read_yaml

_MEMO_MAX = 100_000


@dataclass(frozen=True)
class SpellingRules:
    min_length: dict[str, int]  # per kind of slip, the shortest typed word it is corrected in
    known: frozenset[str]  # real words never corrected

    @classmethod
    def from_file(cls, path: str) -> "SpellingRules":
        table = read_yaml(path) or {}
        return cls({str(k): int(v) for k, v in (table.get("min_length") or {}).items()},
                   frozenset(str(w).lower() for w in table.get("known") or ()))

    @property
    def shortest(self) -> int:
        return min(self.min_length.values(), default=0)


def one_edit(typed: str, word: str) -> str | None:
    """The slip that turns `word` into `typed` ("deletion", "insertion", "transposition",
    "substitution"), or None when they are not exactly one edit apart."""
    if typed == word:
        return None
    n, m = len(typed), len(word)
    if abs(n - m) > 1:
        return None
    i = 0
    while i < min(n, m) and typed[i] == word[i]:
        i += 1
    if n == m:
        if typed[i + 1:] == word[i + 1:]:
            return "substitution"
        if i + 1 < n and typed[i] == word[i + 1] and typed[i + 1] == word[i] and typed[i + 2:] == word[i + 2:]:
            return "transposition"
        return None
    if n < m:
        return "deletion" if typed[i:] == word[i + 1:] else None
    return "insertion" if typed[i + 1:] == word[i:] else None


class Speller:
    """Corrects words that are not in the vocabulary to the one vocabulary word a single slip away."""

    def __init__(self, vocabulary: Iterable[str], rules: SpellingRules):
        self.rules = rules
        self.vocabulary = frozenset(w for w in vocabulary if w.isalpha())
        self._index: dict[str, set[str]] = {}
        for word in self.vocabulary:
            if len(word) >= rules.shortest:
                for key in _deletes(word) | {word}:
                    self._index.setdefault(key, set()).add(word)
        # words settled as right (the vocabulary, and words looked up without a correction) and the
        # corrections found: a doc's words are checked against them with set operations
        self._right: set[str] = set(self.vocabulary)
        self._fixes: dict[str, str] = {}

    def correct(self, word: str) -> str | None:
        """The vocabulary word a lower-case `word` misspells, or None."""
        if word in self._right:
            return None
        if word in self._fixes:
            return self._fixes[word]
        if len(self._right) + len(self._fixes) >= len(self.vocabulary) + _MEMO_MAX:
            self._right, self._fixes = set(self.vocabulary), {}
        answer = self._lookup(word)
        if answer is None:
            self._right.add(word)
        else:
            self._fixes[word] = answer
        return answer

    def corrections(self, lowers: list[str], words: set[str] | None = None) -> dict[int, str]:
        """Token index -> corrected word, for the misspelled words of a doc's lower-case tokens (`words`:
        their set, when the caller has it)."""
        fixes = {w: right for w in (words or set(lowers)) - self._right if (right := self.correct(w))}
        return {i: fixes[w] for i, w in enumerate(lowers) if w in fixes} if fixes else {}

    def _lookup(self, word: str) -> str | None:
        rules = self.rules
        if len(word) < rules.shortest or word in rules.known or not word.isalpha():
            return None
        found = set(self._index.get(word, ()))
        for key in _deletes(word):
            found.update(self._index.get(key, ()))
        found = {w for w in found if self._allowed(word, w)}
        if len(found) > 1:  # a letter left out or swapped beats one replaced: "unresponsve" is "unresponsive",
            found = {w for w in found if one_edit(word, w) != "substitution"}  # not the listed "unresponive"
        return found.pop() if len(found) == 1 else None

    def _allowed(self, typed: str, word: str) -> bool:
        """Whether `typed` may be read as `word`: one slip apart, long enough for that kind of slip, an
        added letter only where it doubles its neighbour ("vomitting"; "sedated" is no slip of
        "seated"), and not an inflection ("pulses", "closed" are words, not slips of "pulse", "close")."""
        edit = one_edit(typed, word)
        if edit is None or len(typed) < self.rules.min_length.get(edit, len(typed) + 1):
            return False
        if edit == "insertion" and not _doubled(typed, word):
            return False
        longer, shorter = (typed, word) if len(typed) > len(word) else (word, typed)
        # a dropped final "s" is a slip only where no word is left without it: "weaknes", "shortnes"
        return not (longer[:-1] == shorter and longer[-1] in "sd" and not longer.endswith("ss"))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _doubled(typed: str, word: str) -> bool:
    """Whether the letter `typed` has over `word` repeats the one before or after it."""
    i = next((k for k in range(len(word)) if typed[k] != word[k]), len(word))
    return (i > 0 and typed[i] == typed[i - 1]) or (i + 1 < len(typed) and typed[i] == typed[i + 1])
