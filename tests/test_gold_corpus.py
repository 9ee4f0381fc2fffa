"""Integrity checks for the gold-annotated corpora (corpora/annotated/).

The corpora measure span-level precision and recall of the pipeline, so a
malformed tag, an unknown category or a silently dropped mention would skew
every figure computed from them.  These tests catch such errors early.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from narrative.corpus import LABELS, GoldDoc, parse_markup, read_gold, to_markup

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "annotated"
CATEGORIES = ROOT / "narrative" / "resources" / "categories.csv"
SPLITS = {"dev": ("DEV-", 160), "test": ("TEST-", 70), "dev2": ("DEV2-", 110), "dev3": ("DEV3-", 100),
          "dev4": ("DEV4-", 80), "dev5": ("DEV5-", 80), "dev6": ("DEV6-", 80), "dev7": ("DEV7-", 80),
          "dev8": ("DEV8-", 80), "dev9": ("DEV9-", 80),
          "dev10": ("DEV10-", 80), "dev11": ("DEV11-", 80),
          "dev12": ("DEV12-", 80), "dev13": ("DEV13-", 80), "dev14": ("DEV14-", 80),
          "dev15": ("DEV15-", 80), "dev16": ("DEV16-", 80), "dev17": ("DEV17-", 80),
          "dev18": ("DEV18-", 80), "dev19": ("DEV19-", 80), "dev20": ("DEV20-", 80), "dev21": ("DEV21-", 80),
          "dev22": ("DEV22-", 80), "dev23": ("DEV23-", 80), "dev24": ("DEV24-", 80),
          "dev25": ("DEV25-", 80), "dev26": ("DEV26-", 80), "dev27": ("DEV27-", 80),
          "dev28": ("DEV28-", 80), "dev29": ("DEV29-", 80), "dev30": ("DEV30-", 80),
          "dev31": ("DEV31-", 80), "dev32": ("DEV32-", 80), "dev33": ("DEV33-", 80)}
# A second annotator's markup of a split's narratives (`narrative evaluate SPLIT --against SECOND`).
SECOND = {"agreement/test": ("TEST-", 72), "agreement/dev4": ("DEV4-", 80), "agreement/dev23": ("DEV23-", 80)}
ASSERTIONS = {"present", "negated", "historical", "hypothetical", "possible"}
MIN_WORDS, MAX_WORDS = 40, 260
# A tag that did not parse (typo in label, category or assertion) leaves this behind.
_LEFTOVER_TAG = re.compile(r"\]\((?:" + "|".join(LABELS) + r")\b|\]\([A-Z]+/")


def _load(split: str) -> list[GoldDoc]:
    return list(read_gold(CORPUS / f"{split}.txt"))


@pytest.fixture(scope="module")
def categories() -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = {}
    with open(CATEGORIES, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            allowed.setdefault(row["label"], set()).add(row["category"])
    return allowed


@pytest.fixture(scope="module", params=sorted(SPLITS) + sorted(SECOND))
def split(request: pytest.FixtureRequest) -> tuple[str, list[GoldDoc]]:
    return request.param, _load(request.param)


def test_split_size_and_ids(split: tuple[str, list[GoldDoc]]) -> None:
    name, docs = split
    prefix, minimum = {**SPLITS, **SECOND}[name]
    assert len(docs) >= minimum
    ids = [d.id for d in docs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert all(re.fullmatch(re.escape(prefix) + r"\d{4}", i) for i in ids), ids


def test_narrative_length(split: tuple[str, list[GoldDoc]]) -> None:
    _, docs = split
    bad = {d.id: len(d.text.split()) for d in docs
           if not MIN_WORDS <= len(d.text.split()) <= MAX_WORDS}
    assert not bad


def test_no_unparsed_markup(split: tuple[str, list[GoldDoc]]) -> None:
    _, docs = split
    bad = [d.id for d in docs if _LEFTOVER_TAG.search(d.text)]
    assert not bad, f"malformed tags in {bad}"


def test_categories_valid_for_label(split: tuple[str, list[GoldDoc]],
                                    categories: dict[str, set[str]]) -> None:
    _, docs = split
    bad = [(d.id, s.label, s.category) for d in docs for s in d.spans
           if s.category not in categories.get(s.label, set()) or s.assertion not in ASSERTIONS]
    assert not bad


def test_mobility_polarity_key(split: tuple[str, list[GoldDoc]]) -> None:
    _, docs = split
    for doc in docs:
        for span in doc.spans:
            row = span.to_dict()
            if span.label == "MOBILITY":
                assert "supports_bed_confinement" in row
            else:
                assert span.supports_bed_confinement is None, (doc.id, row)


def test_mobility_tags_spell_out_polarity() -> None:
    """The markup must write the polarity for every MOBILITY mention, never leave it implicit."""
    for name in [*SPLITS, *SECOND]:
        raw = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        implicit = re.findall(r"\]\(MOBILITY/[a-z_]+/[a-z]+\)", raw)
        assert not implicit, implicit[:5]
        misplaced = re.findall(r"\]\((?:CONDITION|INTERVENTION|MEDICATION)/[a-z0-9_]+/[a-z]+/", raw)
        assert not misplaced, misplaced[:5]


def test_spans_do_not_overlap_and_match_text(split: tuple[str, list[GoldDoc]]) -> None:
    _, docs = split
    for doc in docs:
        ordered = sorted(doc.spans, key=lambda s: s.start)
        for left, right in zip(ordered, ordered[1:]):
            assert left.end <= right.start, (doc.id, left, right)
        for span in ordered:
            surface = doc.text[span.start:span.end]
            assert surface and surface == surface.strip(), (doc.id, surface)


def test_markup_round_trip(split: tuple[str, list[GoldDoc]]) -> None:
    _, docs = split
    for doc in docs:
        again = parse_markup(doc.id, to_markup(doc))
        assert again.text == doc.text
        assert again.spans == doc.spans


def test_dev_label_coverage() -> None:
    counts = Counter(s.label for d in _load("dev") for s in d.spans)
    assert all(counts[label] >= 50 for label in LABELS), counts


def test_dev_exercises_every_assertion() -> None:
    counts = Counter(s.assertion for d in _load("dev") for s in d.spans)
    assert all(counts[a] >= 10 for a in ASSERTIONS), counts


@pytest.mark.parametrize("polarity", [True, False, None])
def test_dev_exercises_every_mobility_polarity(polarity: bool | None) -> None:
    spans = [s for d in _load("dev") for s in d.spans if s.label == "MOBILITY"]
    assert sum(s.supports_bed_confinement is polarity for s in spans) >= 5


def test_no_narrative_is_shared_between_splits() -> None:
    """Each split was written independently; a shared narrative would make its figures dishonest."""
    owner: dict[str, str] = {}
    shared = []
    for name in sorted(SPLITS):
        for d in _load(name):
            if d.text in owner:
                shared.append((owner[d.text], d.id))
            owner.setdefault(d.text, d.id)
    assert not shared


@pytest.mark.parametrize("second", sorted(SECOND))
def test_second_annotation_marks_the_same_narratives(second: str) -> None:
    """Agreement is only measured on identical text: the second annotator added markup and changed nothing."""
    first = {d.id: d.text for d in _load(second.split("/")[-1])}
    again = {d.id: d.text for d in _load(second)}
    assert again == first
