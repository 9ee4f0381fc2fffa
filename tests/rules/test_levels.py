import pytest

from narrative.rules import billed_level, crew_has, load_scope, normalize_level, reconcile, supported_level
from narrative.records.model import CrewMember

from .builders import Doc, categorize, record

SCOPE = load_scope()
EMERGENT = {"emergency": True, "origin": "R", "destination": "H", "loaded_miles": 6.2}


def level_of(doc: Doc, **sections):
    rec = record(doc.text, **sections)
    return supported_level(rec, doc.evidence(), SCOPE, categorize)


def test_bls_when_only_basic_care():
    doc = (Doc("pt found sitting on couch c/o dizziness, BGL 112, placed on O2 2 lpm NC for comfort, "
               "transported w/o incident")
           .cond("dizziness", "weakness_dizziness").proc("BGL", "glucose_check", "BLS").proc("O2", "oxygen", "BLS"))
    level, reasons = level_of(doc, transport=EMERGENT)
    assert level == "BLS"
    assert reasons == []


def test_als1_by_iv_access_with_evidence_offsets():
    doc = Doc("Pt c/o CP x 2hrs. 20g IV L AC, ASA 324 PO").cond("CP", "chest_pain_cardiac").proc("IV", "iv_access", "ALS1")
    doc.med("ASA", "aspirin", "po")
    level, reasons = level_of(doc, transport=EMERGENT)
    assert level == "ALS1"
    iv = doc.text.index("IV")
    assert reasons[0].evidence == [{"start": iv, "end": iv + 2}]


def test_sl_nitro_x3_and_po_aspirin_stay_bls():
    doc = Doc("c/o chest pressure, ASA 324mg PO, NTG 0.4 SL x3 with relief").cond("chest pressure", "chest_pain_cardiac")
    doc.med("ASA", "aspirin", "po").med("NTG", "nitroglycerin", "sl", count=3)
    assert level_of(doc, transport=EMERGENT)[0] == "BLS"


def test_medication_beyond_emt_scope_by_other_route_is_als1():
    doc = Doc("pt vomiting x3, zofran 4mg ODT given, pt tolerated").cond("vomiting", "dehydration_gi")
    doc.med("zofran", "ondansetron", "po")
    level, reasons = level_of(doc, transport=EMERGENT)
    assert level == "ALS1"
    assert reasons[0].kind == "medication"


def test_als2_by_three_iv_administrations():
    doc = Doc("fentanyl 50mcg IVP, repeated fentanyl 50mcg IVP at 1412, zofran 4mg IV for nausea")
    doc.med("fentanyl", "fentanyl", "iv").med("fentanyl", "fentanyl", "iv", nth=1).med("zofran", "ondansetron", "iv")
    level, reasons = level_of(doc, transport=EMERGENT)
    assert level == "ALS2"
    assert reasons[0].kind == "als2_medications" and len(reasons[0].evidence) == 3


def test_same_medication_twice_counts_twice():
    doc = Doc("SVT at 190, adenosine 6mg rapid IVP x2 no conversion, then amiodarone 150mg IV over 10 min")
    doc.cond("SVT", "dysrhythmia").med("adenosine", "adenosine", "iv", count=2).med("amiodarone", "amiodarone", "infusion")
    assert level_of(doc, transport=EMERGENT)[0] == "ALS2"


def test_crystalloids_do_not_count_toward_als2():
    doc = Doc("NS 500ml bolus, NS wide open, fentanyl 50 mcg IV, zofran 4 mg IV")
    doc.med("NS", "normal_saline", "iv").med("NS", "normal_saline", "iv", nth=1)
    doc.med("fentanyl", "fentanyl", "iv").med("zofran", "ondansetron", "iv")
    assert level_of(doc, transport=EMERGENT)[0] == "ALS1"


def test_im_and_neb_routes_do_not_count_toward_als2():
    doc = Doc("epi 0.3 IM, albuterol 2.5 neb x2, benadryl 50 IV")
    doc.med("epi", "epinephrine", "im").med("albuterol", "albuterol", "neb", count=2)
    doc.med("benadryl", "diphenhydramine", "iv")
    assert level_of(doc, transport=EMERGENT)[0] == "ALS1"


def test_prior_to_arrival_administrations_never_count():
    doc = Doc("FD gave narcan 2mg IV prior to our arrival. we gave narcan 0.5 IV, zofran 4 IV")
    doc.med("narcan", "naloxone", "iv", prior=True)
    doc.med("narcan", "naloxone", "iv", nth=1).med("zofran", "ondansetron", "iv")
    assert level_of(doc, transport=EMERGENT)[0] == "ALS1"


def test_structured_prior_to_arrival_medication_is_discounted():
    doc = Doc("adenosine 6 IV, adenosine 12 IV, adenosine 12 IV, converted to sinus")
    for i in range(3):
        doc.med("adenosine", "adenosine", "iv", nth=i)
    meds = [{"name": "Adenosine", "route": "IV", "prior_to_arrival": True}, "Adenosine", "Adenosine"]
    assert level_of(doc, transport=EMERGENT, medications=meds)[0] == "ALS1"
    assert level_of(doc, transport=EMERGENT, medications=["Adenosine"] * 3)[0] == "ALS2"


