import json

import pytest

import narrative

from .helpers import ents, find


def _patterns_file(tmp_path, *entries):
    """An agency patterns file (CONTRACT format: one JSON entry a line) holding the entries."""
    path = tmp_path / "agency.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in entries))
    return path


def test_abbreviation_and_expansion_match_alike(nlp):
    a = find(nlp, "pt c/o SOB", "SOB")
    b = find(nlp, "pt c/o shortness of breath", "shortness of breath")
    assert (a.label, a.category) == (b.label, b.category) == ("CONDITION", "respiratory_distress")


def test_lower_case_and_caps(nlp):
    assert find(nlp, "c/o chest pain", "chest pain").category == "chest_pain_cardiac"
    assert find(nlp, "C/O CHEST PAIN", "CHEST PAIN").category == "chest_pain_cardiac"


def test_intervention_levels_from_scope_table(nlp):
    text = "12 lead obtained, pt intubated with 7.5 ETT, O2 via NRB"
    levels = {e.category: e.level for e in ents(nlp, text) if e.label == "INTERVENTION"}
    assert levels.get("ecg_12_lead") == "ALS1"
    assert levels.get("endotracheal_intubation") == "ALS2"
    assert levels.get("oxygen") == "BLS"


def test_brand_and_generic_names(nlp):
    assert find(nlp, "narcan 2mg IN", "narcan").category == "naloxone"
    assert find(nlp, "zofran 4 mg IV", "zofran").category == "ondansetron"


def test_defined_abbreviation_propagates(nlp):
    text = "pt with altered level of consciousness (ALOC). ALOC unchanged en route."
    found = [e for e in ents(nlp, text) if e.text == "ALOC"]
    assert len(found) == 2 and all(e.category == "altered_mental_status" for e in found)


def test_abbreviation_defined_by_letters_alone_is_not_a_mention(nlp):
    # Schwartz & Hearst match "BLS" to "by Cedar Falls Vol Ambulance": a place with "Falls" inside
    text = "Requested by Cedar Falls Vol Ambulance (BLS) for CP. BLS care prior to our arrival."
    assert not [e for e in ents(nlp, text) if e.text == "BLS"]


def test_agency_patterns_win_and_get_assertion(tmp_path):
    patterns = _patterns_file(
        tmp_path,
        {"label": "INTERVENTION", "pattern": [{"LOWER": "king"}, {"LOWER": "airway"}], "category": "supraglottic_airway", "level": "ALS1"},
        {"label": "MOBILITY", "pattern": "2 person lift", "category": "get_up_from_bed", "supports_bed_confinement": True},
        {"label": "CONDITION", "pattern": "the wobbles", "category": "weakness_dizziness"})
    nlp = narrative.load(patterns=patterns)
    king = find(nlp, "King airway placed", "King airway")
    assert (king.category, king.level, king.source) == ("supraglottic_airway", "ALS1", "agency")
    lift = find(nlp, "moved to cot via 2 person lift", "2 person lift")
    assert lift.supports_bed_confinement is True
    assert find(nlp, "pt denies the wobbles", "the wobbles").assertion == "negated"


