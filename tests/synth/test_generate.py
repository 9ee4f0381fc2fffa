"""The synthetic PCR generator: determinism, gold spans, contract shape, coverage, expected answers."""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from narrative.corpus import read_gold
from narrative.evidence import ASSERTIONS
from narrative.records import read_records
from narrative.records.model import Record
from narrative.synth import STYLES, families, generate, write_gold
from narrative.synth.__main__ import main
from narrative.synth.bank import load_bank

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_CODES = {
    "NO_QUALIFYING_CONDITION", "BED_CONFINEMENT_NOT_DOCUMENTED", "BED_CONFINEMENT_INCOMPLETE",
    "BED_CONFINEMENT_CONTRADICTED", "LEVEL_NOT_SUPPORTED", "LEVEL_UNDERCODED", "ALS2_MEDICATION_COUNT",
    "CREW_LEVEL_INSUFFICIENT", "PROCEDURE_NOT_IN_NARRATIVE", "NARRATIVE_PROCEDURE_NOT_CODED",
    "IMPRESSION_CONTRADICTED", "VITALS_CONTRADICT_NARRATIVE", "MISSING_SIGNATURE", "MISSING_PCS",
    "MILEAGE_INVALID", "NARRATIVE_TOO_THIN", "CONVENIENCE_TRANSPORT", "CLONED_NARRATIVE",
}
HCPCS = {"A0429": ("BLS", True), "A0428": ("BLS", False), "A0427": ("ALS1", True), "A0426": ("ALS1", False),
         "A0433": ("ALS2", None), "A0434": ("SCT", None)}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return list(generate(500, seed=42))


def _categories() -> set[tuple[str, str]]:
    with open(ROOT / "narrative/resources/categories.csv", encoding="utf-8") as fh:
        return {(r["label"], r["category"]) for r in csv.DictReader(fh)}


def test_same_seed_same_output_and_other_seed_differs():
    a = [json.dumps(r, sort_keys=True) for r in generate(60, seed=7)]
    b = [json.dumps(r, sort_keys=True) for r in generate(60, seed=7)]
    c = [json.dumps(r, sort_keys=True) for r in generate(60, seed=8)]
    assert a == b
    assert a != c


def test_prefix_is_stable_when_n_grows():
    short = list(generate(20, seed=3))
    longer = list(generate(40, seed=3))
    assert [r["narrative"] for r in short[:18]] == [r["narrative"] for r in longer[:18]]


def test_span_text_is_the_inserted_phrase(records):
    """Each span covers a whole phrase from the banks (modulo case; typo'd records excepted)."""
    bank = load_bank()
    forms: dict[str, set[str]] = {}
    for cat, items in bank.conditions.items():
        if isinstance(items, list):
            forms.setdefault(cat, set()).update(f.lower() for f in items)
    for key in ("history", "reason_forms", "negative_forms"):
        for cat, items in bank.conditions[key].items():
            forms.setdefault(cat, set()).update(f.lower() for f in items)
    for fam in bank.families.values():
        for cat, items in fam.get("forms", {}).items():
            forms.setdefault(cat, set()).update(f.lower() for f in items)
        for imp in fam["impression"]:
            forms.setdefault(imp["category"], set()).update(f.lower() for f in imp.get("names", []))
    forms["weakness_dizziness"].update(f.lower() for f in bank.templates["nonreason_forms"])
    for cat, spec in bank.interventions.items():
        forms.setdefault(cat, set()).update(f.lower() for f in spec["forms"] + spec.get("devices", []))
    for cat, spec in bank.medications["meds"].items():
        forms.setdefault(cat, set()).update(f.lower() for f in spec["forms"])
    for cat, kinds in bank.mobility.items():
        for entries in kinds.values():
            for e in entries:
                forms.setdefault(cat, set()).update(f.lower() for f in e["forms"])
    forms["sit_chair"].update(p.lower() for p in bank.templates["posture_seated"])
    checked = 0
    for r in records:
        text = r["narrative"]
        for s in r["gold"]["spans"]:
            surface = text[s["start"]:s["end"]]
            assert surface and surface == surface.strip()
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], surface)
            if "typos" not in r["gold"]["features"]:
                assert surface.lower() in forms[s["category"]], (r["id"], surface, s["category"])
                checked += 1
    assert checked > 1000


def test_spans_sorted_and_never_overlap(records):
    for r in records:
        spans = r["gold"]["spans"]
        assert spans == sorted(spans, key=lambda s: s["start"])
        for a, b in zip(spans, spans[1:]):
            assert a["end"] <= b["start"], r["id"]


