"""Plain-Python views of a Doc, built once per component call.

Indexing a Doc builds a Token object on every access, and `span.sent` scans for sentence
boundaries each time; on 200-word narratives those costs dominate the rule components. These arrays
are read once with `Doc.to_array` and shared by the loops that need them.
"""
from __future__ import annotations

from itertools import accumulate
from typing import Any, Iterator, NamedTuple

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IS_PUNCT, IS_SPACE, ORTH, SENT_START, SPACY
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .dictation import dictation


class TokenView:
    __slots__ = ("text", "ws", "sent_start", "sent_end", "spaces_before")

    def __init__(self, doc: Doc):
        lexes, self.ws = shared_lexes(doc.vocab).with_spaces(doc)
        self.text = [x.text for x in lexes]
        for i, punct in dictation().find(lexes).items():  # "denies CP comma SOB": read as said
            self.text[i] = punct
        # whitespace tokens before each index ("denies  CP": extra spaces are no words), summed in C
        self.spaces_before = list(accumulate(map(str.isspace, self.text), initial=0))
        # the sentence of each token: where it starts and where the next one starts
        self.sent_start: list[int] = []
        self.sent_end: list[int] = []
        for start, end in sentence_bounds(doc):
            self.sent_start += [start] * (end - start)
            self.sent_end += [end] * (end - start)


def word_count(doc: Doc) -> int:
    """Tokens that are neither punctuation nor whitespace."""
    if not len(doc):
        return 0
    flags = numpy.asarray(doc.to_array([IS_PUNCT, IS_SPACE])).reshape(len(doc), 2)
    return int(((flags[:, 0] == 0) & (flags[:, 1] == 0)).sum())


def sentence_count(doc: Doc) -> int:
    """``len(sentence_bounds(doc))`` when sentence boundaries are set, else 0."""
    if not len(doc):
        return 0
    starts = _sent_starts(doc)
    # a boundary after the first token is annotation; Doc.has_annotation, which walks every token in
    # a generator, is asked only when there is none (a one-token doc or a sentence hook also counts)
    if not starts[1:].any() and not doc.has_annotation("SENT_START"):
        return 0
    count = int((starts == 1).sum())
    return count if starts[0] == 1 else count + 1


def _sent_starts(doc: Doc) -> numpy.ndarray:
    """SENT_START per token as signed ints: 1 starts a sentence, -1 does not, 0 unknown."""
    if not len(doc):
        return numpy.zeros(0, dtype="int64")
    return numpy.asarray(doc.to_array(SENT_START)).reshape(len(doc)).astype("int64")


class Lex(NamedTuple):
    """The lexeme attributes the rule components test, as plain Python values."""

    text: str
    lower: str
    is_space: bool
    is_punct: bool
    like_num: bool
    is_lower: bool


