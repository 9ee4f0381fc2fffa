"""Literal words a regular expression cannot match without: a cheap gate before the regex.

A pattern that opens with ``\\b`` gets none of ``re``'s literal-prefix speed-ups: it is tried at
every position of the text, ~0.02 ms per pattern on a 200-word narrative. Most narratives lack
some word each convenience phrase needs ("convenience", "ride", "unable to"), and substring tests
for those words rule the pattern out several times faster. The gate is read off the patterns
themselves, so the data files stay plain regular expressions.
"""
from __future__ import annotations

import re
from re import _constants as C  # noqa: N812  (the parser's opcodes)
from re import _parser as sre_parse

MIN_LENGTH = 3  # shorter strings ("pt", "w") occur in nearly every narrative: not worth testing


def required_sets(pattern: str) -> list[frozenset[str]]:
    """Sets of strings such that every case-sensitive match of ``pattern`` contains a string of
    each set, longest words first; empty when nothing useful can be read off the pattern."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return []
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return []
    useful = {s for s in _candidates(list(parsed)) if _shortest(s) >= MIN_LENGTH}
    return sorted(useful, key=lambda s: (-_shortest(s), sorted(s)))


def _shortest(words: frozenset[str]) -> int:
    return min(len(w.strip()) for w in words)


def _candidates(items: list) -> list[frozenset[str]]:
    """Literal sets that a match of this sequence must hit, one per mandatory element."""
    out: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is C.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            out.append(frozenset({"".join(run)}))
            run = []
        if op is C.SUBPATTERN:
            _group, add_flags, del_flags, sub = arg
            if not add_flags and not del_flags:
                out.extend(_candidates(list(sub)))
        elif op is C.BRANCH:
            alternatives = [_candidates(list(alt)) for alt in arg[1]]
            if all(alternatives):  # one set per alternative, the most selective: their union must hit
                out.append(frozenset().union(*(max(a, key=_shortest) for a in alternatives)))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, _high, sub = arg
            if low >= 1:
                out.extend(_candidates(list(sub)))
        # anything else (a character class, an anchor, a lookaround) is skipped: the literal sets
        # of the other mandatory elements still hold
    if run:
        out.append(frozenset({"".join(run)}))
    return [s for s in out if s and all(w.strip() for w in s)]


class GatedPattern:
    """A compiled pattern whose ``search`` first checks the literal words it cannot match without."""

    __slots__ = ("regex", "requirements")

    def __init__(self, pattern: str):
        self.regex = re.compile(pattern)
        self.requirements = tuple(tuple(sorted(s)) for s in required_sets(pattern))

    def search(self, text: str) -> re.Match[str] | None:
        for words in self.requirements:
            for word in words:  # a plain loop: a generator per set would cost more than the tests
                if word in text:
                    break
            else:
                return None
        return self.regex.search(text)


class GatedAlternation:
    """``p1|p2|...`` as separately gated patterns: the first match of any of them, or None."""

    __slots__ = ("patterns",)

    def __init__(self, patterns: list[str]):
        self.patterns = tuple(GatedPattern(p) for p in patterns)

    def search(self, text: str) -> re.Match[str] | None:
        for pattern in self.patterns:
            found = pattern.search(text)
            if found:
                return found
        return None
