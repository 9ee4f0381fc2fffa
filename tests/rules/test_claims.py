"""Level, crew, structured-versus-narrative and claim-hygiene findings: a trigger and a near miss each."""
import pytest

from narrative.rules import reconcile

from .builders import Doc, categorize, record

EMERGENT = {"emergency": True, "origin": "R", "destination": "H", "loaded_miles": 5.3,
            "origin_zip": "55414", "destination_zip": "55455"}
ROUTINE = {"emergency": False, "origin": "N", "destination": "G", "loaded_miles": 8.4, "scheduled": True}

CP = ("Resp emergent to res for 64 yo M c/o CP radiating to L arm x 1 hr, diaphoretic. 12 lead obtained showing "
      "ST elevation II, III, aVF. 18g IV L AC. ASA 324 PO, NTG 0.4 SL x1. fentanyl 50 mcg IV for pain 8/10.")


def cp_doc(text: str = CP) -> Doc:
    doc = Doc(text).cond("CP", "chest_pain_cardiac").proc("12 lead", "ecg_12_lead", "ALS1").proc("IV", "iv_access", "ALS1")
    return doc.med("ASA", "aspirin", "po").med("NTG", "nitroglycerin", "sl").med("fentanyl", "fentanyl", "iv")


def findings(doc: Doc, **sections):
    return {f.code: f for f in reconcile(record(doc.text, **sections), doc.evidence(), categorize).findings}


# --- level of service ---

def test_level_not_supported_when_billed_als_for_bls_care():
    doc = Doc("pt fell from standing, c/o L wrist pain with deformity, splinted, ice pack, transported")
    doc.cond("deformity", "fracture_dislocation").proc("splinted", "splinting", "BLS")
    f = findings(doc, transport=EMERGENT, billing={"hcpcs": "A0427"})["LEVEL_NOT_SUPPORTED"]
    assert "Billed ALS1" in f.message and "only BLS" in f.message and "414.605" in f.rule


def test_level_supported_near_miss():
    assert "LEVEL_NOT_SUPPORTED" not in findings(cp_doc(), transport=EMERGENT, billing={"hcpcs": "A0427"})


def test_level_undercoded_cites_the_supporting_span():
    f = findings(cp_doc(), transport=EMERGENT, billing={"hcpcs": "A0429"})["LEVEL_UNDERCODED"]
    assert f.severity == "info" and {"start": CP.index("12 lead"), "end": CP.index("12 lead") + 7} in f.evidence


def test_no_level_findings_outside_the_ground_ladder():
    doc = Doc("rotor wing transfer of trauma pt, GCS 7").cond("trauma", "major_trauma")
    found = findings(doc, transport=EMERGENT, billing={"level": "RW"})
    assert not {"LEVEL_NOT_SUPPORTED", "LEVEL_UNDERCODED"} & set(found)


def test_als2_medication_count_when_billed_on_two_iv_meds_and_saline():
    text = "NS 1L bolus for hypotension, fentanyl 50mcg IV, zofran 4mg IV. SBP improved to 104"
    doc = Doc(text).cond("hypotension", "shock_hypotension").med("NS", "normal_saline", "iv")
    doc.med("fentanyl", "fentanyl", "iv").med("zofran", "ondansetron", "iv")
    found = findings(doc, transport=EMERGENT, billing={"level": "ALS2"})
    assert "2 qualifying" in found["ALS2_MEDICATION_COUNT"].message
    assert "LEVEL_NOT_SUPPORTED" in found


def test_a_saline_bolus_alone_is_no_claim_on_medications():
    text = "burns to both forearms, 0.9 NS 1L fluid bolus, NRB 15L, monitor"
    doc = Doc(text).cond("burns", "environmental").med("0.9 NS", "normal_saline", "iv")
    found = findings(doc, transport=EMERGENT, billing={"level": "ALS2"})
    assert "ALS2_MEDICATION_COUNT" not in found and "LEVEL_NOT_SUPPORTED" in found


