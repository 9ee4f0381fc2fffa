"""The literal gate in front of the convenience phrases must never hide a match."""
import re

import pytest

from narrative.rules.literals import GatedPattern, prefixes, required_sets
from narrative.rules.tables import convenience_gates, convenience_phrases

NARRATIVES = [
    "pt found sitting in w/c at snf, staff states facility has no van available today, pt requesting ambulance",
    "daughter unable to transport pt, no other means of transportation. pt ambulatory w/ steady gait",
    "transported for pt convenience per family's request. no distress noted en route",
    "pt states her ride fell through and she cannot get a ride home, c/o mild back pain 3/10",
    "wheelchair van unavailable so pt wouldn't have to wait. v/s stable. no other complaints",
    "no one to drive pt to appointment. caregiver wants an ambulance. car is in the shop",
    "pt c/o cp x2 hrs, no ride needed, daughter drove separately. asa 324 mg po, ntg 0.4 sl",
    "no other transport is safe: pt bedbound, unable to sit upright, 2 person draw sheet to stretcher",
    "transferred to stretcher, no sob, no cp, pt's husband has no car and no way to get home",
    "84 yo f, a&ox4, lungs cta, taxi not available, uber unavailable, pt asked for the ems to take her",
]


def test_required_words_are_read_off_the_pattern():
    sets = required_sets(r"\b(pt|patient) (requested|wants) (an |the )?ambulance\b")
    assert frozenset({"requested", "wants"}) in sets and frozenset({"ambulance"}) in sets
    assert frozenset({"pt", "patient"}) not in sets  # too short to be worth testing
    assert required_sets(r"(?i)\bconvenience\b") == []  # case-insensitive: nothing to gate on
    # optional groups are skipped; a repeated letter ends the literal it follows
    assert required_sets(r"\bride (fell through|(can|is )?cancel+ed)") == [
        frozenset({"fell through", "cance"}), frozenset({"ride "})]


@pytest.mark.parametrize("phrase", convenience_phrases(), ids=lambda p: p.note)
def test_each_gated_phrase_agrees_with_its_regex(phrase):
    gated, plain = GatedPattern(phrase.pattern.pattern), re.compile(phrase.pattern.pattern)
    for text in NARRATIVES:
        lowered = text.lower()
        assert bool(gated.search(lowered)) == bool(plain.search(lowered)), text


def test_gates_select_the_phrases_that_match():
    gates = convenience_gates()
    assert [g.regex.pattern for g in gates] == [p.pattern.pattern for p in convenience_phrases()]
    live = [[bool(g.search(t.lower())) for g in gates] for t in NARRATIVES]
    assert live == [[bool(p.pattern.search(t)) for p in convenience_phrases()] for t in NARRATIVES]
    assert sum(map(any, live)) >= 7 and not all(map(any, live))


def test_literal_prefixes_are_read_off_the_pattern():
    assert prefixes(r"\b(has|had) no (car|van)\b") == {"has no car", "has no van", "had no car", "had no van"}
    assert prefixes(r"\b(at|by|on|per|for) (the )?(family|son|wife)") == {"at ", "by ", "on ", "per ", "for "}
    assert prefixes(r"\b(pt|patient) (is )?requesting") == {"pt ", "patient "}  # an optional group ends them
    assert prefixes(r"\b(wheelchair|w/?c) van") is None  # a repeat in the first group: nothing to anchor on
    assert prefixes(r"(?i)\bride\b") is None


@pytest.mark.parametrize("pattern", [r"\b(for|out of) (patient |pt )?convenience\b", r"\bno (ride|txp)\b",
                                     r"\b(has|had|have) no (car|vehicle)\b"])
def test_anchored_search_finds_what_re_finds(pattern):
    gated, plain = GatedPattern(pattern), re.compile(pattern)
    assert gated.starts is not None
    texts = ["transport for convenience, then for pt convenience", "therefor convenience; noride, no ride",
             "she has no car. he had no vehicle", "ahas no car", "nothing here", "for for convenience",
             "pt shaved no car"]
    for text in texts:
        found, expected = gated.search(text), plain.search(text)
        assert (found and found.span()) == (expected and expected.span()), text