def test_labels_categories_assertions_are_valid(records):
    valid = _categories()
    for r in records:
        for s in r["gold"]["spans"]:
            assert (s["label"], s["category"]) in valid, s
            assert s["assertion"] in ASSERTIONS
            assert ("supports_bed_confinement" in s) == (s["label"] == "MOBILITY")


def test_every_style_and_family_appears_in_500(records):
    assert set(Counter(r["gold"]["style"] for r in records)) == set(STYLES)
    assert set(Counter(r["gold"]["family"] for r in records)) == set(families())


def test_records_parse_as_contract_records(records, tmp_path):
    path = tmp_path / "synthetic.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    parsed = list(read_records(path))
    assert len(parsed) == len(records)
    assert all(isinstance(p, Record) for p in parsed)
    for r in records:
        assert isinstance(r["id"], str) and isinstance(r["narrative"], str) and r["narrative"]
        assert isinstance(r["transport"]["emergency"], bool)
        assert r["transport"]["loaded_miles"] is None or isinstance(r["transport"]["loaded_miles"], float)
        assert r["billing"]["level"] in ("BLS", "ALS1", "ALS2", "SCT")
        level, emergency = HCPCS[r["billing"]["hcpcs"]]
        assert level == r["billing"]["level"]
        assert emergency in (None, r["transport"]["emergency"])
        assert all(isinstance(v, (int, float)) for row in r["vitals"] for v in row.values())
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["transport_date"])
        assert set(r["gold"]["findings"]) <= CONTRACT_CODES


def test_outcome_is_learnable_not_degenerate(records):
    denied = [r["outcome"] == "denied" for r in records]
    assert 0.1 < sum(denied) / len(denied) < 0.6
    errors = {"NO_QUALIFYING_CONDITION", "BED_CONFINEMENT_NOT_DOCUMENTED", "BED_CONFINEMENT_CONTRADICTED",
              "MISSING_PCS", "CONVENIENCE_TRANSPORT", "LEVEL_NOT_SUPPORTED"}
    bad = [r["outcome"] == "denied" for r in records if errors & set(r["gold"]["findings"])]
    clean = [r["outcome"] == "denied" for r in records if not r["gold"]["findings"]]
    assert bad and clean
    assert sum(bad) / len(bad) > 2 * sum(clean) / len(clean)


def test_gold_writer_round_trips(records, tmp_path):
    path = tmp_path / "gold.md"
    write_gold(records[:80], path)
    docs = list(read_gold(path))
    assert [d.id for d in docs] == [r["id"] for r in records[:80]]
    for d, r in zip(docs, records):
        assert d.text == r["narrative"]
        assert [s.to_dict() for s in d.spans] == r["gold"]["spans"]


