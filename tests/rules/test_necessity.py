"""NO_QUALIFYING_CONDITION, BED_CONFINEMENT_*, CONVENIENCE_TRANSPORT and emergency resolution."""
import pytest

from narrative.rules import reconcile, resolve_emergency

from .builders import Doc, categorize, record

EMERGENT = {"emergency": True, "origin": "R", "destination": "H", "loaded_miles": 4.1}
ROUTINE = {"emergency": False, "origin": "N", "destination": "G", "loaded_miles": 8.4, "scheduled": True}


def codes(doc: Doc, **sections) -> set[str]:
    return {f.code for f in reconcile(record(doc.text, **sections), doc.evidence(), categorize).findings}


def run(doc: Doc, **sections):
    return reconcile(record(doc.text, **sections), doc.evidence(), categorize)


# --- NO_QUALIFYING_CONDITION ---

WEAK = ("Dispatched emergent to res for 81 yo F c/o generalized weakness x 3 days. pt denies CP, denies SOB. "
        "A&Ox4, skin w/d, lungs clear. pt states she just doesnt feel right. transported to ED w/o incident")


def test_no_qualifying_condition_when_only_weakness_and_denials():
    doc = Doc(WEAK).cond("generalized weakness", "weakness_dizziness").cond("CP", "chest_pain_cardiac", "negated")
    doc.cond("SOB", "respiratory_distress", "negated")
    result = run(doc, transport=EMERGENT)
    finding = next(f for f in result.findings if f.code == "NO_QUALIFYING_CONDITION")
    assert finding.severity == "error" and finding.evidence == []
    assert "generalized weakness" in finding.message and "CP" in finding.message
    assert "410.40" in finding.rule


def test_qualifying_condition_near_miss():
    doc = Doc(WEAK.replace("denies SOB", "c/o SOB on exertion")).cond("generalized weakness", "weakness_dizziness")
    doc.cond("SOB", "respiratory_distress")
    assert "NO_QUALIFYING_CONDITION" not in codes(doc, transport=EMERGENT)


def test_possible_fracture_qualifies():
    doc = Doc("fall from standing, L hip shortened and rotated, ? hip fx, pain 9/10 on movement")
    doc.cond("hip fx", "fracture_dislocation", "possible")
    assert "NO_QUALIFYING_CONDITION" not in codes(doc, transport=EMERGENT)


def test_cpr_in_progress_shows_need_without_condition_word():
    doc = Doc("arrived to find CPR in progress by bystander, LUCAS applied").proc("CPR", "cpr", "BLS")
    assert "NO_QUALIFYING_CONDITION" not in codes(doc, transport=EMERGENT)


def test_qualifying_check_only_for_emergency():
    doc = Doc(WEAK).cond("generalized weakness", "weakness_dizziness")
    assert "NO_QUALIFYING_CONDITION" not in codes(doc, transport={**ROUTINE, "emergency": False})


# --- bed confinement ---

FULL = ("Scheduled transport from SNF to dialysis. pt is bedbound due to bilateral LE contractures, unable to get OOB "
        "without 2 assist, unable to ambulate, cannot sit upright in w/c due to stage 3 sacral decub. moved via draw sheet")


def full_doc(text: str = FULL) -> Doc:
    doc = Doc(text).mob("bedbound", "bed_confined", True).cond("contractures", "contractures")
    doc.mob("get OOB", "get_up_from_bed", True, "negated").mob("ambulate", "ambulate", True, "negated")
    return doc.mob("sit upright in w/c", "sit_chair", True, "negated").cond("sacral decub", "decubitus_ulcer")


def test_all_three_criteria_is_bed_confined():
    result = run(full_doc(), transport=ROUTINE)
    assert result.bed_confined is True
    assert not {f.code for f in result.findings} & {"BED_CONFINEMENT_INCOMPLETE", "BED_CONFINEMENT_NOT_DOCUMENTED",
                                                    "BED_CONFINEMENT_CONTRADICTED"}


def test_incomplete_when_chair_criterion_missing():
    text = FULL.replace("cannot sit upright in w/c due to stage 3 sacral decub", "skin intact")
    doc = Doc(text).mob("bedbound", "bed_confined", True).mob("get OOB", "get_up_from_bed", True, "negated")
    doc.mob("ambulate", "ambulate", True, "negated")
    result = run(doc, transport=ROUTINE)
    finding = next(f for f in result.findings if f.code == "BED_CONFINEMENT_INCOMPLETE")
    assert "sit in a chair" in finding.message and result.bed_confined is None
    assert len(finding.evidence) == 3


def test_bare_bed_confined_statement_is_incomplete():
    doc = Doc("pt bed confined, transported to dialysis per facility request, no changes").mob("bed confined", "bed_confined", None)
    assert "BED_CONFINEMENT_INCOMPLETE" in codes(doc, transport=ROUTINE)


def test_negated_bed_statement_is_not_a_bare_statement():
    doc = Doc("pt not bedbound per daughter, gets up to commode with walker").mob("bedbound", "bed_confined", None, "negated")
    assert "BED_CONFINEMENT_INCOMPLETE" not in codes(doc, transport=ROUTINE)