def test_als2_medication_count_near_miss_with_intubation():
    text = "GCS 3, intubated 7.5 ETT, NS KVO, versed 2mg IV"
    doc = Doc(text).proc("intubated", "endotracheal_intubation", "ALS2").med("NS", "normal_saline", "iv")
    doc.med("versed", "midazolam", "iv")
    found = findings(doc, transport=EMERGENT, billing={"level": "ALS2"})
    assert "ALS2_MEDICATION_COUNT" not in found and "LEVEL_NOT_SUPPORTED" not in found


def test_crew_level_insufficient_for_als_with_basic_crew():
    f = findings(cp_doc(), transport=EMERGENT, billing={"hcpcs": "A0427"}, crew=["EMT", "EMT-B"])["CREW_LEVEL_INSUFFICIENT"]
    assert "EMT, EMT-B" in f.message


def test_crew_level_near_misses():
    assert "CREW_LEVEL_INSUFFICIENT" not in findings(cp_doc(), transport=EMERGENT, billing={"hcpcs": "A0427"},
                                                     crew=["Paramedic", "EMT"])
    assert "CREW_LEVEL_INSUFFICIENT" not in findings(cp_doc(), transport=EMERGENT, billing={"hcpcs": "A0427"})
    assert "CREW_LEVEL_INSUFFICIENT" not in findings(cp_doc(), transport=EMERGENT, billing={"hcpcs": "A0427"},
                                                     crew=[None, None])


def test_sct_needs_specialty_staff():
    text = "IFT ICU to ICU, heparin gtt via IV pump, pt monitored by crew"
    doc = Doc(text).proc("IV pump", "infusion_pump", "ALS1").med("heparin", "heparin", "infusion")
    sct = {"emergency": False, "interfacility": True, "origin": "H", "destination": "H", "loaded_miles": 42.0}
    assert "CREW_LEVEL_INSUFFICIENT" in findings(doc, transport=sct, billing={"hcpcs": "A0434"}, crew=["Paramedic", "EMT"])
    assert "CREW_LEVEL_INSUFFICIENT" not in findings(doc, transport=sct, billing={"hcpcs": "A0434"}, crew=["RN", "Paramedic"])


# --- structured fields versus the narrative ---

def test_procedure_not_in_narrative():
    f = findings(cp_doc(), transport=EMERGENT, procedures=["12 lead ECG", "IV access", "Intubation-Endotracheal"])
    assert "Intubation-Endotracheal" in f["PROCEDURE_NOT_IN_NARRATIVE"].message
    assert "12 lead" not in f["PROCEDURE_NOT_IN_NARRATIVE"].message


def test_procedure_negated_in_narrative_cites_the_negation():
    text = "pt refused IV, transported pos of comfort"
    doc = Doc(text).proc("IV", "iv_access", "ALS1", assertion="negated")
    f = findings(doc, transport=EMERGENT, procedures=["Venous Access-Peripheral"])["PROCEDURE_NOT_IN_NARRATIVE"]
    assert f.evidence == [{"start": text.index("IV"), "end": text.index("IV") + 2}] and "only negated" in f.message


def test_offered_and_refused_medication_is_not_documented_but_a_drip_documents_its_pump():
    text = "offered zofran, pt refused. heparin gtt continued"
    doc = (Doc(text).med("zofran", "ondansetron", None, assertion="hypothetical")
           .med("heparin", "heparin", "infusion"))
    found = findings(doc, transport=EMERGENT, procedures=["IV pump"], medications=["Ondansetron", "Heparin"])
    assert "Ondansetron" in found["PROCEDURE_NOT_IN_NARRATIVE"].message
    assert "IV pump" not in found["PROCEDURE_NOT_IN_NARRATIVE"].message


def test_structured_synonyms_match_narrative_and_unknown_names_are_skipped():
    found = findings(cp_doc(), transport=EMERGENT, procedures=["ECG-12 Lead", "Venous Access-Peripheral", "Patient Assist"],
                     medications=["Aspirin", "Nitroglycerin", "Fentanyl"])
    assert "PROCEDURE_NOT_IN_NARRATIVE" not in found and "NARRATIVE_PROCEDURE_NOT_CODED" not in found


