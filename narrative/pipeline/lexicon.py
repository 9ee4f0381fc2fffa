"""Lexicon entity recognition: CONDITION, INTERVENTION, MEDICATION and MOBILITY from data files.

Entries use the spaCy EntityRuler form plus our attributes (CONTRACT.md, "Agency patterns"). String
patterns match case-insensitively; abbreviations from the EMS table are added as patterns for the
entry whose text is their expansion, so `SOB` and `shortness of breath` match alike. Agency entries
win over built-in ones when spans overlap.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Iterable, Iterator

import srsly
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..errors import Errors
from ..resources import read_csv, read_jsonl, read_yaml, resource_path
from ..rules.tables import Scope, categories, load_scope
from .attributes import set_span_attrs
from .cues import phrase_docs
from .spelling import Speller, SpellingRules
from .tokens import positions, shared_lexes

LABELS = ("CONDITION", "INTERVENTION", "MEDICATION", "MOBILITY")
BUILTIN_LEXICONS = ["lexicon/conditions.jsonl", "lexicon/interventions.jsonl",
                    "lexicon/medications.jsonl", "lexicon/mobility.jsonl"]
_ALLOWED_TOKEN_KEYS = {"LOWER", "ORTH", "TEXT", "REGEX", "IN", "OP", "IS_DIGIT", "LIKE_NUM", "IS_PUNCT", "NORM"}
_PRIORITY = {"agency": 2, "lexicon": 1, "abbreviation": 1}


@dataclass(frozen=True)
class EntryAttrs:
    label: str
    category: str
    level: str | None
    supports: bool | None
    source: str
    needs_cue: bool = False  # MOBILITY said of crew or patient alike ("transferred to stretcher")
    not_after: frozenset[str] = frozenset()  # words that make it something else: "HI" after "BGL" is a reading
    # ("#" stands for any number: "mi" after "12" is miles)
    after: frozenset[str] = frozenset()  # when set, the only words it may follow: "ST" is sinus tachycardia
    # after "monitor" or a heart rate ("HR 118 ST"), a saint after "to" ("to St Lukes")
    not_before: frozenset[str] = frozenset()  # words just after it that make it something else: "IV" before
    # "abx" or "sites" is a route or a place ("@MEDICATION": before a drug, "on IV vancomycin"; "#": a number,
    # "Vt 380" is a ventilator's tidal volume)


@dataclass(frozen=True)
class Needs:
    """What a token pattern's mandatory tokens need among the lower-case words of a doc or window: one
    word of each set (in pattern order) and one word each regex finds. Without them it cannot match."""

    words: tuple[frozenset[str], ...]
    regexes: tuple[re.Pattern, ...] = ()

    def words_met(self, present: set[str]) -> bool:
        return all(not w.isdisjoint(present) for w in self.words)

    def met(self, present: set[str]) -> bool:
        return self.words_met(present) and all(any(rx.search(w) for w in present) for rx in self.regexes)


class LexiconMatcher:
    def __init__(self, nlp: Language, name: str, lexicons: list[str], abbreviations: str | None,
                 scope: str, modifiers: str | None = None, exclusions: str | None = None,
                 spelling: str | None = None, wordsets: str | None = None):
        self.nlp = nlp
        self.wordsets = read_wordsets(wordsets) if wordsets else {}
        self.name = name
        self.scope = load_scope(scope)
        table = read_yaml(modifiers) if modifiers else {}
        self.modifiers = {cat: {w.lower() for w in words} for cat, words in (table or {}).items()}
        # phrases that are never a mention although they contain one ("stroke center", "bleeding precautions")
        self.exclusions = PhraseMatcher(nlp.vocab, attr="LOWER")
        if exclusions:
            docs = [nlp.make_doc(row["pattern"]) for row in read_jsonl(exclusions)]
            self.exclusions.add("narrative_exclusion", [d for d in docs if len(d)])
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases_cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        # token patterns: one Matcher per entry key (greedy LONGEST works per key), each with what
        # its patterns' mandatory tokens need (Needs). A doc lacking the words for every pattern of a
        # key cannot match it, so that key's Matcher is not run, nor on a window lacking the words and
        # regex hits: a Matcher call costs ~6 us a token for every pattern it holds, the check ~1 us.
        # per key: its Matcher, the Needs of each pattern, and the longest pattern
        # (None when a pattern can repeat a token, so its matches have no length bound)
        self.matchers: dict[str, tuple[Matcher, list[Needs], list[int | None]]] = {}
        # per key: the first mandatory words of all its patterns (None when one has none): a doc with
        # none of them is ruled out in one set test instead of one per pattern
        self._first_words: dict[str, frozenset[str] | None] = {}
        self._keys: dict[EntryAttrs, str] = {}
        self._order: dict[EntryAttrs, int] = {}  # when each entry kind was first defined: breaks ties
        self._attrs: dict[int, EntryAttrs] = {}
        self._by_text: dict[tuple[str, ...], EntryAttrs] = {}
        # surfaces that have a lexicon entry of their own: exact for case-sensitive entries, else lower case
        self._cased: set[str] = set()
        self._uncased: set[str] = set()
        self.agency_patterns: list[dict] = []
        self.n_patterns = 0
        # the lower-case words of every pattern: what a misspelled word may be read as (spelling.py)
        self._words: set[str] = set()
        self._spelling = SpellingRules.from_file(spelling) if spelling else None
        self._speller: Speller | None = None  # built on first use, again after patterns are added
        for lexicon in lexicons:
            self.add_patterns(read_jsonl(lexicon), source="lexicon", origin=str(lexicon))
        if abbreviations:
            self._add_abbreviations(abbreviations)

    # -- building -----------------------------------------------------------------------------
    def _key(self, attrs: EntryAttrs) -> str:
        key = self._keys.get(attrs)
        if key is None:
            key = f"narrative_lex_{len(self._keys)}"
            self._keys[attrs] = key
            self._order[attrs] = len(self._order)
            self._attrs[self.nlp.vocab.strings.add(key)] = attrs
        return key

    def _attrs_for(self, entry: dict, source: str, where: str) -> EntryAttrs:
        label = entry.get("label")
        if label not in LABELS:
            raise ValueError(Errors.E002.format(where=where, label=label, labels=", ".join(LABELS)))
        category = entry.get("category") or "other"
        known = categories().get(category)
        if source != "agency" and (known is None or known.label != label):
            raise ValueError(Errors.E003.format(where=where, label=label, category=category))
        level = entry.get("level") or service_level(self.scope, label, category)
        supports = entry.get("supports_bed_confinement") if label == "MOBILITY" else None
        return EntryAttrs(label, category, level, supports, source, bool(entry.get("needs_cue")),
                          _words(entry.get("not_after")), _words(entry.get("after")),
                          _words(entry.get("not_before")))

    def add_patterns(self, entries: Iterable[dict], source: str = "agency", origin: str = "patterns") -> None:
        """Add lexicon entries; agency entries are also saved with the pipeline (to_disk)."""
        for n, entry in enumerate(entries, 1):
            where = f"{origin}:{n}"
            attrs = self._attrs_for(entry, source, where)
            pattern = expand_wordsets(entry.get("pattern"), self.wordsets, where)
            key = self._key(attrs)
            self._speller = None
            if isinstance(pattern, str):
                if entry.get("case_sensitive"):  # "MI" but not "mi" (miles)
                    self._cased.add(pattern)
                    docs = phrase_docs(self.nlp, pattern, attr="ORTH")
                    if docs:
                        self.phrases_cased.add(key, docs)
                else:
                    self._uncased.add(pattern.lower())
                    docs = phrase_docs(self.nlp, pattern)
                    if docs:
                        self._words.update(t.lower_ for t in docs[0])
                        self.phrases.add(key, docs)
                        self._by_text.setdefault(_token_key(docs[0]), attrs)
                if not docs:
                    continue
            elif isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern):
                bad = {k for t in pattern for k in t} - _ALLOWED_TOKEN_KEYS
                if bad:
                    raise ValueError(Errors.E004.format(where=where, keys=", ".join(sorted(bad))))
                forms = _expand(pattern)
                self._words.update(w for t in pattern for w in _pattern_words(t))
                if forms is not None:  # a small closed set of word sequences: the PhraseMatcher is far cheaper
                    self.phrases.add(key, [Doc(self.nlp.vocab, words=words) for words in forms])
                else:
                    matcher, required, lengths = self.matchers.setdefault(key, (Matcher(self.nlp.vocab), [], []))
                    matcher.add(key, [pattern], greedy="LONGEST")
                    need = _needs(pattern)
                    required.append(need)
                    known = self._first_words.get(key, frozenset())
                    self._first_words[key] = None if known is None or not need.words else known | need.words[0]
                    lengths.append(None if any(t.get("OP") in ("+", "*") for t in pattern) else len(pattern))
            else:
                raise ValueError(Errors.E005.format(where=where))
            self.n_patterns += 1
            if source == "agency":
                self.agency_patterns.append(entry)

    def _add_abbreviations(self, path: str) -> None:
        """Each abbreviation matches as the entry its expansion names (SOB -> shortness of breath), unless
        the lexicon has an entry for it: that entry, with its own context ("MI" not after a number), decides."""
        for row in read_csv(path):
            attrs = self._by_text.get(_token_key(self.nlp.make_doc(row["expansion"])))
            abbreviation, cased = row["abbreviation"], row.get("case_sensitive", "").lower() == "true"
            if attrs is None or abbreviation.lower() in self._uncased or (cased and abbreviation in self._cased):
                continue
            doc = self.nlp.make_doc(abbreviation)
            if not len(doc):
                continue
            key = self._key(attrs)
            if cased:
                self.phrases_cased.add(key, [doc])
            else:
                self.phrases.add(key, [doc])
            self.n_patterns += 1

    def _token_matches(self, doc: Doc, lowers: list[str], present: set[str]) -> Iterator[tuple[int, int, int]]:
        """Matches of the token patterns. A key runs only when the doc has its mandatory words, and
        then only on windows around those words (a match contains them), not on the whole doc."""
        if not self.matchers:
            return
        for name, (matcher, needs, lengths) in self.matchers.items():
            first_words = self._first_words[name]
            if first_words is not None and first_words.isdisjoint(present):
                continue
            # regexes are left to the windows: searching every word of the doc costs more than it saves
            live = [(need, n) for need, n in zip(needs, lengths) if need.words_met(present)]
            if not live:
                continue
            if any(not need.words or n is None for need, n in live):  # unanchored or unbounded: the whole doc
                yield from matcher(doc)
                continue
            first = set().union(*(need.words[0] for need, _ in live))
            anchors = sorted(i for word in first.intersection(present) for i in positions(lowers, word))
            reach = max(n for _, n in live)
            seen: set[tuple[int, int, int]] = set()
            for lo, hi in _windows(anchors, reach, len(doc)):
                window = set(lowers[lo:hi])
                if not any(need.met(window) for need, _ in live):  # no pattern can match in it
                    continue
                for key, start, end in matcher(doc[lo:hi]):
                    hit = (key, start + lo, end + lo)
                    if hit not in seen:
                        seen.add(hit)
                        yield hit

    # -- matching -----------------------------------------------------------------------------
    def match(self, doc: Doc) -> list[Span]:
        """All lexicon spans of the doc, overlaps resolved (agency first, then longest). Misspelled
        words are matched as the lexicon words they miss; the spans cover the words as written."""
        lexes = shared_lexes(doc.vocab)(doc)  # built once for all components
        lowers = [lex.lower for lex in lexes]
        present = set(lowers)
        fixes = self._fixes(lowers, present)
        target = doc
        if fixes:  # matched on the doc respelled: same tokens, so the same indices
            lexes, spaces = shared_lexes(doc.vocab).with_spaces(doc)
            target = Doc(doc.vocab, words=[fixes.get(i, lex.text) for i, lex in enumerate(lexes)], spaces=spaces)
            lowers = [fixes.get(i, w) for i, w in enumerate(lowers)]
            present = set(lowers)
        kept = []
        for attrs, start, end in self._select(target, lowers, present):
            span = Span(doc, start, end, label=attrs.label)
            set_span_attrs(span, {"category": attrs.category, "level": attrs.level, "source": attrs.source,
                                  "intrinsic_polarity": attrs.supports, "needs_cue": attrs.needs_cue})
            kept.append(span)
        return kept

    def _fixes(self, lowers: list[str], present: set[str]) -> dict[int, str]:
        """Token index -> the lexicon word a misspelled token stands for."""
        if self._spelling is None or not lowers:
            return {}
        if self._speller is None:
            self._speller = Speller(self._words, self._spelling)
        return self._speller.corrections(lowers, present)

    def _select(self, doc: Doc, lowers: list[str], present: set[str]) -> list[tuple[EntryAttrs, int, int]]:
        """(entry, start, end) of the matches that win, in order."""
        spans = []
        matches = chain(self.phrases(doc), self.phrases_cased(doc), self._token_matches(doc, lowers, present))
        for key, start, end in matches:
            spans.append((self._attrs[key], start, end))
        spans.extend((None, start, end) for _, start, end in self.exclusions(doc))
        # on the same tokens, an entry limited by what it follows ("shock" after "3rd") is the more specific,
        # of two entries alike the one defined first wins (not whichever the matchers return first), and an
        # entry wins over an exclusion of the same words ("fall precautions" is a fall risk, not a fall)
        order = self._order
        spans.sort(key=lambda p: (_PRIORITY.get(p[0].source, 0) if p[0] else 1, p[2] - p[1],
                                  bool(p[0] and p[0].after), -p[1], -order[p[0]] if p[0] else -len(order)),
                   reverse=True)
        taken: set[int] = set()
        kept = []
        for attrs, start, end in spans:
            if attrs is not None:
                if attrs.not_after and start and _among(doc[start - 1], attrs.not_after):
                    continue
                if attrs.after and not (start and _among(doc[start - 1], attrs.after)):
                    continue
                if attrs.not_before and end < len(doc) and _among(doc[end], attrs.not_before):
                    continue
                start = self._with_modifiers(doc, attrs, start)
            if taken.intersection(range(start, end)):
                continue
            taken.update(range(start, end))
            if attrs is not None:  # an exclusion claims its tokens and yields nothing
                kept.append((attrs, start, end))
        drugs_at = {start for attrs, start, _ in kept if attrs.label == "MEDICATION"}
        return sorted(((attrs, start, end) for attrs, start, end in kept
                       if not ("@medication" in attrs.not_before and end in drugs_at)), key=lambda m: m[1])

    def _with_modifiers(self, doc: Doc, attrs: EntryAttrs, start: int) -> int:
        """Where a match starts once it absorbs a modifier that is part of the finding: "L facial droop"."""
        words = self.modifiers.get(attrs.category)
        for _ in range(2):  # "R sided [hemiplegia]": a side and the word that makes it one
            if not (words and start and doc[start - 1].lower_ in words):
                break
            start -= 1
        return start

    def __call__(self, doc: Doc) -> Doc:
        spans = self.match(doc)
        # a section header names a part of the report, not a finding: "PE: a&ox4" (physical exam)
        headers = [(start, start + len(header)) for _, start, _, header in getattr(doc._, "sections", None) or ()
                   if header]
        if headers:
            spans = [s for s in spans if not any(a <= s.start_char < b for a, b in headers)]
        spans = _without_field_labels(doc, spans)
        if doc.ents:  # keep entities set before us (e.g. a trained NER) where they do not clash
            spans = filter_spans(spans + list(doc.ents))
        doc.set_ents(spans)  # what `doc.ents = spans` ends in, without rebuilding every Span first
        return doc

    def categorize(self, text: str) -> set[tuple[str, str]]:
        """The (label, category) pairs a structured field value denotes ("Intubation-Endotracheal")."""
        doc = self.nlp.make_doc(text.replace("-", " ").replace("_", " "))
        return {(s.label_, s._.category) for s in self.match(doc)}

    # -- serialization ------------------------------------------------------------------------
    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "patterns.jsonl", self.agency_patterns)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> "LexiconMatcher":
        patterns = Path(path) / "patterns.jsonl"
        if patterns.exists():
            entries = list(srsly.read_jsonl(patterns))
            self.add_patterns(entries, source="agency", origin=str(patterns))
        return self


_MAX_FORMS = 5000
# words that make a mention the name of a form field: "Ambulatory status:", "Transfer method:"
_FIELD_WORDS = {"status", "method", "type", "mode", "level"}


def _without_field_labels(doc: Doc, spans: list[Span]) -> list[Span]:
    """Drop mentions that name a field of a filled-in form rather than say anything: "Transfer method: hoyer",
    "Ambulatory status: non-ambulatory", "Isolation: MRSA" (the answer is a mention of the same label). A
    field answered yes or no stays a mention ("Bed confined: Y"; "Able to ambulate: N" is negated)."""
    kept = []
    for span in spans:
        i = span.end
        while i < len(doc) and doc[i].lower_ in _FIELD_WORDS:
            i += 1
        if i < len(doc) and doc[i].text == ":" and (i > span.end or _answered_by(doc, spans, span, i + 1)):
            continue
        kept.append(span)
    return kept


def _answered_by(doc: Doc, spans: list[Span], label: Span, start: int) -> bool:
    """Whether the field's answer, just after its colon, is a mention of the field's label."""
    while start < len(doc) and doc[start].is_space:
        start += 1
    return any(s.label_ == label.label_ and s.start == start for s in spans)


def read_wordsets(path: str | Path) -> dict[str, list[str]]:
    """The named word lists of a wordsets.yaml file, lower-cased."""
    table = read_yaml(path) or {}
    return {name: [str(w).lower() for w in words] for name, words in table.items()}


def expand_wordsets(pattern: Any, wordsets: dict[str, list[str]], where: str) -> Any:
    """A token pattern with each "@name" item of an IN or NOT_IN list replaced by that word list, so
    patterns share one list of destinations instead of each keeping its own copy."""
    if not isinstance(pattern, list) or not all(isinstance(token, dict) for token in pattern):
        return pattern  # a phrase, or no token pattern (add_patterns reports it)
    return [{attr: _value_with_wordsets(value, wordsets, where) for attr, value in token.items()} for token in pattern]


def _value_with_wordsets(value: Any, wordsets: dict[str, list[str]], where: str) -> Any:
    """A token's attribute value ({"IN": [...]}) with its IN and NOT_IN lists expanded."""
    if not isinstance(value, dict):
        return value
    return {op: _with_wordsets(items, wordsets, where) if op in ("IN", "NOT_IN") else items
            for op, items in value.items()}


