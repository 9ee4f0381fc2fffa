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


def prefixes(pattern: str) -> frozenset[str] | None:
    """The literal strings a case-sensitive match of ``pattern`` must start with (one of them, after
    any ``\\b``), or None when the pattern does not open with literals."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _prefixes(list(parsed))


MAX_PREFIXES = 8  # each is looked for in the text: a few longer prefixes beat many long ones
MAX_FORMS = 64


def _prefixes(items: list) -> frozenset[str] | None:
    while items and items[0][0] is C.AT and items[0][1] is C.AT_BOUNDARY:
        items = items[1:]  # \b: zero width, the match still starts with what follows
    starts = {""}
    for item in items:
        forms = _forms([item])  # the element matches exactly these strings: the prefixes go on
        if forms is None:
            break
        longer = {a + b for a in starts for b in forms}
        if len(longer) > MAX_PREFIXES:
            break
        starts = longer
    return frozenset(starts) if all(starts) else None


def _forms(items: list) -> set[str] | None:
    """The strings a sequence of literals, groups, alternations and sets of letters matches; None
    when it has anything else (a range, a repeat, an anchor)."""
    forms = {""}
    for op, arg in items:
        if op is C.LITERAL:
            forms = {f + chr(arg) for f in forms}
            continue
        if op is C.SUBPATTERN:
            _group, add_flags, del_flags, sub = arg
            inner = None if add_flags or del_flags else _forms(list(sub))
        elif op is C.BRANCH:
            alternatives = [_forms(list(alt)) for alt in arg[1]]
            inner = None if any(a is None for a in alternatives) else set().union(*alternatives)
        elif op is C.IN and all(o is C.LITERAL for o, _ in arg):  # "ha[sd]", as re compiles has|had
            inner = {chr(a) for _, a in arg}
        else:
            return None
        if inner is None:
            return None
        forms = {f + g for f in forms for g in inner}
        if len(forms) > MAX_FORMS:
            return None
    return forms


class GatedPattern:
    """A compiled pattern whose ``search`` first checks the literal words it cannot match without.

    When every match starts with one of a few literals ("has", "had", "have" for
    ``\\b(has|had|have) no ...``), the pattern is tried only where one of them occurs: ``re`` gets no
    prefix speed-up from a pattern that opens with ``\\b`` or an alternation and would otherwise try
    every position of the text. The leftmost of those tries is what ``search`` returns.
    """

    __slots__ = ("regex", "requirements", "starts")

    def __init__(self, pattern: str):
        self.regex = re.compile(pattern)
        # the sets most likely to be missing first, so a text without them is ruled out in few scans:
        # fewer and longer words are rarer
        self.requirements = tuple(sorted((tuple(sorted(s)) for s in required_sets(pattern)),
                                         key=lambda words: (len(words), -min(map(len, words)))))
        starts = prefixes(pattern)
        self.starts = tuple(sorted(starts)) if starts and all(starts) else None

    def search(self, text: str) -> re.Match[str] | None:
        for words in self.requirements:
            for word in words:  # a plain loop: a generator per set would cost more than the tests
                if word in text:
                    break
            else:
                return None
        if self.starts is None:
            return self.regex.search(text)
        for position in sorted(_occurrences(text, self.starts)):
            found = self.regex.match(text, position)
            if found:
                return found
        return None


def _occurrences(text: str, words: tuple[str, ...]) -> set[int]:
    """Every index where one of the words starts (overlapping occurrences included)."""
    found = set()
    for word in words:
        i = text.find(word)
        while i >= 0:
            found.add(i)
            i = text.find(word, i + 1)
    return found