def test_narrative_procedure_not_coded():
    f = findings(cp_doc(), transport=EMERGENT, procedures=["12 lead ECG"], medications=["Aspirin", "Nitroglycerin"])
    msg = f["NARRATIVE_PROCEDURE_NOT_CODED"].message
    assert "'IV'" in msg and "'fentanyl'" in msg and "12 lead" not in msg


def test_bls_interventions_need_not_be_coded_and_checks_need_the_sections():
    doc = Doc("O2 2 lpm NC, BGL 98, pt c/o dizziness").proc("O2", "oxygen", "BLS").proc("BGL", "glucose_check", "BLS")
    doc.cond("dizziness", "weakness_dizziness")
    assert "NARRATIVE_PROCEDURE_NOT_CODED" not in findings(doc, transport=EMERGENT, procedures=[])
    assert "NARRATIVE_PROCEDURE_NOT_CODED" not in findings(cp_doc(), transport=EMERGENT)


def test_a_coded_drug_run_through_a_pump_has_its_pump_coded_with_it():
    """NEMSIS records "IV pump" as the drug's route, not as a procedure; an uncoded drug's pump is still named."""
    text = "heparin gtt running 18 units/kg/hr via IV pump, no bleeding"
    doc = Doc(text).proc("IV pump", "infusion_pump", "ALS1").med("heparin", "heparin", "infusion")
    assert "NARRATIVE_PROCEDURE_NOT_CODED" not in findings(doc, transport=EMERGENT, procedures=[], medications=["Heparin"])
    msg = findings(doc, transport=EMERGENT, procedures=[], medications=[])["NARRATIVE_PROCEDURE_NOT_CODED"].message
    assert "'IV pump'" in msg and "'heparin'" in msg


def test_prior_to_arrival_medication_need_not_be_coded():
    text = "pt took 324 ASA at home prior to our arrival, c/o chest pressure"
    doc = Doc(text).med("ASA", "aspirin", "po", prior=True).cond("chest pressure", "chest_pain_cardiac")
    assert "NARRATIVE_PROCEDURE_NOT_CODED" not in findings(doc, transport=EMERGENT, medications=[])


def test_impression_contradicted():
    text = "pt denies CP, denies SOB, c/o anxiety after argument with neighbor"
    doc = Doc(text).cond("CP", "chest_pain_cardiac", "negated").cond("SOB", "respiratory_distress", "negated")
    f = findings(doc, transport=EMERGENT, impression="Chest Pain")["IMPRESSION_CONTRADICTED"]
    assert f.evidence == [{"start": text.index("CP"), "end": text.index("CP") + 2}]


def test_impression_near_miss_when_also_present():
    text = "denies CP at rest, but reports CP with exertion today"
    doc = Doc(text).cond("CP", "chest_pain_cardiac", "negated").cond("CP", "chest_pain_cardiac", nth=1)
    assert "IMPRESSION_CONTRADICTED" not in findings(doc, transport=EMERGENT, impression="Chest Pain")


def test_a_history_of_the_impression_does_not_answer_its_denial():
    text = "no evidence of allergic reaction, hx anaphylaxis to PCN, c/o SOB"
    doc = (Doc(text).cond("allergic reaction", "allergic_reaction", "negated")
           .cond("anaphylaxis", "allergic_reaction", "historical"))
    f = findings(doc, transport=EMERGENT, impression="Allergic reaction")["IMPRESSION_CONTRADICTED"]
    assert f.evidence == [{"start": 15, "end": 32}]
    # a working diagnosis still under consideration does
    doc = Doc(text).cond("allergic reaction", "allergic_reaction", "negated").cond("anaphylaxis", "allergic_reaction", "possible")
    assert "IMPRESSION_CONTRADICTED" not in findings(doc, transport=EMERGENT, impression="Allergic reaction")