def _with_wordsets(items: Any, wordsets: dict[str, list[str]], where: str) -> Any:
    """An IN/NOT_IN list with its "@name" items replaced by their word lists, duplicates dropped."""
    if not isinstance(items, list) or not any(isinstance(w, str) and w.startswith("@") for w in items):
        return items
    words: list[str] = []
    for item in items:
        if not (isinstance(item, str) and item.startswith("@")):
            words.append(item)
        elif item[1:] in wordsets:
            words.extend(wordsets[item[1:]])
        else:
            raise ValueError(Errors.E010.format(where=where, name=item, names=", ".join(sorted(wordsets)) or "none"))
    return list(dict.fromkeys(words))


def _expand(pattern: list[dict]) -> list[list[str]] | None:
    """The word sequences a token pattern stands for, when it only uses exact LOWER/ORTH words or IN lists
    with optional tokens and they number at most _MAX_FORMS; else None (it stays a Matcher pattern)."""
    forms: list[list[str]] = [[]]
    for token in pattern:
        op = token.get("OP")
        if op not in (None, "?") or len(token) - (op is not None) != 1:
            return None
        (attr, value), = ((k, v) for k, v in token.items() if k != "OP")
        if attr not in ("LOWER", "ORTH"):
            return None
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words = list(value["IN"])
        else:
            return None
        if attr == "ORTH" or any(w != w.lower() for w in words):
            return None  # case-sensitive tokens stay in the Matcher
        forms = [f + [w] for f in forms for w in words] + (forms if op == "?" else [])
        if len(forms) > _MAX_FORMS:
            return None
    return [f for f in forms if f]