def test_bad_agency_pattern_names_the_line(tmp_path):
    import pytest

    patterns = tmp_path / "bad.jsonl"
    patterns.write_text('{"label": "CONDITION", "pattern": "ok"}\n{not json}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:2"):
        narrative.load(patterns=patterns)


def test_structured_names_categorize(nlp):
    lex = nlp.get_pipe("narrative_lexicon")
    assert ("INTERVENTION", "endotracheal_intubation") in lex.categorize("Intubation-Endotracheal")
    assert ("MEDICATION", "normal_saline") in lex.categorize("Normal Saline")


@pytest.mark.parametrize("text,absent,present", [
    # headers, teams, units and equipment name no finding
    ("Tx: none PTA\nPE: a&ox4, guarding RLQ, rebound +", "PE", None),
    ("Transport to Womens Center labor and delivery, report to L&D RN.", "labor", None),
    ("EMERGENT TO REGIONAL, TRAUMA ACTIVATION. ETOH ON BREATH.", "TRAUMA", None),
    ("4 crew moved pt to the bariatric stretcher", "bariatric", None),
    ("covered with dry sterile burn sheets, report to burn ICU", "burn", None),
    ("L chest tube to -20 suction, 150 mL output", "suction", None),
    ("moved to cot via hoyer sling and 3 crew", "sling", None),
    ("Restraint checks q15 min, CMS intact", "Restraint", None),
    ("From: Hot Springs County Memorial (Level IV) To: Wyoming Medical Center", "IV", None),
    ("anaphylaxis after IV contrast for outpatient CT", "IV", None),
    ("Cardizem 0.25 mg/kg (15 mg) IV over 2 min", "IV", None),
    ("VS: BP 118/70 HR 70 paced. Facility requested stretcher", "paced", None),
    ("Handoff to neurosurgery and trauma teams.", "trauma", None),
    ("Reassessment: work of breathing improved, speaking full sentences", "work of breathing", None),
    ("Orthostatic VS: lying 138/76 HR 70, standing 112/68 HR 88", "Orthostatic", None),
    ("PMH HTN, DM, prior CVA with no residual deficits. Home meds metformin", "deficits", None),
    ("Suction ready d/t aspiration risk, HOB 30 for aspiration precautions", "aspiration", None),
    ("11 y/o M w/ hx asthma c/o SOB after PE class, school nurse gave albuterol", "PE", None),
    ("Heparin to be started in ED, PE team notified.", "PE", None),
    ("PCS on file lists bed confinement, which crew observation contradicts", "bed confinement", None),
    ("responded to a frac site pump truck for heat exhaustion", "pump", None),
    ("Pump suspended by wife, pump site came out yesterday", "Pump", None),
    ("unable to stand even with the sit to stand lift per facility PT", "sit to stand", None),
    ("Weight bearing as tolerated per ortho, but pt still stood and pivoted", "Weight bearing", None),
    # the clinical term without the words around it
    ("intubated at sending facility for hypoxic respiratory failure", None, "hypoxic respiratory failure"),
    ("started amoxicillin yesterday for sinus infection, woke up w/ hives", None, "sinus infection"),
    ("cellulitis, concern for sepsis vs necrotizing infection", None, "necrotizing infection"),
    ("infant w/ grunting and increased work of breathing", None, "increased work of breathing"),
    ("BP 92/54 sitting, 78/46 standing, orthostatic. Monitor SB 52", None, "orthostatic"),
    ("no change in speech deficit en route, care to stroke team", None, "speech deficit"),
    ("SpO2 preductal 90%, concern for PPHN and meconium aspiration", None, "meconium aspiration"),
    ("HPI: 61 yo M w/ hx ETOH abuse and cirrhosis c/o vomiting blood", None, "ETOH abuse"),
    ("At 1 hr of life developed grunting, tachypnea to 80s and retractions", None, "grunting"),
    ("Monitor sinus brady 54, then 2 runs of AIVR, transient 2nd degree", None, "AIVR"),
    ("Pacer pads placed in case of high degree block.", None, "high degree block"),
    ("Meds: none. Allergies: sulfa allergy. NKDA otherwise", None, "sulfa allergy"),
    ("Ex 28+2 wk male, DOL 1, RDS, intubated at delivery", None, "RDS"),
    ("FHT 120s w/ minimal variability and late decels.", None, "late decels"),
    ("PGE1 0.05 mcg/kg/min via UVC, caffeine citrate load given", None, "PGE1"),
    ("Kcentra and Vit K given at sending for reversal", None, "Vit K"),
    ("suspected intentional OD of benzos and ETOH", None, "benzos"),
    ("scalp lac w/ active bleeding", "active bleeding", "bleeding"),
    ("faint expiratory wheezes bilat", "expiratory wheezes", "wheezes"),
    ("pt had an unwitnessed fall from standing", "fall from standing", "fall"),
    ("meds sevelamer, amlodipine, aspirin 81", "aspirin 81", "aspirin"),
    ("quadriplegic after C5 injury in 1998", None, "C5 injury"),
    ("PT NOT ABLE TO SIT UP W/O VOMITING. STROKE ALERT, EMERGENT.", "STROKE ALERT", "STROKE"),
    ("pt placed on pads in case of VT/VF", "VT/VF", "VF"),
    ("says he feels weak and dizzy", "feels weak", "weak"),
    # the patient's own state is a finding
    ("pt is bariatric, approx 480 lbs", None, "bariatric"),
    ("found slumped over at desk, responsive to pain only", None, "responsive to pain only"),
    ("witness states pt knocked out for a few seconds", None, "knocked out"),
    # bare words most annotators leave unmarked
    ("Pt shivering violently, slurred speech", "shivering", "slurred speech"),
    ("no distress en route, no injuries noted", "distress", None),
    ("Pt is 32 wks pregnant, denies vaginal bleeding", "pregnant", "vaginal bleeding"),
])
def test_what_is_a_finding_and_what_only_names_a_place_team_or_device(nlp, text, absent, present):
    found = {e.text for e in ents(nlp, text)}
    assert absent is None or absent not in found
    assert present is None or present in found, found


@pytest.mark.parametrize("text,category,expected", [
    # HI is homicidal ideation, but not a meter reading
    ("denies SI/HI, calm and cooperative", "behavioral", {("SI", "negated"), ("HI", "negated")}),
    ("No SI or HI per pt", "behavioral", {("SI", "negated"), ("HI", "negated")}),
    ("BGL HI on glucometer, D10 started", "behavioral", set()),
    ("bgl reads HI, ?DKA", "behavioral", set()),
    ("BP HI on the monitor, pt anxious", "behavioral", set()),
    # lower-case mi is an infarction, but not after a number
    ("pt has hx mi w/ stents", "chest_pain_cardiac", {("mi", "historical")}),
    ("r/o mi, 12 lead to follow", "chest_pain_cardiac", {("mi", "possible")}),
    ("transported 12 mi to mercy", "chest_pain_cardiac", set()),
    ("approx 2 mi from station", "chest_pain_cardiac", set()),
    # ST is sinus tachycardia on a monitor or after a rate, a saint or a street elsewhere
    ("Cardiac monitor ST 112, BP 128/84", "dysrhythmia", {("ST", "present")}),
    ("HR 118 ST, BP 88/50, RR 24", "dysrhythmia", {("ST", "present")}),
    ("placed on cardiac monitor st 104 pt monitored en route", "dysrhythmia", {("st", "present")}),
    ("12 lead ST changes noted, transported to St Lukes", "dysrhythmia", set()),
    ("TRANSPORTED EMERGENT TO ST MARY'S, REPORT TO RN", "dysrhythmia", set()),
    ("dispatched to 412 Birch St for a fall", "dysrhythmia", set()),
    # lower-case si is suicidal ideation after a denial or an endorsement, not a Spanish yes
    ("pt denies other ingestion denies si bgl 96", "behavioral", {("si", "negated")}),
    ("pt states si, senor, she took them all", "behavioral", set()),
    # an entry of the lexicon overrides the abbreviation table, with its context: miles, a pet
    ("FRONTIER AMBULANCE 2, 110 MI TO NEAREST OB UNIT. HX MI.", "chest_pain_cardiac", {("MI", "historical")}),
    ("PT TRIPPED OVER HER CAT GOING TO THE BATHROOM", "bleeding_control", set()),
    ("CAT applied high and tight to L thigh", "bleeding_control", {("CAT", "present")}),
    # lower-case narratives: "? pe", "sb" on the monitor, "denies ah/vh"
    ("calf tenderness R. ? pe, o2 nrb", "respiratory_distress", {("pe", "possible")}),
    ("pt on monitor whole trip, 12 lead sb 56", "dysrhythmia", {("sb", "present")}),
    ("denies hi, denies ah/vh. pt calm", "behavioral", {("hi", "negated"), ("ah/vh", "negated")}),
    # "&" for "and"
    ("R leg shortened & externally rotated, ? hip fx", "fracture_dislocation",
     {("shortened & externally rotated", "present"), ("hip fx", "possible")}),
    # a counted shock is a defibrillation, the count outside the span; otherwise shock is a state
    ("ROSC at 19 min after 3 shocks total", "defibrillation", {("shocks", "present")}),
    ("after 3rd shock ROSC at 2148", "defibrillation", {("shock", "present")}),
    ("pt in shock, BP 70/40", "defibrillation", set()),
    # pacing the patient does is no pacing the crew does
    ("Pt pacing in driveway, yelling, agitated", "transcutaneous_pacing", set()),
    ("Atropine and pacing not indicated in hypothermic brady", "transcutaneous_pacing", {("pacing", "negated")}),
])
def test_a_short_form_is_a_finding_only_in_its_clinical_sense(nlp, text, category, expected):
    assert {(e.text, e.assertion) for e in ents(nlp, text) if e.category == category} == expected


def test_not_after_and_after_in_agency_patterns(tmp_path):
    path = _patterns_file(tmp_path,
                          {"label": "INTERVENTION", "pattern": "LVAD", "category": "infusion_pump",
                           "not_after": ["no", "denies"]},
                          {"label": "CONDITION", "pattern": "PT", "category": "dysrhythmia",
                           "case_sensitive": True, "after": ["monitor", "#"]})
    nlp = narrative.load(patterns=path)
    assert [e.text for e in nlp("pt has LVAD, alarms quiet").ents] == ["LVAD"]
    assert not nlp("no LVAD noted").ents
    assert [e.text for e in nlp("monitor PT at 180, HR 180 PT").ents if e._.category == "dysrhythmia"] == ["PT", "PT"]
    assert not [e for e in nlp("PT states she fell").ents if e._.category == "dysrhythmia"]


@pytest.mark.parametrize("surface", ["Trelegy", "sevelamer", "carbidopa-levodopa", "insulin glargine",
                                     "calcium acetate", "senna", "prenatal vitamins", "metolazone"])
def test_home_medication_lists_name_outpatient_drugs(nlp, surface):
    text = f"PMH CHF, DM2, ESRD. Home meds: lasix, {surface}, eliquis. Denies CP."
    found = find(nlp, text, surface)
    assert (found.label, found.category, found.assertion) == ("MEDICATION", "other_medication", "historical")


def test_a_real_word_is_not_read_as_a_drug_it_is_a_slip_away_from(nlp):
    assert not [e for e in ents(nlp, "syncope at a concert, hot crowd") if e.label == "MEDICATION"]


def test_a_home_insulin_pump_is_the_patients_own_medication(nlp):
    found = find(nlp, "DM1 on insulin pump, bgl 310", "insulin")
    assert found.label == "MEDICATION" and found.assertion == "historical"



def test_a_token_pattern_matches_only_where_its_regex_word_is(tmp_path):
    """The Matcher runs only on windows holding a pattern's words and a word its regex finds; the
    first 'GCS' here has its word but no low score, the second has both, far enough apart to be
    two windows."""
    path = _patterns_file(tmp_path, {"label": "CONDITION", "category": "altered_mental_status",
                                     "pattern": [{"LOWER": "gcs"}, {"LOWER": {"REGEX": "^[3-8]$"}}]})
    nlp = narrative.load(patterns=path)
    text = ("GCS 15 on arrival, pt alert and talking, c/o headache since this morning after lifting boxes "
            "in his garage; no trauma, no LOC, skin warm and dry, lungs clear, placed on cot and loaded. "
            "En route pt became unresponsive, GCS 7, snoring respirations, airway repositioned.")
    assert [e.text for e in nlp(text).ents if e.label_ == "CONDITION" and e._.source == "agency"] == ["GCS 7"]


def test_a_triple_lumen_is_a_central_line_unless_it_describes_one(nlp):
    found = [(e.text, e.category) for e in ents(nlp, "CCT IFT. triple lumen patent and flushed, art line MAP 68")]
    assert ("triple lumen", "central_line") in found
    found = [e.text for e in ents(nlp, "R IJ central line triple lumen, L radial art line")]
    assert "central line" in found and "triple lumen" not in found


def test_nc_en_route_is_no_change_not_a_cannula(nlp):
    assert not [e for e in ents(nlp, "tx'd to res, NC enroute, pt placed in own bed") if e.category == "oxygen"]
    assert [e.text for e in ents(nlp, "placed on NC at 2 lpm") if e.category == "oxygen"] == ["NC"]


@pytest.mark.parametrize("text,surface,label", [
    # "IV" before a drug or "abx" is the route, before "sites" a place; access stays access
    ("osteomyelitis of sacrum on IV vancomycin via PICC L arm", "IV", None),
    ("admitted x9 days for LLE cellulitis, completed IV abx", "IV", None),
    ("no bleeding at IV sites or gums", "IV", None),
    ("18g IV L AC, NS 1L wide open", "IV", "INTERVENTION"),
    ("IV saline lock L FA left in per sending RN", "IV", "INTERVENTION"),
    # antibiotics and reversal agents crews list from the sending facility
    ("Vanc and Zosyn given at sending, next doses due at receiving", "Vanc", "MEDICATION"),
    ("Andexxa given at sending for reversal", "Andexxa", "MEDICATION"),
    ("22ga saline lock R forearm. Synched 100J x1.", "Synched", "INTERVENTION"),
    # a pressure ulcer's stage and site are part of it
    ("Pt has a stage 2 sacral pressure injury, foam dressing CDI", "stage 2 sacral pressure injury", "CONDITION"),
    ("Stage 4 sacral ulcer and stage 2 heel ulcers bilat", "stage 2 heel ulcers", "CONDITION"),
    ("cardiac monitor SB 46, 12 lead 1st degree AVB, no STE", "1st degree AVB", "CONDITION"),
    ("monitor synced with the defib pads", "synced", None),
])
def test_route_words_and_sending_facility_drugs(nlp, text, surface, label):
    found = [e.label for e in ents(nlp, text) if e.text == surface]
    assert found == ([label] if label else [])


@pytest.mark.parametrize("text", ["pt moved via bariatric hoyer to bariatric stretcher w/ 5 staff",
                                  "BARIATRIC DISCHARGE. Crew of 4 requested",
                                  "transported emergent to Regional Trauma, care to ED RN",
                                  "full trauma exam unremarkable"])
def test_equipment_hospitals_and_exams_are_no_conditions(nlp, text):
    assert not [e for e in ents(nlp, text) if e.label == "CONDITION"]


def test_the_patient_described_as_bariatric_is_a_condition(nlp):
    assert find(nlp, "58 y/o F, bariatric, approx 480 lbs, admitted for cellulitis", "bariatric").category == "morbid_obesity"


@pytest.mark.parametrize("text,surface,category", [
    ("PMH CAD, HTN, DM2, on plavix", "CAD", "chest_pain_cardiac"),
    ("79 yo M w/ metastatic lung CA, enrolling w/ home hospice", "metastatic lung CA", "end_stage_disease"),
    ("70 YO M W/ END STAGE PANCREATIC CA, ON HOME HOSPICE", "END STAGE PANCREATIC CA", "end_stage_disease"),
    ("12 lead LBBB, old per paperwork, Sgarbossa neg", "LBBB", "dysrhythmia"),
    ("PMH Alzheimer's, HF, osteoarthritis", "HF", "end_stage_disease"),
])
def test_standing_diagnoses_crews_list(nlp, text, surface, category):
    assert find(nlp, text, surface).category == category


def test_high_flow_oxygen_is_no_heart_failure(nlp):
    assert not [e for e in ents(nlp, "O2 via HF NC 40 lpm") if e.label == "CONDITION"]


@pytest.mark.parametrize("text,surface,category", [
    ("L TIB/FIB FX, pedal pulse present", "TIB/FIB FX", "fracture_dislocation"),
    ("concern for dislocation vs proximal humerus fx", "proximal humerus fx", "fracture_dislocation"),
    ("K 6.1, dig toxicity suspected, HR 42", "dig toxicity", "poisoning_overdose"),
    ("? stimulant intoxication, pt restrained by PD", "stimulant intoxication", "poisoning_overdose"),
    ("PRBC unit 2 infusing, no transfusion reaction", "transfusion reaction", "allergic_reaction"),
    ("pt remained in ROSC, no re-arrest en route", "re-arrest", "cardiac_arrest"),
    ("R facial droop, R arm drift, R grip weak", "R grip weak", "stroke_neuro_deficit"),
    ("stage 4 wound, sacral decub dressing C/D/I", "sacral decub", "decubitus_ulcer"),
    ("marathon runner, exertional heat stroke, temp 106", "exertional heat stroke", "environmental"),
])
def test_a_compound_finding_is_one_mention(nlp, text, surface, category):
    assert find(nlp, text, surface).category == category


def test_agency_patterns_name_shared_word_lists(tmp_path):
    patterns = _patterns_file(tmp_path, {"label": "MOBILITY", "category": "ambulate", "pattern": [
        {"LOWER": "hiked"}, {"LOWER": "to"}, {"LOWER": {"IN": ["@determiners"]}, "OP": "?"},
        {"LOWER": {"IN": ["@destinations", "trailhead"]}}]})
    nlp = narrative.load(patterns=patterns)
    assert find(nlp, "pt hiked to the ambulance", "hiked to the ambulance").source == "agency"
    assert find(nlp, "pt hiked to trailhead", "hiked to trailhead").category == "ambulate"


def test_an_unknown_word_list_is_named_in_the_error(tmp_path):
    patterns = _patterns_file(tmp_path, {"label": "MOBILITY", "category": "ambulate", "pattern": [
        {"LOWER": "hiked"}, {"LOWER": {"IN": ["@trails"]}}]})
    with pytest.raises(ValueError, match="@trails"):
        narrative.load(patterns=patterns)
