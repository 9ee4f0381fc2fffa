"""Misspelled lexicon words are matched as the words they miss; real words are left alone."""
import pytest

import narrative
from narrative.pipeline.spelling import Speller, SpellingRules, one_edit

from .helpers import ents, find


@pytest.mark.parametrize("typed,word,edit", [
    ("vomting", "vomiting", "deletion"),
    ("vomitting", "vomiting", "insertion"),
    ("nasuea", "nausea", "transposition"),
    ("hypertention", "hypertension", "substitution"),
    ("nausea", "nausea", None),
    ("naseau", "nausea", None),  # two edits
])
def test_one_edit(typed, word, edit):
    assert one_edit(typed, word) == edit


def _speller(*known):
    rules = SpellingRules({"transposition": 6, "deletion": 7, "insertion": 7, "substitution": 10}, frozenset(known))
    return Speller(["vomiting", "seated", "pulse", "weakness", "hypertension", "shoulder", "shoulders"], rules)


def test_speller_rules():
    speller = _speller("sholders")
    assert speller.correct("vomting") == "vomiting"
    assert speller.correct("weaknes") == "weakness"  # the "s" of "-ness" dropped
    assert speller.correct("hypertention") == "hypertension"
    assert speller.correct("sedated") is None  # an added letter that doubles nothing: a real word
    assert speller.correct("pulses") is None  # an inflection, not a slip
    assert speller.correct("sholders") is None  # listed as known
    assert speller.correct("sholder") == "shoulder"
    assert speller.correct("vomit") is None  # too short to guess


def test_a_dropped_letter_beats_a_replaced_one():
    # "unresponsve" is "unresponsive" with a letter left out, and the listed misspelling "unresponive" with
    # one replaced: the commoner slip wins instead of the word going unread
    rules = SpellingRules({"transposition": 6, "deletion": 7, "insertion": 7, "substitution": 10}, frozenset())
    assert Speller(["unresponsive", "unresponive"], rules).correct("unresponsve") == "unresponsive"


@pytest.mark.parametrize("text,typed,category", [
    ("pt c/o nasuea and vomting since this am", "nasuea", "dehydration_gi"),
    ("pt c/o nasuea and vomting since this am", "vomting", "dehydration_gi"),
    ("PT IN RESPERATORY DISTRESS, TRIPODING", "RESPERATORY DISTRESS", "respiratory_distress"),
    ("pt is unable to ambulte, bedbound x 2 yrs", "ambulte", "ambulate"),
    ("pt was unresponsve on arrival, snoring resps", "unresponsve", "unconscious_syncope"),
])
def test_misspelled_words_are_found_as_written(nlp, text, typed, category):
    assert find(nlp, text, typed).category == category


def test_misspelled_mobility_keeps_its_polarity(nlp):
    assert find(nlp, "pt is unable to ambulte", "ambulte").supports_bed_confinement is True


def test_misspelled_word_keeps_its_assertion(nlp):
    assert find(nlp, "pt denies nasuea, vomiting", "nasuea").assertion == "negated"


@pytest.mark.parametrize("text", [
    "pt afebrile, BP systolic in the 90s",  # not fever, not asystole
    "pt sedated for transport, seated on cot",
    "pulses present x4, patent airway",
])
def test_real_words_stay_unmatched(nlp, text):
    assert not [e for e in ents(nlp, text) if e.text.lower() in {"afebrile", "systolic", "sedated", "patent"}]


def test_spelling_is_a_config_option(tmp_path):
    """`spelling = null` in config.cfg turns it off; an agency's own file names its crews' real words."""
    from thinc.api import Config

    from narrative.nlp import DEFAULT_CONFIG, build

    agency = tmp_path / "spelling.yaml"
    agency.write_text("min_length: {deletion: 7}\nknown: [vomting]\n")
    for value, found in ((None, False), (str(agency), False)):
        cfg = Config().from_disk(DEFAULT_CONFIG)
        cfg["components"]["narrative_lexicon"]["spelling"] = value
        cfg.to_disk(tmp_path / "config.cfg")
        assert bool(ents(build(tmp_path / "config.cfg"), "c/o vomting")) is found