class LexCache:
    """ORTH hash -> :class:`Lex`, filled as words are first seen.

    Reading these per token through ``Token`` objects costs a Token per access; a doc's ORTH column
    plus one dict lookup per token is several times cheaper. The cache is cleared when it grows
    past ``max_size`` (numbers and typos are open-ended), so memory stays bounded on long streams.
    The list of the last doc read is kept: the components that run one after the other on a doc
    (through :func:`shared_lexes`) build it once, and its trailing spaces with it
    (:meth:`with_spaces`). Callers must not modify the lists.
    """

    def __init__(self, vocab: Vocab, max_size: int = 200_000):
        self.vocab = vocab
        self.max_size = max_size
        self._lex: dict[int, Lex] = {}
        self._doc: Doc | None = None
        self._orths = numpy.zeros(0, dtype="uint64")
        self._last: list[Lex] = []
        self._spaces: list[bool] | None = None  # of the last doc, once asked for

    def _add(self, orth: int) -> Lex:
        if len(self._lex) >= self.max_size:
            self._lex.clear()
        lex = self.vocab[orth]
        info = self._lex[orth] = Lex(lex.orth_, lex.lower_, lex.is_space, lex.is_punct, lex.like_num, lex.is_lower)
        return info

    def __call__(self, doc: Doc) -> list[Lex]:
        """The Lex of each token of the doc."""
        if not len(doc):
            return []
        orths = numpy.asarray(doc.to_array(ORTH)).reshape(len(doc))
        if doc is self._doc and numpy.array_equal(orths, self._orths):  # same doc and tokens: already built
            return self._last
        get, add = self._lex.get, self._add
        self._doc, self._orths = doc, orths
        self._last = [get(o) or add(o) for o in orths.tolist()]
        self._spaces = None
        return self._last

    def with_spaces(self, doc: Doc) -> tuple[list[Lex], list[bool]]:
        """The Lex of each token and whether a space follows it. A token's trailing space changes only
        with the tokens, so the ORTH check that keeps the Lex list keeps the spaces too: the first
        component reads them (to_array), the later ones get them free."""
        lexes = self(doc)
        if not lexes:
            return [], []
        if self._spaces is None:
            self._spaces = numpy.asarray(doc.to_array(SPACY)).reshape(len(doc)).astype(bool).tolist()
        return lexes, self._spaces


class _Entities:
    """The doc's entities as Spans, built once while they stay the same.

    ``doc.ents`` builds a Span per entity by walking every token; four components and the evidence
    read them on each doc. Their IOB and type columns (one C read) tell whether the last list still
    holds. Extension values live in the doc under each span's offsets, so a kept Span reads the
    current ones. Callers must not modify the list.
    """

    def __init__(self) -> None:
        self._doc: Doc | None = None
        self._key = numpy.zeros((0, 2), dtype="uint64")
        self._ents: list = []

    def __call__(self, doc: Doc) -> list:
        key = doc.to_array([ENT_IOB, ENT_TYPE])
        if doc is not self._doc or not numpy.array_equal(key, self._key):
            self._doc, self._key, self._ents = doc, key, list(doc.ents)
        return self._ents


entity_spans = _Entities()

_SHARED: dict[int, LexCache] = {}
_MAX_SHARED = 8  # pipelines (vocabs) remembered; a process usually has one


def shared_lexes(vocab: Vocab) -> LexCache:
    """The LexCache every component of a pipeline (one vocab) reads through, so that a doc's list is
    built once for all of them. A cache keeps its vocab alive: past a few vocabs they are dropped
    (components keep theirs; only the sharing is lost)."""
    cache = _SHARED.get(id(vocab))
    if cache is None or cache.vocab is not vocab:
        if len(_SHARED) >= _MAX_SHARED:
            _SHARED.clear()
        cache = _SHARED[id(vocab)] = LexCache(vocab)
    return cache


def spaced(ws: list[bool], i: int) -> bool:
    """Whether token i stands between spaces: how a dash, slash or bar separates clauses ("alert - denies
    CP", "Pepcid 20mg IV / NS"), not words ("N/V", "A-fib")."""
    return i > 0 and ws[i] and ws[i - 1]


CLAUSE_MARKS = ("-", "\u2013", "/", "|")  # dash, en dash, slash, bar


def separates(text: str, ws: list[bool], i: int) -> bool:
    """Whether token i (its text given) is a spaced dash, slash or bar: how telegraphic narratives separate
    clauses ("alert - denies CP", "epi IM prior to arrival - 50mg Benadryl IVP")."""
    return text in CLAUSE_MARKS and spaced(ws, i)


def positions(items: list[Any], value: Any) -> Iterator[int]:
    """Where a value occurs in a list, by list.index: its few places without a Python loop over every item."""
    i = -1
    try:
        while True:
            i = items.index(value, i + 1)
            yield i
    except ValueError:
        return


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of each sentence, like ``doc.sents`` without building Spans."""
    if not len(doc):
        return []
    starts = numpy.flatnonzero(_sent_starts(doc) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, starts[1:] + [len(doc)]))