@pytest.mark.parametrize("claim,category,vitals", [
    ("hypotensive", "shock_hypotension", [{"sbp": 128}, {"sbp": 134}]),
    ("hypoxic", "respiratory_distress", [{"spo2": 98}, {"spo2": 97}]),
    ("tachycardic", "dysrhythmia", [{"hr": 82}]),
    ("hypoglycemic", "glucose_abnormal", [{"glucose": 142}]),
])
def test_vitals_contradict_narrative(claim, category, vitals):
    doc = Doc(f"on arrival pt {claim} per crew assessment").cond(claim, category)
    f = findings(doc, transport=EMERGENT, vitals=vitals)["VITALS_CONTRADICT_NARRATIVE"]
    assert claim in f.message and f.evidence


def test_unresponsive_reported_before_arrival_is_not_contradicted_by_later_gcs():
    text = "DISPATCH: bystander states pt was unresponsive x 1 min. ASSESS: pt A&Ox4, GCS 15, c/o lightheadedness"
    doc = Doc(text).ent("unresponsive", "CONDITION", "unconscious_syncope", section="dispatch")
    assert "VITALS_CONTRADICT_NARRATIVE" not in findings(doc, transport=EMERGENT, vitals=[{"gcs": 15}])
    text = "ASSESS: pt remains unresponsive to verbal stimuli, snoring resps"
    doc = Doc(text).ent("unresponsive", "CONDITION", "unconscious_syncope", section="assessment")
    assert "VITALS_CONTRADICT_NARRATIVE" in findings(doc, transport=EMERGENT, vitals=[{"gcs": 15}])


def test_unresponsive_then_alert_and_oriented_is_an_earlier_state():
    """A run-on note with no sections: the narrative's own A&Ox4 agrees with the recorded GCS."""
    text = "called to local business for person down - pt found unresponsive - c/o nausea - found 51 yo m - AOx4"
    doc = Doc(text).ent("unresponsive", "CONDITION", "unconscious_syncope")
    assert "VITALS_CONTRADICT_NARRATIVE" not in findings(doc, transport=EMERGENT, vitals=[{"gcs": 15}])


@pytest.mark.parametrize("claim", ["soft BP", "a-fib with RVR", "low blood sugar", "CHB"])
def test_ems_wording_of_vital_claims(claim):
    values = {"soft BP": {"sbp": 142}, "a-fib with RVR": {"hr": 78}, "low blood sugar": {"glucose": 121}, "CHB": {"hr": 84}}
    doc = Doc(f"pt noted to have {claim} on assessment").cond(claim, "other")
    assert "VITALS_CONTRADICT_NARRATIVE" in findings(doc, transport=EMERGENT, vitals=[values[claim]])


def test_vitals_near_misses():
    doc = Doc("pt hypotensive on arrival, improved after fluids").cond("hypotensive", "shock_hypotension")
    assert "VITALS_CONTRADICT_NARRATIVE" not in findings(doc, transport=EMERGENT, vitals=[{"sbp": 84}, {"sbp": 112}])
    assert "VITALS_CONTRADICT_NARRATIVE" not in findings(doc, transport=EMERGENT, vitals=[{"hr": 90}])
    negated = Doc("pt not hypoxic, sats 99% RA").cond("hypoxic", "respiratory_distress", "negated")
    assert "VITALS_CONTRADICT_NARRATIVE" not in findings(negated, transport=EMERGENT, vitals=[{"spo2": 99}])


# --- claim hygiene ---

def test_missing_signature_and_representative_without_reason():
    doc = cp_doc()
    assert "MISSING_SIGNATURE" in findings(doc, signatures={"patient": False})
    f = findings(doc, signatures={"patient": False, "representative": True})["MISSING_SIGNATURE"]
    assert "without the reason" in f.message and "424.36" in f.rule


def test_signature_near_misses():
    doc = cp_doc()
    assert "MISSING_SIGNATURE" not in findings(doc, signatures={"patient": True})
    assert "MISSING_SIGNATURE" not in findings(doc, signatures={"patient": False, "representative": True,
                                                                "reason_unable": "pt intubated"})
    assert "MISSING_SIGNATURE" not in findings(doc)


