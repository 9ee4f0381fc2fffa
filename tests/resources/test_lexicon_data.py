"""The built-in lexicons and the EMS abbreviation table are data an agency edits by hand.

These tests keep them loadable and consistent: every line parses, every category is a real id
from categories.csv, patterns only use Matcher keys the pipeline accepts, nothing is listed twice
or under two meanings, abbreviations agree with the entries they stand for, and each label keeps
the breadth that held-out crew language needs. They read the files with a blank English tokenizer
only, so they do not depend on the rest of the pipeline.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest
import spacy
import yaml
from spacy.matcher import Matcher, PhraseMatcher
from spacy.util import filter_spans

from narrative.pipeline.lexicon import expand_wordsets, read_wordsets

RESOURCES = Path(__file__).resolve().parents[2] / "narrative" / "resources"
LEXICONS = {
    "conditions.jsonl": "CONDITION",
    "interventions.jsonl": "INTERVENTION",
    "medications.jsonl": "MEDICATION",
    "mobility.jsonl": "MOBILITY",
}
MINIMUM_FORMS = {"CONDITION": 400, "INTERVENTION": 250, "MEDICATION": 300, "MOBILITY": 150}
ENTRY_KEYS = {"case_sensitive", "needs_cue", "not_after", "after", "not_before", "label", "pattern", "category", "supports_bed_confinement"}
TOKEN_KEYS = {"LOWER", "OP"}
VALUE_KEYS = {"IN", "REGEX"}
OPS = {"?", "*", "+", "!"}
# single-token words that must never be a case-insensitive pattern: ordinary English that crews
# also use in other senses (see the brief: "pain", "fall", "pressure", "line" alone are too vague)
# "fall"/"fell" are the trauma mechanism crews name first ("s/p fall", "pt fell"): kept as major_trauma.
# "weak" is kept as weakness_dizziness, a category that never qualifies a transport by itself.
TOO_VAGUE = {"pain", "pressure", "line", "as", "in", "is", "pe", "ms", "co", "hr", "or",
             "standing", "king", "pacer", "ca", "hi", "doe", "mi", "a line"}


@cache
def categories() -> dict[str, set[str]]:
    by_label: dict[str, set[str]] = defaultdict(set)
    with open(RESOURCES / "categories.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_label[row["label"]].add(row["category"])
    return dict(by_label)


@cache
def wordsets() -> dict[str, list[str]]:
    return read_wordsets(RESOURCES / "lexicon" / "wordsets.yaml")


@cache
def entries(name: str) -> tuple[tuple[int, dict], ...]:
    """The entries of a lexicon file, their "@name" word lists expanded as the pipeline does."""
    rows = []
    with open(RESOURCES / "lexicon" / name, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            assert line.strip(), f"{name}:{n} is blank"
            entry = json.loads(line)
            entry["pattern"] = expand_wordsets(entry["pattern"], wordsets(), f"{name}:{n}")
            rows.append((n, entry))
    return tuple(rows)


def test_word_lists_are_lower_case_distinct_and_used():
    named = set()
    for name in LEXICONS:
        named.update(re.findall(r'"@([a-z_]+)"', (RESOURCES / "lexicon" / name).read_text(encoding="utf-8")))
    raw = yaml.safe_load((RESOURCES / "lexicon" / "wordsets.yaml").read_text(encoding="utf-8")) or {}
    for list_name, words in raw.items():
        assert words and all(w == w.lower() for w in words), list_name
        assert len(set(words)) == len(words), f"{list_name} repeats a word"
    assert named == set(raw), f"unused {set(raw) - named}, undefined {named - set(raw)}"


def all_entries() -> list[tuple[str, int, dict]]:
    return [(name, n, e) for name in LEXICONS for n, e in entries(name)]


@cache
def abbreviations() -> tuple[dict, ...]:
    with open(RESOURCES / "abbreviations.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["abbreviation", "expansion", "case_sensitive"]
        return tuple(reader)


@cache
def string_index() -> dict[str, tuple[str, str]]:
    """Lower-cased string pattern -> (label, category)."""
    return {e["pattern"].lower(): (e["label"], e["category"])
            for _, _, e in all_entries() if isinstance(e["pattern"], str) and not e.get("case_sensitive")}


def surface_forms(pattern: str | list[dict]) -> int:
    """How many surface forms a pattern stands for (token alternatives multiplied out)."""
    if isinstance(pattern, str):
        return 1
    total = 1
    for token in pattern:
        value = token["LOWER"]
        n = len(value["IN"]) if isinstance(value, dict) and "IN" in value else 1
        total *= n + (1 if token.get("OP") in ("?", "*") else 0)
    return total


@cache
def matchers():
    """PhraseMatcher (LOWER) + Matcher over all lexicons, keyed 'LABEL/category/supports'."""
    nlp = spacy.blank("en")
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    tokens = Matcher(nlp.vocab)
    for _, _, e in all_entries():
        key = f"{e['label']}/{e['category']}/{e.get('supports_bed_confinement')}"
        if isinstance(e["pattern"], str):
            phrases.add(key, [nlp.make_doc(e["pattern"])])
        else:
            tokens.add(key, [e["pattern"]], greedy="LONGEST")
    return nlp, phrases, tokens


def spans(text: str) -> dict[str, str]:
    """Surface text -> key of the longest non-overlapping lexicon matches."""
    nlp, phrases, tokens = matchers()
    doc = nlp.make_doc(text)
    found = [(nlp.vocab.strings[k], doc[s:e]) for k, s, e in list(phrases(doc)) + list(tokens(doc))]
    keys = {(sp.start, sp.end): key for key, sp in found}
    return {sp.text: keys[(sp.start, sp.end)] for sp in filter_spans([sp for _, sp in found])}


# -- every line ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(LEXICONS))
def test_lines_parse_with_known_keys_and_label(name):
    for n, e in entries(name):
        assert set(e) <= ENTRY_KEYS, f"{name}:{n} unknown keys {set(e) - ENTRY_KEYS}"
        assert e["label"] == LEXICONS[name], f"{name}:{n} label {e['label']}"
        assert e["category"] in categories()[e["label"]], f"{name}:{n} category {e['category']!r}"


def test_interventions_carry_no_level():
    """Levels come from the scope table by category, so an agency changes one row, not hundreds."""
    assert not [n for n, e in entries("interventions.jsonl") if "level" in e]


def test_supports_bed_confinement_only_on_mobility_and_boolean():
    for name, n, e in all_entries():
        if "supports_bed_confinement" in e:
            assert e["label"] == "MOBILITY", f"{name}:{n}"
            assert isinstance(e["supports_bed_confinement"], bool), f"{name}:{n}"


def test_string_patterns_are_clean():
    for name, n, e in all_entries():
        p = e["pattern"]
        if isinstance(p, str):
            assert p == p.strip() and p and "  " not in p, f"{name}:{n} {p!r}"
            if not e.get("case_sensitive"):
                assert p.lower() not in TOO_VAGUE, f"{name}:{n} {p!r} is a false-positive magnet"


def test_token_patterns_use_allowed_keys_and_compile():
    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    for name, n, e in all_entries():
        p = e["pattern"]
        if isinstance(p, str):
            continue
        assert isinstance(p, list) and p, f"{name}:{n}"
        assert p[0].get("OP") not in ("?", "*"), f"{name}:{n} starts with an optional token"
        for token in p:
            assert set(token) <= TOKEN_KEYS and "LOWER" in token, f"{name}:{n} {token}"
            assert token.get("OP", "+") in OPS, f"{name}:{n} {token}"
            value = token["LOWER"]
            if isinstance(value, dict):
                assert len(value) == 1 and set(value) <= VALUE_KEYS, f"{name}:{n} {token}"
                if "IN" in value:
                    assert value["IN"] and all(v == v.lower() for v in value["IN"]), f"{name}:{n} {token}"
                    assert len(set(value["IN"])) == len(value["IN"]), f"{name}:{n} repeated alternative"
                else:
                    re.compile(value["REGEX"])
            else:
                assert isinstance(value, str) and value == value.lower(), f"{name}:{n} {token}"
        matcher.add(f"{name}:{n}", [p])


def test_no_duplicate_label_pattern_pairs():
    seen = Counter()
    for _, _, e in all_entries():
        p = e["pattern"]
        text = p if e.get("case_sensitive") else p.lower() if isinstance(p, str) else json.dumps(p, sort_keys=True)
        seen[(e["label"], text)] += 1
    assert [k for k, c in seen.items() if c > 1] == []


def test_a_surface_string_has_one_meaning_across_labels():
    meanings = defaultdict(set)
    for _, _, e in all_entries():
        # an entry limited to what it follows ("shock" after a count) is the exception its context decides
        if isinstance(e["pattern"], str) and not e.get("after"):
            meanings[e["pattern"].lower()].add((e["label"], e["category"]))
    assert {p: m for p, m in meanings.items() if len(m) > 1} == {}


@pytest.mark.parametrize("label", sorted(MINIMUM_FORMS))
def test_breadth_per_label(label):
    forms = sum(surface_forms(e["pattern"]) for _, _, e in all_entries() if e["label"] == label)
    assert forms >= MINIMUM_FORMS[label], f"{label}: {forms} surface forms"


def test_every_category_has_entries():
    covered = {(e["label"], e["category"]) for _, _, e in all_entries()}
    for label in LEXICONS.values():
        missing = {c for c in categories()[label] if c != "other_medication"} - {c for lb, c in covered if lb == label}
        assert not missing, f"{label} categories without any entry: {sorted(missing)}"


# -- abbreviation table ---------------------------------------------------------------------------------

def test_abbreviation_rows_are_well_formed():
    rows = abbreviations()
    assert len(rows) >= 200
    for row in rows:
        assert row["abbreviation"] and row["abbreviation"] == row["abbreviation"].strip(), row
        assert row["expansion"] and row["expansion"] == row["expansion"].strip(), row
        assert row["case_sensitive"] in ("true", "false"), row
        assert row["abbreviation"].lower() != row["expansion"].lower(), row


def test_abbreviations_are_unique():
    exact = Counter(r["abbreviation"] for r in abbreviations())
    assert [a for a, c in exact.items() if c > 1] == []
    # a case-insensitive row already covers every capitalisation of itself
    folded = Counter(r["abbreviation"].lower() for r in abbreviations() if r["case_sensitive"] == "false")
    assert [a for a, c in folded.items() if c > 1] == []


def test_case_sensitive_abbreviations_are_not_case_insensitive_patterns():
    """'PE', 'MI', 'DOE' match only in capitals; a lexicon string would match 'pe', 'mi', 'doe' too."""
    index = string_index()
    leaks = [r["abbreviation"] for r in abbreviations()
             if r["case_sensitive"] == "true" and r["abbreviation"].lower() in index]
    assert leaks == []


def test_abbreviation_agrees_with_its_expansion_entry():
    index = string_index()
    for r in abbreviations():
        own, expanded = index.get(r["abbreviation"].lower()), index.get(r["expansion"].lower())
        if own and expanded:
            assert own == expanded, f"{r['abbreviation']} is {own} but {r['expansion']} is {expanded}"


def test_abbreviation_table_is_wired_to_the_lexicon():
    index = string_index()
    wired = [r for r in abbreviations() if r["expansion"].lower() in index]
    assert len(wired) >= 150
    expected = {
        "SOB": ("CONDITION", "respiratory_distress"), "CP": ("CONDITION", "chest_pain_cardiac"),
        "MI": ("CONDITION", "chest_pain_cardiac"), "AMS": ("CONDITION", "altered_mental_status"),
        "GSW": ("CONDITION", "major_trauma"), "ESRD": ("CONDITION", "end_stage_disease"),
        "NRB": ("INTERVENTION", "oxygen"), "ETT": ("INTERVENTION", "endotracheal_intubation"),
        "IO": ("INTERVENTION", "io_access"), "TCP": ("INTERVENTION", "transcutaneous_pacing"),
        "ASA": ("MEDICATION", "aspirin"), "NTG": ("MEDICATION", "nitroglycerin"),
        "TXA": ("MEDICATION", "tranexamic_acid"), "LR": ("MEDICATION", "lactated_ringers"),
        "NS": ("MEDICATION", "normal_saline"),
    }
    by_abbr = {r["abbreviation"]: index.get(r["expansion"].lower()) for r in abbreviations()}
    assert {a: by_abbr.get(a) for a in expected} == expected


# -- the patterns on crew language ------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, key", [
    ("pt ambulated to the stretcher w/o difficulty", "ambulated to the stretcher", "MOBILITY/ambulate/None"),
    ("PT WALKED OUT TO THE AMBULANCE", "WALKED OUT TO THE AMBULANCE", "MOBILITY/ambulate/None"),
    ("pt stood and pivoted to cot with SBA", "stood and pivoted to cot", "MOBILITY/get_up_from_bed/None"),
    ("found pt sitting in a wheel chair in lobby", "sitting in a wheel chair", "MOBILITY/sit_chair/None"),
    ("pt is non-ambulatory and bedbound at baseline", "non-ambulatory", "MOBILITY/ambulate/True"),
    ("pt is non-ambulatory and bedbound at baseline", "bedbound", "MOBILITY/bed_confined/True"),
    ("pt cannot bear weight on L leg", "bear weight", "MOBILITY/ambulate/None"),
    ("rates pain 9/10, worse w/ movement", "pain 9/10", "CONDITION/severe_pain/None"),
    ("pt speaking in 2 word sentences, diffuse wheezing", "wheezing", "CONDITION/respiratory_distress/None"),
    ("pt fell off a ladder approx 10 ft", "fell off a ladder", "CONDITION/major_trauma/None"),
    ("R sided weakness and facial droop noted", "R sided weakness", "CONDITION/stroke_neuro_deficit/None"),
    ("stage 3 sacral wound dressed by RN", "stage 3 sacral wound", "CONDITION/decubitus_ulcer/None"),
    ("a fib w/ RVR on the monitor", "a fib w/ RVR", "CONDITION/dysrhythmia/None"),
    ("pt found sycope in bathroom", "sycope", "CONDITION/unconscious_syncope/None"),
    ("c/o dyspnia x 3 days", "dyspnia", "CONDITION/respiratory_distress/None"),
    ("pt hypotensve, 2 large bore IVs", "hypotensve", "CONDITION/shock_hypotension/None"),
    ("pt has hx of MRSA in wound", "MRSA", "CONDITION/isolation/None"),
    ("O2 via NRB at 15 lpm", "NRB", "INTERVENTION/oxygen/None"),
    ("12 lead obtained and transmitted", "12 lead", "INTERVENTION/ecg_12_lead/None"),
    ("EZ-IO to L proximal tibia", "EZ-IO", "INTERVENTION/io_access/None"),
    ("pt defibulated x1 at 200j", "defibulated", "INTERVENTION/defibrillation/None"),
    ("needle decompressed R chest 2nd ICS", "needle decompressed", "INTERVENTION/needle_decompression/None"),
    ("naloxene 2mg IN given by PD", "naloxene", "MEDICATION/naloxone/None"),
    ("nitroglycerine 0.4 SL x3", "nitroglycerine", "MEDICATION/nitroglycerin/None"),
    ("zophran 4mg ODT", "zophran", "MEDICATION/ondansetron/None"),
    ("1L lactated ringers wide open", "lactated ringers", "MEDICATION/lactated_ringers/None"),
    ("D50 25g IVP", "D50", "MEDICATION/dextrose/None"),
    ("solu-medrol 125mg IV", "solu-medrol", "MEDICATION/methylprednisolone/None"),
])
def test_patterns_cover_crew_phrasing(text, surface, key):
    assert spans(text).get(surface) == key, spans(text)


@pytest.mark.parametrize("text, not_entity", [
    ("pt c/o sharp stabbing pain to RLQ", "stabbing"),
    ("per standing orders, transported to ED", "standing"),
    ("hx of pacer placement 2019", "pacer"),
    ("restrained driver, airbags deployed", "restrained"),
    ("pt lives alone, ATV in yard", "ATV"),
])
def test_ordinary_words_are_not_entities(text, not_entity):
    assert not_entity not in spans(text)


def test_longest_match_keeps_the_specific_meaning():
    found = spans("pt with low blood sugar, blood sugar check repeated; stage IV pressure ulcer")
    assert found["low blood sugar"] == "CONDITION/glucose_abnormal/None"
    assert found["blood sugar check"] == "INTERVENTION/glucose_check/None"
    assert found["stage IV pressure ulcer"] == "CONDITION/decubitus_ulcer/None"


def test_surface_form_count_multiplies_alternatives():
    pattern = [{"LOWER": {"IN": ["walked", "ambulated"]}}, {"LOWER": "to"},
               {"LOWER": {"IN": ["the", "a"]}, "OP": "?"}, {"LOWER": {"IN": ["cot", "unit", "rig"]}}]
    assert surface_forms(pattern) == 2 * 1 * 3 * 3
    assert surface_forms("non-ambulatory") == 1