@pytest.mark.parametrize("surface,category", [
    ("intubated", "endotracheal_intubation"),
    ("EZ-IO", "io_access"),
    ("defibrillated", "defibrillation"),
])
def test_als2_by_single_procedure(surface, category):
    doc = Doc(f"pt in cardiac arrest on arrival, {surface} per protocol").cond("cardiac arrest", "cardiac_arrest")
    doc.proc(surface, category, "ALS2")
    level, reasons = level_of(doc, transport=EMERGENT)
    assert level == "ALS2" and reasons[0].kind == "intervention"


def test_aed_by_first_responders_is_not_als2():
    doc = Doc("pulseless on arrival, CPR in progress by FD, AED shock advised x1").cond("pulseless", "cardiac_arrest")
    doc.proc("CPR", "cpr", "BLS").proc("AED", "aed", "BLS")
    assert level_of(doc, transport=EMERGENT)[0] == "BLS"


def test_negated_intervention_does_not_support_level():
    doc = Doc("IV attempted x2 unsuccessful, pt refused further attempts").proc("IV", "iv_access", "ALS1", assertion="negated")
    assert level_of(doc, transport=EMERGENT)[0] == "BLS"


def test_als_assessment_needs_emergency_and_als_dispatch():
    doc = Doc("dispatched priority 1 for unknown problem, ALS assessment, pt c/o weakness").cond("weakness", "weakness_dizziness")
    assert level_of(doc, transport={**EMERGENT, "als_dispatch": True})[0] == "ALS1"
    assert level_of(doc, transport={**EMERGENT, "als_dispatch": False})[0] == "BLS"
    assert level_of(doc, transport={"emergency": False, "als_dispatch": True})[0] == "BLS"


def test_als_assessment_uses_emergency_from_the_hcpcs_code():
    doc = Doc("dispatched ALS for syncope, pt c/o weakness").cond("weakness", "weakness_dizziness")
    rec = record(doc.text, transport={"als_dispatch": True}, billing={"hcpcs": "A0427"})
    assert reconcile(rec, doc.evidence(), categorize).supported_level == "ALS1"


SCT_TEXT = "IFT from ICU, pt on levophed drip via IV pump titrated by RN, vent settings AC 14"


def _sct_doc() -> Doc:
    doc = Doc(SCT_TEXT).proc("IV pump", "infusion_pump", "ALS1").proc("vent", "ventilator", "ALS1")
    return doc.med("levophed", "norepinephrine", "infusion")


def test_sct_interfacility_with_specialty_staff_beyond_paramedic_scope():
    level, reasons = level_of(_sct_doc(), transport={"emergency": False, "interfacility": True}, crew=["RN", "Paramedic"])
    assert level == "SCT" and reasons[0].kind == "specialty_care"


@pytest.mark.parametrize("transport,crew", [
    ({"emergency": False, "interfacility": False}, ["RN", "Paramedic"]),
    ({"emergency": False, "interfacility": True}, ["Paramedic", "EMT"]),
])
def test_no_sct_without_interfacility_or_specialty_staff(transport, crew):
    assert level_of(_sct_doc(), transport=transport, crew=crew)[0] == "ALS1"


def test_agency_scope_table_changes_the_level(tmp_path):
    table = tmp_path / "state.csv"
    table.write_text("category,level,beyond_paramedic_scope,note\ncpap,BLS,false,EMT scope here\n*medication,ALS1,false,\n")
    doc = Doc("severe resp distress, CPAP 7.5 cmH2O applied").cond("resp distress", "respiratory_distress").proc("CPAP", "cpap", "ALS1")
    rec = record(doc.text, transport=EMERGENT)
    assert supported_level(rec, doc.evidence(), SCOPE, categorize)[0] == "ALS1"
    assert supported_level(rec, doc.evidence(), load_scope(table), categorize)[0] == "BLS"


@pytest.mark.parametrize("billing,expected", [
    ({"hcpcs": "A0427"}, "ALS1"),
    ({"hcpcs": "a0428"}, "BLS"),
    ({"hcpcs": "A0433"}, "ALS2"),
    ({"hcpcs": "A0434"}, "SCT"),
    ({"hcpcs": "A0432"}, "PI"),
    ({"level": "ALS-2"}, "ALS2"),
    ({"level": "als", "hcpcs": "A0429"}, "ALS1"),
    ({"level": "2650015"}, "SCT"),
])
def test_billed_level(billing, expected):
    assert billed_level(record("x", billing=billing)) == expected


def test_unknown_billing_level_is_none():
    assert normalize_level("deluxe") is None
    assert billed_level(record("x", billing={"hcpcs": "A9999"})) is None


@pytest.mark.parametrize("cert,kind,expected", [
    ("Paramedic", "als", True), ("EMT-P", "als", True), ("AEMT", "als", True), ("EMT-I/85", "als", True),
    ("EMT", "als", False), ("EMT-B", "als", False), ("EMR", "als", False),
    ("RN", "specialty", True), ("Critical Care Paramedic", "specialty", True), ("RRT", "specialty", True),
    ("Paramedic", "specialty", False), ("EMT", "specialty", False),
])
def test_crew_certifications(cert, kind, expected):
    assert crew_has([CrewMember(certification=cert)], kind) is expected