def test_transport_assessment_fills_criteria():
    text = "pt bedbound, unable to ambulate, hx CVA with R hemiplegia"
    doc = Doc(text).mob("bedbound", "bed_confined", True).mob("ambulate", "ambulate", True, "negated")
    doc.cond("R hemiplegia", "paralysis")
    rec = record(text, transport=ROUTINE)
    rec.transport_assessment = ["unable_to_sit", "Unable to stand"]
    assert reconcile(rec, doc.evidence(), categorize).bed_confined is True


def test_contradicted_by_narrative_with_offsets():
    text = "pt states she is bedbound, however pt ambulated to stretcher with steady gait and sat on cot"
    doc = Doc(text).mob("bedbound", "bed_confined", True).mob("ambulated to stretcher", "ambulate", False)
    result = run(doc, transport=ROUTINE)
    finding = next(f for f in result.findings if f.code == "BED_CONFINEMENT_CONTRADICTED")
    start = text.index("ambulated to stretcher")
    assert finding.evidence == [{"start": start, "end": start + len("ambulated to stretcher")}]
    assert result.bed_confined is False
    assert "BED_CONFINEMENT_INCOMPLETE" not in {f.code for f in result.findings}


def test_negated_mention_with_false_polarity_does_not_contradict():
    text = "pt unable to get OOB without mechanical lift, non-ambulatory, unable to sit in w/c"
    doc = Doc(text).mob("get OOB", "get_up_from_bed", True, "negated").mob("mechanical lift", "get_up_from_bed", False, "negated")
    doc.mob("non-ambulatory", "ambulate", True).mob("sit in w/c", "sit_chair", True, "negated")
    assert run(doc, transport=ROUTINE).bed_confined is True


def test_contradicted_by_structured_wheelchair_move():
    result = run(full_doc(), transport={**ROUTINE, "moved_to_ambulance": "wheelchair"})
    finding = next(f for f in result.findings if f.code == "BED_CONFINEMENT_CONTRADICTED")
    assert "eDisposition.13" in finding.message and finding.evidence == []


def test_stretcher_move_does_not_contradict():
    result = run(full_doc(), transport={**ROUTINE, "moved_to_ambulance": "stretcher", "moved_from_ambulance": "stretcher"})
    assert result.bed_confined is True


def test_not_documented_when_no_criteria_and_no_reason():
    doc = Doc("transported pt from Maple Grove SNF to dialysis for scheduled tx. pt A&Ox3, no complaints. "
              "vitals stable. uneventful transport").cond("complaints", "other", "negated")
    assert "BED_CONFINEMENT_NOT_DOCUMENTED" in codes(doc, transport=ROUTINE)


def test_other_necessity_reason_avoids_not_documented():
    doc = Doc("pt on continuous O2 4 lpm, unable to manage own tank, morbid obesity 450 lbs requiring bariatric stretcher")
    doc.proc("O2", "oxygen", "BLS").cond("morbid obesity", "morbid_obesity")
    found = codes(doc, transport=ROUTINE)
    assert "BED_CONFINEMENT_NOT_DOCUMENTED" not in found and "BED_CONFINEMENT_INCOMPLETE" not in found


def test_bed_confinement_rules_skip_emergencies():
    doc = Doc("pt walked to the unit c/o chest pain").mob("walked to the unit", "ambulate", False).cond("chest pain", "chest_pain_cardiac")
    assert not {c for c in codes(doc, transport=EMERGENT) if c.startswith("BED_")}


# --- convenience ---

def test_convenience_phrases_with_offsets():
    text = ("pt c/o chronic back pain, states she has no ride to her appointment. transported for convenience "
            "per facility, wc van not available")
    result = run(Doc(text).cond("chronic back pain", "other"), transport=ROUTINE)
    finding = next(f for f in result.findings if f.code == "CONVENIENCE_TRANSPORT")
    snippets = [text[s["start"]:s["end"]] for s in finding.evidence]
    assert snippets == ["no ride", "for convenience", "wc van not available"]


@pytest.mark.parametrize("text,snippet", [
    ("Daughter states car in shop so called for ambulance", "car in shop"),
    ("family unble to transport pt, requested ambulance", "family unble to transport pt"),
])
def test_convenience_phrases_as_crews_type_them(text, snippet):
    finding = next(f for f in run(Doc(text), transport=ROUTINE).findings if f.code == "CONVENIENCE_TRANSPORT")
    assert [text[s["start"]:s["end"]] for s in finding.evidence] == [snippet]


def test_negated_convenience_phrase_is_not_a_finding():
    text = "transport is not for convenience: pt unable to sit upright and no other means of transport is safe"
    doc = Doc(text).mob("sit upright", "sit_chair", True, "negated")
    assert "CONVENIENCE_TRANSPORT" not in codes(doc, transport=ROUTINE)


def test_family_choice_of_destination_is_not_convenience():
    doc = Doc("family requested transport to Mercy per pt preference, pt with hip fx").cond("hip fx", "fracture_dislocation")
    assert "CONVENIENCE_TRANSPORT" not in codes(doc, transport=EMERGENT)


# --- emergency resolution ---

def test_emergency_from_hcpcs_then_narrative_cues():
    assert resolve_emergency(record("x", billing={"hcpcs": "A0428"})) is False
    assert resolve_emergency(record("responded emergent lights and sirens to MVC")) is True
    assert resolve_emergency(record("non-emergent transfer back to SNF after discharge")) is False
    assert resolve_emergency(record("pt transported to ED")) is None