@pytest.mark.parametrize("transport,signatures,date", [
    (ROUTINE, {"patient": True, "pcs": False}, "2024-03-02"),
    (ROUTINE, {"patient": True, "pcs": True, "pcs_date": "2023-12-01"}, "2024-03-02"),
    (ROUTINE, {"patient": True, "pcs": True, "pcs_date": "2024-03-05"}, "2024-03-02"),
    ({**ROUTINE, "scheduled": False, "origin": "H"}, {"patient": True, "pcs": True, "pcs_date": "2024-03-08"}, "2024-03-02"),
    ({**ROUTINE, "scheduled": False, "origin": "N"}, {"patient": True, "pcs": False}, "2024-03-02"),
])
def test_missing_pcs(transport, signatures, date):
    doc = full_bed_doc()
    assert "MISSING_PCS" in findings(doc, transport=transport, signatures=signatures, transport_date=date)


def test_missing_pcs_from_nemsis_pcs_only_section():
    rec = record(full_bed_doc().text, transport=ROUTINE, signatures={"pcs": False}, transport_date="2024-03-02")
    rec.provided = {"transport", "signatures.pcs"}
    assert "MISSING_PCS" in {f.code for f in reconcile(rec, full_bed_doc().evidence(), categorize).findings}


@pytest.mark.parametrize("transport,signatures", [
    (ROUTINE, {"patient": True, "pcs": True, "pcs_date": "2024-02-10"}),
    ({**ROUTINE, "scheduled": False, "origin": "H"}, {"patient": True, "pcs": True, "pcs_date": "2024-03-03"}),
    ({**ROUTINE, "scheduled": False, "origin": "R"}, {"patient": True, "pcs": False}),
    # from a physician's office the patient lives at home: no PCS (42 CFR 410.40(e)(3)(i))
    ({**ROUTINE, "scheduled": False, "origin": "P"}, {"patient": True, "pcs": False}),
    ({**EMERGENT, "scheduled": False}, {"patient": True, "pcs": False}),
])
def test_pcs_near_misses(transport, signatures):
    doc = full_bed_doc()
    assert "MISSING_PCS" not in findings(doc, transport=transport, signatures=signatures, transport_date="2024-03-02")


def full_bed_doc() -> Doc:
    text = "pt bedbound, unable to get OOB, unable to ambulate, unable to sit in w/c due to sacral decub"
    doc = Doc(text).mob("bedbound", "bed_confined", True).mob("get OOB", "get_up_from_bed", True, "negated")
    return doc.mob("ambulate", "ambulate", True, "negated").mob("sit in w/c", "sit_chair", True, "negated")


@pytest.mark.parametrize("miles,extra,fragment", [
    (None, {}, "missing"),
    (0, {}, "not a positive"),
    (7.35, {}, "decimal"),
    (412.0, {}, "ground"),
    (140.0, {"origin_zip": "55414", "destination_zip": "55414-2201"}, "ZIP"),
])
def test_mileage_invalid(miles, extra, fragment):
    f = findings(cp_doc(), transport={**EMERGENT, **extra, "loaded_miles": miles})["MILEAGE_INVALID"]
    assert fragment in f.message


def test_mileage_near_misses():
    assert "MILEAGE_INVALID" not in findings(cp_doc(), transport={**EMERGENT, "loaded_miles": 12.0})
    assert "MILEAGE_INVALID" not in findings(cp_doc(), transport={**EMERGENT, "loaded_miles": 412.0},
                                             billing={"level": "FW"})
    assert "MILEAGE_INVALID" not in findings(cp_doc())  # narrative-only input: nothing to check


def test_narrative_too_thin():
    assert "NARRATIVE_TOO_THIN" in findings(Doc("pt transported to ED, no changes").cond("changes", "other", "negated"))
    long_no_assessment = Doc("Dispatched to the residence for a lift assist. Crew arrived on scene and made contact with "
                             "the patient and family. Patient was transported to the hospital without incident and care "
                             "was transferred to the nursing staff with report given.")
    assert "no assessment findings" in findings(long_no_assessment)["NARRATIVE_TOO_THIN"].message


def test_narrative_not_thin():
    assert "NARRATIVE_TOO_THIN" not in findings(cp_doc())