def _needs(pattern: list[dict]) -> Needs:
    """The Needs of a token pattern: the LOWER word lists and regexes of its mandatory tokens."""
    words, regexes = [], []
    for token in pattern:
        value = token.get("LOWER")
        if token.get("OP") not in (None, "+", "1"):
            continue
        if isinstance(value, str):
            words.append(frozenset([value]))
        elif isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            words.append(frozenset(value["IN"]))
        elif isinstance(value, dict) and set(value) == {"REGEX"}:
            regexes.append(re.compile(value["REGEX"]))  # spaCy's REGEX predicate is re.search too
    return Needs(tuple(words), tuple(regexes))


def _pattern_words(token: dict) -> list[str]:
    """The lower-case words a token pattern's LOWER value names (a string or an IN list)."""
    value = token.get("LOWER")
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("IN"), list):
        return [str(w).lower() for w in value["IN"]]
    return []


def _words(values: Iterable[object] | None) -> frozenset[str]:
    return frozenset(str(w).lower() for w in values or ())


def _among(token: Token, words: frozenset[str]) -> bool:
    """Whether a token next to a match is one of an entry's `after`, `not_after` or `not_before` words
    ("#": any number)."""
    return token.lower_ in words or ("#" in words and token.like_num)


def _windows(anchors: list[int], reach: int, n: int) -> Iterator[tuple[int, int]]:
    """Merged token windows [a - reach, a + reach) around the anchor positions."""
    lo = hi = None
    for a in anchors:
        start, end = max(0, a - reach), min(n, a + reach)
        if hi is not None and start <= hi:
            hi = max(hi, end)
            continue
        if hi is not None:
            yield lo, hi
        lo, hi = start, end
    if hi is not None:
        yield lo, hi