def test_cli_writes_jsonl_and_gold(tmp_path):
    out, gold = tmp_path / "out.jsonl", tmp_path / "out.md"
    assert main(["--n", "25", "--seed", "7", "-o", str(out), "--gold", str(gold)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 25
    assert [json.loads(x) for x in lines] == list(generate(25, seed=7))
    assert len(list(read_gold(gold))) == 25


def test_style_restriction_and_surface(tmp_path):
    caps = list(generate(30, seed=1, styles=["CAPS"]))
    assert all(r["narrative"] == r["narrative"].upper() for r in caps)
    lower = list(generate(30, seed=1, styles=["LOWER"]))
    assert all(r["narrative"] == r["narrative"].lower() for r in lower)
    soap = [r for r in generate(30, seed=1, styles=["SOAP"]) if "thin" not in r["gold"]["variants"]]
    assert all(re.search(r"(^|\s)(O:|OBJECTIVE:|O-)", r["narrative"]) for r in soap)
    with pytest.raises(ValueError):
        list(generate(1, seed=1, styles=["HAIKU"]))


def test_als2_level_matches_structured_medications_and_procedures(records):
    """ALS2 is supported exactly when an ALS2 procedure or >=3 qualifying IV administrations is documented."""
    bank = load_bank()
    als2_procs = {c for c, entry in bank.scope.entries.items() if entry.level == "ALS2"}
    names = {spec["name"]: c for c, spec in bank.medications["meds"].items()}
    for r in records:
        if r["gold"]["supported_level"] == "SCT" or r["gold"]["variants"].count("narrative_not_coded"):
            continue
        procedure = any(s["category"] in als2_procs and s["assertion"] == "present" for s in r["gold"]["spans"]
                        if s["label"] == "INTERVENTION")
        iv = sum(1 for m in r["medications"] if m["route"] in ("IV", "IO", "IV pump") and not m["prior_to_arrival"]
                 and names[m["name"]] not in bank.crystalloids)
        assert (r["gold"]["supported_level"] == "ALS2") == (procedure or iv >= 3), r["id"]


def test_escalating_adenosine_counts_three_and_sl_nitro_never_does():
    recs = list(generate(300, seed=9, family_names=["svt", "chest_pain"]))
    escalating = [r for r in recs if re.search(r"adenosine 6mg rapid", r["narrative"], re.I)
                  and not r["gold"]["variants"]]
    assert escalating and all(r["gold"]["supported_level"] == "ALS2" for r in escalating)
    nitro_only = [r for r in recs if r["gold"]["family"] == "chest_pain" and r["medications"]
                  and all(m["route"] in ("SL", "PO") for m in r["medications"])]
    assert nitro_only and all(r["gold"]["supported_level"] != "ALS2" for r in nitro_only)


def test_bed_confinement_gold_agrees_with_mobility_spans():
    recs = list(generate(400, seed=5, family_names=["dialysis", "snf_hospital", "discharge", "convenience"]))
    seen = Counter()
    for r in recs:
        mob = [s for s in r["gold"]["spans"] if s["label"] == "MOBILITY"]
        met = {s["category"] for s in mob if s["supports_bed_confinement"] is True and s["category"] != "bed_confined"}
        contradicted = any(s["supports_bed_confinement"] is False for s in mob)
        findings = set(r["gold"]["findings"])
        seen[r["gold"]["bed_confined"]] += 1
        if contradicted:
            assert r["gold"]["bed_confined"] is False and "BED_CONFINEMENT_CONTRADICTED" in findings
        elif len(met) == 3:
            assert r["gold"]["bed_confined"] is True
            assert not findings & {"BED_CONFINEMENT_INCOMPLETE", "BED_CONFINEMENT_NOT_DOCUMENTED"}
            assert r["transport_assessment"] == ["unable_to_sit", "unable_to_stand", "unable_to_walk"]
        elif met or mob:
            assert "BED_CONFINEMENT_INCOMPLETE" in findings
        else:
            assert "BED_CONFINEMENT_NOT_DOCUMENTED" in findings, r["id"]
    assert seen[True] and seen[False] and seen[None]


def test_claim_variants_produce_their_findings(records):
    expect = {"missing_pcs": "MISSING_PCS", "bad_mileage": "MILEAGE_INVALID", "thin": "NARRATIVE_TOO_THIN",
              "missing_signature": "MISSING_SIGNATURE", "upcode": "LEVEL_NOT_SUPPORTED",
              "undercode": "LEVEL_UNDERCODED", "clone": "CLONED_NARRATIVE",
              "impression_contradicted": "IMPRESSION_CONTRADICTED",
              "vitals_contradict": "VITALS_CONTRADICT_NARRATIVE",
              "procedure_not_in_narrative": "PROCEDURE_NOT_IN_NARRATIVE",
              "narrative_not_coded": "NARRATIVE_PROCEDURE_NOT_CODED"}
    seen = set()
    for r in records:
        for v in r["gold"]["variants"]:
            if v in expect:
                assert expect[v] in r["gold"]["findings"], (r["id"], v)
                seen.add(v)
    assert len(seen) >= 8
    clean = [r for r in records if not r["gold"]["variants"] and r["gold"]["family"] != "convenience"
             and r["gold"]["mobility_mode"] in (None, "complete")]
    assert clean and sum(not r["gold"]["findings"] for r in clean) / len(clean) > 0.9


def test_clones_come_in_identical_pairs(records):
    cloned = [r for r in records if "CLONED_NARRATIVE" in r["gold"]["findings"]]
    assert cloned
    texts = Counter(r["narrative"] for r in records)
    assert all(texts[r["narrative"]] >= 2 for r in cloned)
    singles = [r for r in records if "CLONED_NARRATIVE" not in r["gold"]["findings"]]
    assert all(texts[r["narrative"]] == 1 for r in singles)


def test_vitals_line_matches_structured_vitals(records):
    for r in records:
        v = r["vitals"][0]
        if "sbp" in v and "thin" not in r["gold"]["variants"]:
            assert f"{v['sbp']}/{v['dbp']}" in r["narrative"], r["id"]


def test_thin_narratives_are_short_and_others_are_not(records):
    for r in records:
        words = len(r["narrative"].split())
        if "NARRATIVE_TOO_THIN" in r["gold"]["findings"]:
            assert words < 20 and not r["gold"]["spans"]
        else:
            assert words >= 30, r["id"]