def service_level(scope: Scope, label: str, category: str) -> str | None:
    """The service level a mention supports, from the scope-of-practice table."""
    if label == "INTERVENTION":
        return scope.level(category, label, fallback="BLS")
    if label == "MEDICATION":
        return scope.level(category, label)
    return None


def _token_key(doc: Doc) -> tuple[str, ...]:
    """How a phrase is looked up: its lower-case tokens ("Non-rebreather" == "non-rebreather")."""
    return tuple(t.lower_ for t in doc)


def read_patterns(path: str | Path) -> list[dict[str, Any]]:
    """Agency patterns file (JSONL) with errors that name the line."""
    entries = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    entries.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise ValueError(Errors.E001.format(path=path, line=n, msg=err.msg)) from None
    return entries


@Language.factory(
    "narrative_lexicon",
    default_config={"lexicons": BUILTIN_LEXICONS, "abbreviations": "abbreviations.csv",
                    "scope": "scope/default.csv", "modifiers": "lexicon/modifiers.yaml",
                    "exclusions": "lexicon/exclusions.jsonl", "spelling": "spelling.yaml",
                    "wordsets": "lexicon/wordsets.yaml"},
)
def make_lexicon(nlp: Language, name: str, lexicons: list[str], abbreviations: str | None,
                 scope: str, modifiers: str | None, exclusions: str | None,
                 spelling: str | None, wordsets: str | None) -> LexiconMatcher:
    def path(p: str | None) -> str | None:
        return str(resource_path(p)) if p else None

    return LexiconMatcher(nlp, name, [str(resource_path(p)) for p in lexicons], path(abbreviations), path(scope),
                          path(modifiers), path(exclusions), path(spelling), path(wordsets))
