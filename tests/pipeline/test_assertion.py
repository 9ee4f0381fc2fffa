import pytest

from narrative.pipeline.assertion import load_rules

from .helpers import assertion_of, ents, find


@pytest.mark.parametrize("text,surface,expected", [
    ("Pt denies chest pain.", "chest pain", "negated"),
    ("pt denies CP, SOB, N/V.", "SOB", "negated"),
    ("denies CP but endorses SOB", "CP", "negated"),
    ("denies CP but endorses SOB", "SOB", "present"),
    ("denies chest pain, however c/o shortness of breath", "shortness of breath", "present"),
    ("no CP; + SOB", "SOB", "present"),
    # a cue right after a CHART/SOAP header looks forward ("fever: none" still looks back)
    ("Several coworkers sick w/ same. H: denies hematemesis, melena, fever.", "melena", "negated"),
    ("O: No facial droop, speech clear, grips equal", "facial droop", "negated"),
    ("fever: none. cough: yes", "fever", "negated"),
    # double spaces from templates and copy-paste change nothing
    ("Pt denies  CP,  SOB,  N/V.  A&Ox4", "N/V", "negated"),
    ("patient refused IV, states he feels fine", "IV", "negated"),
    ("Atropine and pacing not indicated in hypothermic brady per protocol", "brady", "present"),
    ("No C-spine tenderness. VS 168/88", "C-spine tenderness", "negated"),
    # how the patient moved is no negation of the move that follows
    ("stood from her chair w/o help and walked to the stretcher with crew at her side", "walked to the stretcher",
     "present"),
    ("pt rode on cot w no complaints transported to davita pt stood and pivoted to the dialysis chair by herself",
     "stood and pivoted to the dialysis chair", "present"),
    # a suspicion after a comma is about what follows it
    ("Hypotension, tachycardia, suspected upper GI bleed", "tachycardia", "present"),
    ("Hypotension, tachycardia, suspected upper GI bleed", "upper GI bleed", "possible"),
    ("appendicitis suspected, transported", "appendicitis", "possible"),
    # a denial is the patient's, about findings; an unchanged 12 lead negates nothing after it
    ("pt denies other ingestion denies si bgl 96 etco2 58 prior to narcan", "bgl", "present"),
    ("12 lead st no acute changes iv 20g r hand ns 250 ml", "iv", "present"),
    ("blow by O2 held by mom, pt calmer", "O2", "present"),
    ("NTG held d/t hypotension", "NTG", "negated"),
    # what is "known" about the patient or was the reason for an earlier stay is history
    ("pt has known peanut allergy, mom used EpiPen", "peanut allergy", "historical"),
    ("12 yo F w/ known type 1 DM, abd pain, vomiting", "abd pain", "present"),
    ("hospitalized 10 days for cellulitis of bilat legs, now on Keflex", "cellulitis", "historical"),
    ("fever: none", "fever", "negated"),
    ("Pt is negative for stroke per cincinnati scale", "stroke", "negated"),
    ("neg for LOC", "LOC", "negated"),
    ("no c/o chest pain", "chest pain", "negated"),
    ("pt w/o SOB", "SOB", "negated"),
    ("N/V resolved prior to arrival", "N/V", "negated"),
    ("pt refused IV", "IV", "negated"),
    ("unable to obtain IV access after 2 attempts", "IV access", "negated"),
    ("IV attempted x2 unsuccessful", "IV", "negated"),
    ("PT DENIES CHEST PAIN OR SHORTNESS OF BREATH", "SHORTNESS OF BREATH", "negated"),
    ("no change in SOB after neb", "SOB", "present"),
    ("not only SOB but also CP", "SOB", "present"),
    ("hx of CVA", "CVA", "historical"),
    ("PMH: CHF, COPD, CVA", "COPD", "historical"),
    ("h/o seizures, on keppra", "seizures", "historical"),
    ("previous MI in 2019", "MI", "historical"),
    ("instructed to call 911 if chest pain returns", "chest pain", "hypothetical"),
    ("zofran PRN for nausea", "nausea", "hypothetical"),
    ("? fx L wrist", "fx", "possible"),
    ("r/o stroke", "stroke", "possible"),
    ("possible overdose", "overdose", "possible"),
    ("suspected hip fracture", "hip fracture", "possible"),
    ("c/o chest pain radiating to L arm", "chest pain", "present"),
    ("pt c/o SOB x 3 days", "SOB", "present"),
])
def test_assertion(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


def test_negation_scope_ends_at_sentence(nlp):
    text = "Pt denies CP. Pt c/o SOB."
    assert assertion_of(nlp, text, "CP") == "negated"
    assert assertion_of(nlp, text, "SOB") == "present"


def test_negation_does_not_reach_far_in_run_on(nlp):
    text = "pt denies cp pt placed on monitor and 12 lead obtained pt c/o sob worsening on exertion"
    assert assertion_of(nlp, text, "sob") == "present"


def test_refusal_only_negates_interventions(nlp):
    text = "pt c/o chest pain, refused ASA"
    assert assertion_of(nlp, text, "chest pain") == "present"
    assert assertion_of(nlp, text, "ASA") == "negated"


def test_home_medications_are_historical(nlp):
    text = "Meds: metoprolol, lasix\nTx: ASA 324 mg PO"
    assert assertion_of(nlp, text, "metoprolol", "MEDICATION") == "historical"
    assert assertion_of(nlp, text, "ASA", "MEDICATION") == "present"


def test_prior_to_arrival_is_not_history(nlp):
    ent = find(nlp, "FD administered narcan 2mg IN prior to arrival", "narcan")
    assert ent.assertion == "present"


@pytest.mark.parametrize("text,surface,expected", [
    ("GI bleed suspected, pt pale", "GI bleed", "possible"),
    ("A: upper GI bleed vs lower", "upper GI bleed", "possible"),
    ("no further seizure activity en route", "seizure activity", "negated"),
    ("12 lead NSR no ectopy, cardiac monitor en route", "cardiac monitor", "present"),
    ("wife says pt not acting right, confused", "confused", "present"),
    ("Atropine ready if bradycardia worsens", "Atropine", "hypothetical"),
    ("prepared to pace if pt becomes hypotensive", "hypotensive", "hypothetical"),
    ("ROS - CP: denies. SOB: none", "CP", "negated"),
    ("ROS - CP: denies. SOB: none", "SOB", "negated"),
    ("75 y/o F w/ DM type 2, CHF. c/o SOB", "CHF", "historical"),
    ("75 y/o F w/ DM type 2, CHF. c/o SOB", "SOB", "present"),
    ("pt pale, absent radial pulses, SOB", "SOB", "present"),
    ("synchronized cardioversion at 100J w/o change, cardioverted at 200J", "cardioverted", "present"),
])
def test_assertion_crew_phrasing(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


@pytest.mark.parametrize("text,surface,expected", [
    ("PMH HTN, DM, MI 2019 w/ stent", "MI", "historical"),
    ("He had a heart attack in 2012 and has stents", "heart attack", "historical"),
    ("meds metformin, plavix, atorvastatin", "plavix", "historical"),
    ("Aspirin and atorvastatin daily", "Aspirin", "historical"),
    ("synchronized cardioversion if unstable per OLMC", "synchronized cardioversion", "hypothetical"),
    ("epi 0.3 im prn if no improvement", "epi", "hypothetical"),
    ("(+) SOB, (-) N/V, (-) syncope", "SOB", "present"),
    ("(+) SOB, (-) N/V, (-) syncope", "N/V", "negated"),
    ("TRACTION SPLINT NOT APPLIED D/T PELVIC INJURY", "TRACTION SPLINT", "negated"),
    ("pt too weak to walk, carried down stairs", "walk", "negated"),
    ("restrained driver in a high speed MVC vs guardrail", "MVC", "present"),
    ("denies chest pain or dizziness before the fall", "fall", "present"),
    ("susp OD, pinpoint pupils", "OD", "possible"),
    ("pt wanted to walk to the ambulance but we had him sit on the cot", "walk to the ambulance", "hypothetical"),
    ("ASA 324 PO, NTG withheld d/t sildenafil use", "ASA", "present"),
])
def test_assertion_second_agency(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


@pytest.mark.parametrize("text,surface,expected", [
    ("hx afib on eliquis, osteoporosis", "eliquis", "historical"),
    ("Pt on norepi 12mcg/min via IV pump", "norepi", "present"),
    # a rate after the drug is a running infusion, however the tokenizer splits it
    ("Sedated on propofol 30 mcg/kg/min and fentanyl 50 mcg/hr", "propofol", "present"),
    ("On magnesium sulfate 2 g/hr after 4 g load", "magnesium sulfate", "present"),
    ("now on Keflex PO, bedbound at home", "Keflex", "historical"),
    # a home medication stopped, run out of or taken as scheduled is the patient's history (most annotators)
    ("sister says she stopped taking her eliquis a month ago", "eliquis", "historical"),
    ("roommate states pt has been out of her Keppra for 4 days", "Keppra", "historical"),
    ("38 yo M w/ schizophrenia, off his Invega x2 months", "Invega", "historical"),
    ("dizzy on standing. Recently started metoprolol and hydrochlorothiazide.", "hydrochlorothiazide", "historical"),
    ("HOME BACLOFEN AND OXYBUTYNIN PER MED LIST. TRANSPORTED W/O INCIDENT", "OXYBUTYNIN", "historical"),
    ("mother gave 4 puffs of home albuterol w/o relief", "albuterol", "present"),
    # a drug in the allergy list is what the patient is known to react to, not a dose given
    ("Hx: anxiety, BPH, HLD; allergies: codeine A- found 81 yo M in bed", "codeine", "historical"),
    ("wife states he took his insulin this am and skipped breakfast", "insulin", "historical"),
    ("KETAMINE CONSIDERED BUT NOT GIVEN", "KETAMINE", "negated"),
    ("no response at 3 min, IO considered but 22g IV L EJ obtained", "IO", "negated"),
    ("verbal de-escalation unsuccessful. Ketamine considered but held per OLMC.", "Ketamine", "negated"),
    # "prn" on a home medication is its prescription; after a drug the crew staged it is a plan
    ("Home meds: eliquis, metoprolol, Tylenol prn. Wrist splinted", "Tylenol", "historical"),
    ("meds Flovent, albuterol prn. NKDA", "albuterol", "historical"),
    ("Zofran 4 mg IV prn for nausea", "Zofran", "hypothetical"),
    # a home medication the patient ran out of is history (three annotators of four)
    ("states she ran out of her lasix 5 days ago, + orthopnea", "lasix", "historical"),
])
def test_home_medications_and_running_infusions(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


@pytest.mark.parametrize("text,surface,expected", [
    ("hx afib on diltiazem and eliquis, hypothyroid.", "eliquis", "historical"),
    ("hx DM2 on glipizide, metformin and lantus, skipped dinner", "lantus", "historical"),
    ("sedated on propofol and fentanyl drips", "fentanyl", "present"),
    ("took no meds prior to arrival we gave him aspirin 324 mg and nitro 0.4 SL", "nitro", "present"),
    ("took no meds prior to arrival we gave him aspirin 324 mg and nitro 0.4 SL", "aspirin", "present"),
    # a listed drug's dose and schedule stay in the list, and a "prn" is said of its own drug only
    ("Meds: eliquis, metoprolol, lasix 40 daily, Spiriva, Tylenol prn. Staff report", "Tylenol", "historical"),
    ("Meds per d/c list: prednisone taper, albuterol inhaler q4h prn, Spiriva, Lasix.", "Spiriva", "historical"),
    ("MEDS ZOFRAN PRN, OXYCODONE PRN, CREON, LOVENOX. DENIES N/V", "LOVENOX", "historical"),
    ("pt on oxycontin 20 bid, dilaudid po prn, dexamethasone 4 bid at home", "dilaudid", "historical"),
])
def test_a_cue_reaches_every_item_of_a_list(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


def test_a_list_carries_a_cue_only_through_listed_mentions(nlp):
    found = [e for e in ents(nlp, "L hip fracture s/p ORIF 3 wks ago, fracture not yet healed")
             if e.text == "fracture"]
    assert found and found[-1].assertion == "present"


@pytest.mark.parametrize("text,surface", [
    ("Versed IN drawn up in case of repeat seizure, not needed", "Versed"),
    ("Tourniquets staged in case of hemorrhage on release", "Tourniquets"),
    ("epi 0.5mg im to be given if any airway compromise", "epi"),
    ("Advised to call 911 for any new confusion or vomiting", "vomiting"),
    ("advised pt of risk of recurrent hypoglycemia from long acting insulin", "hypoglycemia"),
    ("recommend ED eval and observation for delayed bradycardia", "bradycardia"),
    # the dose and route between the drug and the plan do not put it out of reach
    ("Zofran 4 mg IV available prn for nausea", "Zofran"),
    ("PITOCIN 10 UNITS IM AVAILABLE IN CASE OF HEMORRHAGE", "PITOCIN"),
    ("Calcium gluconate at bedside in case of mag toxicity", "Calcium gluconate"),
    ("Pt on seizure precautions, rails padded", "seizure"),
    ("albuterol neb as needed for SOB per sending RN", "SOB"),
    ("Zofran given to prevent vomiting on the long ride", "vomiting"),
])
def test_what_is_only_prepared_or_warned_about_is_hypothetical(nlp, text, surface):
    assert assertion_of(nlp, text, surface) == "hypothetical"


@pytest.mark.parametrize("text,surface", [
    ("vomiting resolved after zofran", "vomiting"),
    ("Offered c-collar, pt refused, states she feels fine", "c-collar"),
    ("Metoprolol contraindicated w/ cocaine per protocol, not given", "Metoprolol"),
    ("1st attempt L hand iv blew", "iv"),
    ("1 UNSUCCESSFUL IV ATTEMPT L AC, THEN 22G R HAND", "IV"),
    ("12 lead NSR. Meclizine not carried.", "Meclizine"),
    ("direct pressure w nasal clip, afrin not in our protocol", "afrin"),
    ("En route BP dropped to 88/52, Cardizem paused per sending MD", "Cardizem"),
    ("c-collar, SMR on vacuum mattress, backboard not used", "backboard"),
    ("Fentanyl 25 mcg IV. Ambulation not attempted d/t SMR.", "Ambulation"),
    # a cue right after a spaced dash answers the item before it, as in a template's review of systems
    ("ROS: Fever - none. Syncope - neg. CP - resolved", "Fever"),
    ("ROS: Fever - none. Syncope - neg. CP - resolved", "Syncope"),
    ("ED workup ruled out MI, d/c home", "MI"),
    ("CT unremarkable for bleed per sending MD", "bleed"),
    ("Facial droop not present on our exam", "Facial droop"),
    # "pt has" (a current condition) overlaps the contraction; the negation wins
    ("pt hasnt had any CP since this am", "CP"),
    ("wife states he hadn't taken his metoprolol", "metoprolol"),
])
def test_resolved_refused_contraindicated_and_failed_are_negated(nlp, text, surface):
    assert assertion_of(nlp, text, surface) == "negated"


@pytest.mark.parametrize("text,surface", [
    ("Fentanyl 50 mcg IV, held further doses for BP", "Fentanyl"),
    ("R: ASA 324 PO, NTG withheld d/t sildenafil", "ASA"),
])
def test_a_dose_given_is_not_reached_by_what_was_held_after_it(nlp, text, surface):
    assert assertion_of(nlp, text, surface) == "present"


@pytest.mark.parametrize("text,expected", [
    ("hx CHF, afib. 12 lead afib rate controlled 84.", ["historical", "present"]),
    ("PMH a-fib on eliquis. cardiac monitor a-fib 90s", ["historical", "present"]),
])
def test_a_standing_diagnosis_read_off_the_monitor_is_present(nlp, text, expected):
    found = [e.assertion for e in ents(nlp, text) if e.category == "dysrhythmia"]
    assert found == expected


@pytest.mark.parametrize("text,surface,expected", [
    ("Pt has ESRD, CHF, and is s/p L BKA", "CHF", "present"),
    ("Pt also has CHF and sleep apnea", "CHF", "present"),
    ("pt has hx of MI and stents", "MI", "historical"),
    ("w/ hx asthma, mom called for trouble breathing x 3 hrs", "trouble breathing", "present"),
    ("hx a fib, missed his metoprolol x2 days", "metoprolol", "historical"),
    ("Hx schizophrenia, non compliant w/ Invega", "Invega", "historical"),
])
def test_what_the_patient_has_now_and_had_before(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


@pytest.mark.parametrize("text,surface,expected", [
    ("Versed 5mg IM with seizure stopping after 2 min", "seizure", "negated"),
    ("tourniquet applied high and tight with bleeding controlled, time 0214", "bleeding", "negated"),
    ("72 yo M admitted x12 days for sepsis from pneumonia, now with weakness", "sepsis", "historical"),
    ("pt discharged after 6 day stay for CHF exacerbation", "CHF exacerbation", "historical"),
    ("Mom says he had a reaction like this last summer too", "reaction", "historical"),
])
def test_what_stopped_and_what_the_admission_was_for(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


def test_a_rule_defined_twice_is_refused_not_silently_replaced(tmp_path):
    rules = tmp_path / "rules.jsonl"
    rules.write_text('{"literal": "not carried", "category": "NEGATED_EXISTENCE", "direction": "BACKWARD"}\n'
                     '// an agency adds the same cue for mobility\n'
                     '{"literal": "Not Carried", "category": "NEGATED_EXISTENCE", "direction": "BACKWARD",'
                     ' "labels": ["MOBILITY"]}\n')
    # the line numbers an editor shows, comment lines counted
    with pytest.raises(ValueError, match=r"rules.jsonl:3: 'not carried' BACKWARD is already defined on line 1"):
        load_rules(str(rules), None, [], 10, 4)


@pytest.mark.parametrize("text,surface,expected", [
    ("Pt could be having a stroke, BEFAST +", "stroke", "possible"),
    ("presumed sepsis per sending facility", "sepsis", "possible"),
])
def test_presumed_and_could_be_are_possible(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


def test_dictated_punctuation_bounds_a_cue(nlp):
    text = "HX OF DEPRESSION PERIOD ON ARRIVAL PT FOUND SITTING ON THE COUCH COMMA C/O CHEST PAIN PERIOD"
    assert assertion_of(nlp, text, "SITTING ON THE COUCH") == "present"
    text = "pt denies nausea comma vomiting comma states his shortness of breath is worse today period"
    assert assertion_of(nlp, text, "vomiting") == "negated"
    assert assertion_of(nlp, text, "shortness of breath") == "present"


@pytest.mark.parametrize("text,surface,expected", [
    # in a run-on note the negation ends with what it negated; the procedure after it is a new clause
    ("pt takes no blood thinners IV 18g R AC", "IV", "present"),
    ("no home meds monitor shows sinus tach", "monitor", "present"),
    ("No further Zofran given d/t improvement", "Zofran", "negated"),
    ("no need for c-collar per NEXUS", "c-collar", "negated"),
    ("pt refused all interventions including IV", "IV", "negated"),
])
def test_a_negation_reaches_a_procedure_or_drug_only_across_small_words(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


@pytest.mark.parametrize("text,surface,expected", [
    # a possibility cue that is not right after the negation starts an item of its own
    ("no shortening or rotation, R wrist swollen and tender ? wrist fx", "wrist fx", "possible"),
    ("denies cp n/v or dizzyness r/o pneumonia per np note", "pneumonia", "possible"),
    ("no concern for stroke per ED MD", "stroke", "negated"),
    ("A: CP, likely musculoskeletal, ACS cannot be ruled out in field", "ACS", "possible"),
    # a new positive item after a comma ends a denial's list; a spaced slash does not
    ("Denies CP, mild SOB lying flat", "SOB", "present"),
    ("c/o dizzyness when HOB raised, denies CP / SOB - moved via hoyer", "SOB", "negated"),
    # devices used at night are the patient's own; orders for later are plans
    ("PMH CHF, OSA uses CPAP at night", "CPAP", "historical"),
    ("Restraints to be applied per ED MD order should pt become combative", "Restraints", "hypothetical"),
    ("Risks explained incl recurrent hypoglycemia, pt signed refusal", "hypoglycemia", "hypothetical"),
    ("Poison control contacted: activated charcoal not recommended in field", "activated charcoal", "negated"),
    ("IV attempted x2 R hand and L FA unsuccessful, IO not indicated", "IV", "negated"),
    ("zofran 4 mg ODT sent w/ pt prn nausea", "zofran", "hypothetical"),
    ("albuterol inhaler sent in belongings bag", "albuterol", "hypothetical"),
    ("CNA states pt has not stood since her fall 3 wks ago", "fall", "historical"),
    # "not given" is said of a drug: the condition it was drawn up for stays hypothetical
    ("Versed drawn up in case of repeat seizure, not given", "seizure", "hypothetical"),
    ("Insulin drip off since 1800 per sending RN", "Insulin", "negated"),
    ("hematemesis en route, suction ready and used", "suction", "present"),
    # a refusal with its own object does not reach back to the reading before it
    ("impression danger to self, CBG 157, pt declined haldol", "CBG", "present"),
    ("Offered c-collar, pt refused, states she feels fine", "c-collar", "negated"),
    ("c/o generalized weakness; chest tightness denied.", "chest tightness", "negated"),
    ("pt c/o CP denied SOB", "CP", "present"),
    ("Cardizem infusing at 0.25mg/kg, Pt refused adenosine", "Cardizem", "present"),
    # said after its mention, a refusal does not also reach forward past the next cue
    ("pt having acute malaise nausea denied PMHx DM, CVA found 47 yo", "DM", "historical"),
    ("pt having acute malaise nausea denied PMHx DM, CVA found 47 yo", "nausea", "negated"),
    ("pt denied having any chest pain", "chest pain", "negated"),
    # a denial heads its list across commas; "absent" said of a place does not
    ("lightheaded x3 days. absent facial droop, dyspnea. pmhx alzheimers", "dyspnea", "negated"),
    ("breath sounds absent on L, dyspnea", "dyspnea", "present"),
    # a negation reaches a list of procedures only through its first item ...
    ("15 lead done, no acute ST changes, 20g IV line R hand, sync cardioversion 100J x1", "sync cardioversion", "present"),
    # ... and a refusal or hold said after a drug is said of that drug, or of a list joined by "and"
    ("500ml bolus of saline, ondansetron withheld d/t allergy", "saline", "present"),
    ("500ml bolus of saline, ondansetron withheld d/t allergy", "ondansetron", "negated"),
    ("Atropine and pacing not indicated in hypothermic brady", "Atropine", "negated"),
    ("CC: endorses hives, stomach pain denied HPI", "hives", "present"),
    # "non-" makes an adjective of the next word, not a denial of the finding after it
    ("noted to have non-healed hip fx which limits all mobility", "hip fx", "present"),
    ("pt has a non-displaced fx of L wrist", "fx", "present"),
    ("non-productive cough, non-radiating CP", "CP", "present"),
    # a dose taken at home for this episode is this episode's, not a home medication
    ("H: onset while shoveling the driveway. took one baby asa at home before calling", "baby asa", "present"),
    ("she gave him his albuterol neb at home at 2000 and 2100 with little help", "albuterol", "present"),
    ("No PMH, no meds, took 1 Excedrin this morning. Denies CP.", "Excedrin", "present"),
    ("Pt on metoprolol and digoxin at home. 20g IV L AC", "digoxin", "historical"),
    # plans said after the drugs or procedures they concern, reaching a list joined by "and"
    ("Haldol and Ativan per protocol available if pt becomes combative", "Haldol", "hypothetical"),
    ("glucagon and atropine discussed with med control, not needed", "glucagon", "hypothetical"),
    ("Dilaudid 1 mg SL may be given by family prn per hospice orders", "Dilaudid", "hypothetical"),
    ("Poison control case # on chart, recommends NAC at hospital", "NAC", "hypothetical"),
    # a cue's list runs on through its items, however far the cue reaches
    ("pt competent, risks explained incl recurrent hypoglycemia, seizure and death", "seizure", "hypothetical"),
    ("Pt unable to bear weight, non-ambulatory x years", "non-ambulatory", "present"),
    ("pt negative chest pain, negative SOB", "SOB", "negated"),
    # the patient's routine dose, and an earlier admission, are history
    ("wife found him sweaty, not waking up. took insulin as usual, skipped dinner", "insulin", "historical"),
    ("88 yo M discharged after 6 day admit for pneumonia and CHF exacerbation", "CHF exacerbation", "historical"),
    # weighed and not done is not done
    ("IV attempted x2 unsuccessful, IO considered but not needed. 2nd narcan", "IO", "negated"),
    ("mom rode along. Blow-by O2 offered but not needed.", "O2", "negated"),
    # taken off, never reached, not required, outside its window
    ("Headache 6/10. C-collar removed at sending after CT C-spine neg", "C-collar", "negated"),
    ("intubation not attempted. Time of death 0652. ROSC never obtained.", "ROSC", "negated"),
    ("Pt became agitated but did not require restraints.", "restraints", "negated"),
    ("wake up stroke outside tPA window, to CSC", "tPA", "negated"),
    ("Suspected TIA. Stroke alert not called as deficits resolved", "Stroke", "negated"),
    ("22g R hand on 2nd try, first iv attempt missed", "iv", "negated"),
    # what was denied before the event does not deny the event
    ("denies LOC, no neck pain. no CP/SOB prior to fall. H: PMH a-fib", "fall", "present"),
    # the event a lasting state dates from is history; a clock time is not an event
    ("Unable to get out of bed w/o hoyer lift, non-ambulatory since stroke, cannot sit upright", "stroke", "historical"),
    ("she is not walking since her stroke, she is using the wheelchair", "stroke", "historical"),
    ("83 y/o M s/p R hip fx w/ ORIF 3 days ago after fall at home", "fall", "historical"),
    ("c/o vomiting blood x3 since 0400 and black tarry stools x 2 days", "black tarry stools", "present"),
    ("activated charcoal not given d/t time since ingestion and vomiting", "ingestion", "present"),
    # a drip running now is present however it is introduced; discharge and skipped drugs are home drugs
    ("admitted 3 days ago w/ recurrent VT. Currently on amiodarone gtt 0.5 mg/min via IV pump", "amiodarone", "present"),
    ("completed IV abx, d/c on PO Augmentin. D/c paperwork states", "Augmentin", "historical"),
    ("pt has been skipping her lasix bc of urinary frequency", "lasix", "historical"),
    ("Denies neck pain, denies dizziness prior to fall, \"I just caught my foot.\"", "fall", "present"),
    # done as needed during the transport is done
    ("18g IV L AC, Suctioned PRN enroute, OPA placed", "Suctioned", "present"),
    ("suction prn, BVM at bedside", "suction", "hypothetical"),
    ("Pt has hx ESRD, DM, stroke. On arrival pt alert", "stroke", "historical"),
    # a home medication list runs past a drug the lexicon does not know
    ("PMH ESRD, DM2. meds sevelamer, metoprolol, insulin. Denies CP", "metoprolol", "historical"),
    ("PMH depression, anxiety. Home med zoloft. A&Ox4", "zoloft", "historical"),
    # a history list mixes diagnoses and drugs; a slash joins a list only between two mentions
    ("PMH DM2 on insulin and glipizide, HTN, CHF, CVA w/ L sided deficits", "CVA", "historical"),
    ("c/o wheezing x 1 hr / hx asthma / used albuterol mdi x6 pta no relief", "albuterol", "present"),
    # ... and the device the patient lives with; the same device in use now is present
    ("PMH COPD on 2L home O2, CHF, a-fib, CKD stage 3", "O2", "historical"),
    ("c/o SOB x3 days, SpO2 84% on home O2, RR 32", "O2", "present"),
])
def test_a_new_item_after_a_denial_and_what_is_used_at_night_or_ordered_for_later(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


@pytest.mark.parametrize("text,surface,expected", [
    # the patient's own long-acting drug is history; watching for something is a plan
    ("ADVISED OF RISK OF RECURRENT HYPOGLYCEMIA WITH LONG ACTING INSULIN.", "INSULIN", "historical"),
    ("pt monitored for signs of internal bleeding en route", "internal bleeding", "hypothetical"),
    ("pt to be watched for bleeding or SOB", "bleeding", "hypothetical"),
    # "possible" after a mention, unless it has a mention of its own
    ("LAMS 4, LVO possible. to CSC", "LVO", "possible"),
    ("Impression syncope likely dehydration. Transported non emergent", "syncope", "present"),
    ("impression CHF likely. O2 via NRB", "CHF", "possible"),
    ("O2 15 lpm via NRB for possible smoke inhalation", "NRB", "present"),
    ("IO not possible d/t edema", "IO", "negated"),
    ("reassessment pain 5/10, nausea gone", "nausea", "negated"),
    ("found in snow, hypothermic, shivering stopped, core temp 88.6", "hypothermic", "present"),  # shivering stopping is a sign of it
    # what a patient "has had" for some time is going on now
    ("child has had fever since yesterday", "fever", "present"),
    ("states he has had SI for 2 wks", "SI", "present"),
    ("he has had 2 falls this month", "falls", "historical"),
    # a negation in the patient's own words stays in them
    ('wife called d/t pt "can\'t breathe" and getting confused', "confused", "present"),
    ('pt states "I don\'t have any chest pain"', "chest pain", "negated"),
])
def test_plans_possibilities_and_what_has_stopped(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


@pytest.mark.parametrize("text,surface,expected", [
    ("at baseline pt is bedbound s/p CVA 2022 w/ R hemiplegia and aphasia", "bedbound", "present"),
    ("she has been bed bound since a fall six weeks ago", "bed bound", "present"),
    ("pt has C6 quadriplegia from an MVC 12 yrs ago", "quadriplegia", "present"),
    ("hx CVA and MI 2019", "CVA", "historical"),
])
def test_a_backward_history_cue_dates_only_the_mention_just_before_it(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


@pytest.mark.parametrize("text,surface", [
    ("her left leg was shortened and turned out. We think it is a broken hip.", "broken hip"),
    ("Mom concerned for appendicitis. VSS for age.", "appendicitis"),
    ("FRIEND STATES PT SNORTED WHAT HE THOUGHT WAS PERCOCET ABOUT 20 MIN PRIOR", "PERCOCET"),
    ("roommate thinks she also took some Tylenol", "Tylenol"),
])
def test_what_someone_thinks_is_possible(nlp, text, surface):
    assert assertion_of(nlp, text, surface) == "possible"


def test_a_standing_rhythm_read_off_the_monitor_is_present(nlp):
    assert assertion_of(nlp, "BP 148/84, HR 96 a-fib on our monitor. A&Ox4", "a-fib") == "present"
    assert assertion_of(nlp, "PMH CHF, a-fib on eliquis", "a-fib") == "historical"


@pytest.mark.parametrize("text,surface,expected", [
    ("Cardiac monitor sinus tach 114. Intubation if BiPAP fails per MICU.", "BiPAP", "present"),
    ("Cardiac monitor sinus tach 114. Intubation if BiPAP fails per MICU.", "Intubation", "hypothetical"),
    ("epi infusion prepared should pacing fail to capture", "pacing", "present"),
])
def test_what_might_fail_is_in_use(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


def test_a_sequence_rule_stands_for_each_phrase(tmp_path):
    rules = tmp_path / "rules.jsonl"
    rules.write_text('{"sequence": [["his", "her"], ["aunt", "uncle"], ["had"]], "category": "HISTORICAL", '
                     '"direction": "FORWARD"}\n')
    literals = {r.literal for r in load_rules(str(rules), None, [], 8, 4)}
    assert literals == {"his aunt had", "his uncle had", "her aunt had", "her uncle had"}


@pytest.mark.parametrize("text,surface,expected", [
    # run-on notes: a history cue after denials that named what they deny starts a history list
    ("12 lead no stemi no cp no fever pmh chf copd afib on eliquis", "copd", "historical"),
    ("no stridor no difficulty swallowing patient has a history of schizophrenia", "schizophrenia", "historical"),
    ("denies fever no chills hx of copd and chf", "chf", "historical"),
    ("no cp no fever pmh chf copd", "fever", "negated"),
    # ... but a negated history is still negated
    ("denies any prior hx of MI", "MI", "negated"),
    ("no hx of MI or CVA", "CVA", "negated"),
    # a review-of-systems answer after its label
    ("ROS: fever: none. CP: (-). SOB: (-).", "CP", "negated"),
    ("chest pain: (-)", "chest pain", "negated"),
    ("(+) SOB, (-) N/V", "SOB", "present"),  # the minus is the next item's
    # a degree after a comma ends a denial, not a history list
    ("denies CP, mild SOB on exertion", "SOB", "present"),  # ", mild" ends the denial
    ("PMH osteoporosis, HTN, mild dementia. heparin SQ", "dementia", "historical"),  # ... not the history list
    # hedges make a mention possible
    ("pt appears to be having a stroke", "stroke", "possible"),
    ("wife states he may be having a stroke", "stroke", "possible"),
    ("crackles R base, might be pneumonia", "pneumonia", "possible"),
    ("not sure if she hit her head", "hit her head", "possible"),
    ("unclear if seizure activity, no incontinence", "seizure activity", "possible"),
    ("on xarelto so we were worried about bleeding", "bleeding", "possible"),
    ("rule-out ACS per ED", "ACS", "possible"),
    ("looks like a stroke per wife", "stroke", "possible"),
    ("atypical sx so acs not ruled out", "acs", "possible"),
    ("sepsis probable, alert called", "sepsis", "possible"),
    # more negation phrasings
    ("neither fever nor chills per mom", "fever", "negated"),
    ("L ankle swollen, deformity not noted", "deformity", "negated"),
    ("hives not seen on exam", "hives", "negated"),
    ("pt not complaining of chest pain at this time", "chest pain", "negated"),
    # another person's condition is not the patient's (ConText's experiencer)
    ("Older brother had febrile seizures as a toddler", "febrile seizures", "historical"),
    ("no cardiac hx herself, her mom had an MI at 55", "MI", "historical"),
    ("daughter says mom has been weak and dizzy x2 days", "dizzy", "present"),  # mom is the patient
    # plus and minus in a review-of-systems list
    ("ROS: neg fever, + nausea, - vomiting, + diaphoresis, - SOB", "vomiting", "negated"),
    ("ROS: neg fever, + nausea, - vomiting, + diaphoresis, - SOB", "SOB", "negated"),
    ("ROS: neg fever, + nausea, - vomiting, + diaphoresis, - SOB", "nausea", "present"),
    # "has" says now, but does not undo a plan or a guess
    ("Instructed staff to call 911 if pt passes out or has chest pain.", "chest pain", "hypothetical"),
    ("We think he has a broken femur.", "broken femur", "possible"),
    ("hx of CHF, now has SOB at rest", "SOB", "present"),
    # a standing state in a history list is the patient's now
    ("PMH CVA 2020 w/ residual R hemiplegia, a-fib, CKD 4", "R hemiplegia", "present"),
    ("PMH CVA 2020 w/ residual R hemiplegia, a-fib, CKD 4", "a-fib", "historical"),
    ("Hx morbid obesity 380 lbs, DM, lymphedema", "morbid obesity", "present"),
    # a remark in brackets neither reaches past them nor ends the list it stands in
    ("Meds meclizine PRN (none taken today), levothyroxine.", "levothyroxine", "historical"),
    ("Pine Ridge Community (no L&D backup) to University MFM for severe pre-eclampsia", "pre-eclampsia", "present"),
    # what a plan guards against is hypothetical
    ("Keppra 1 g IV given for seizure prophylaxis", "seizure", "hypothetical"),
    ("pt kept supine on stretcher due to syncope risk", "syncope", "hypothetical"),
    ("Pt educated that biphasic reaction can occur up to 24 h.", "biphasic reaction", "hypothetical"),
    ("handled gently and horizontal to avoid triggering VF", "VF", "hypothetical"),
])
def test_what_the_words_around_a_mention_say(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


@pytest.mark.parametrize("text,surface,expected", [
    # the phrasings of hospital notes crews copy from discharge paperwork
    ("Chest pain is not present at this time.", "chest pain", "negated"),
    ("Per ED note stroke cannot be excluded, CT pending.", "stroke", "possible"),
    ("Unable to rule out MI, serial 12 leads en route.", "MI", "possible"),
    ("Pt lacks any signs of stroke, grips equal.", "stroke", "negated"),
    ("Wrist fracture not excluded on ED films, splinted.", "Wrist fracture", "possible"),
    ("Per ED note stroke was excluded by MRI, now for rehab.", "stroke", "negated"),
    ("Chest pain is absent at this time, pt resting.", "Chest pain", "negated"),
    ("Not known to have seizures per mother.", "seizures", "negated"),
    ("FHx: father MI at 50. Meds none.", "MI", "historical"),
    ("wife called 911, worry for stroke, LKW 1400", "stroke", "possible"),
    ("Nitro x2 did not relieve her chest pain, fentanyl given.", "chest pain", "present"),
    ("MVC, restrained, +airbag, -LOC, ambulatory on scene", "LOC", "negated"),
    ("ROS: (-)SOB (+)nausea", "SOB", "negated"),
    ("fell down 4 stairs, LOC unknown, found by neighbor", "LOC", "possible"),
    ("Chest pain free since 0400, heparin running.", "Chest pain", "negated"),
    ("the slurred speech had resolved and the weakness was gone", "weakness", "negated"),
    ("pt states her nausea has subsided", "nausea", "negated"),
    # a risk explained is a plan; the kit kept ready is for what may come
    ("explained that a bleed can cause confusion, seizures or death", "seizures", "hypothetical"),
    ("Ketamine available for breakthrough agitation, not required.", "agitation", "hypothetical"),
    ("Pacing pads placed in case of worsening brady.", "Pacing", "hypothetical"),
    ("Cardioversion pads placed in case of recurrence, not used.", "Cardioversion", "hypothetical"),
    ("zofran prn not given.", "zofran", "hypothetical"),
    ("Ativan not given.", "Ativan", "negated"),
    ("Aspirin not administered, pt on Eliquis.", "Aspirin", "negated"),
    # what the patient did or owns
    ("Has an EpiPen in her purse but had not used it.", "EpiPen", "historical"),
    ("recently finished a course of clindamycin for a tooth abscess", "clindamycin", "historical"),
    ("MRSA hx in sputum; contact precautions.", "MRSA", "historical"),
    ("possible ingestion of metoprolol and glipizide", "glipizide", "possible"),
    ("mild SOB w/ exertion, none at rest", "SOB", "present"),
    ("+ nausea, neg vomiting", "nausea", "present"),
    ("ticagrelor held by cards", "ticagrelor", "negated"),
    ("c-collar applied, manual c-spine held", "manual c-spine", "present"),
    ("1st IV attempt L AC blown, 18g R AC", "IV", "negated"),
])
def test_general_clinical_phrasings_plans_and_what_the_patient_owns(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected


@pytest.mark.parametrize("text,surface,expected", [
    # run-on notes: the patient named as a new subject, or a new need, starts a new clause
    ("cardiac monitor per medic no ectopy pt stood and pivoted to cot with 2 crew assisting", "stood and pivoted to cot",
     "present"),
    ("abd tender all over no rebound pain 8/10 pt vomited dark green fluid", "vomited", "present"),
    ("he can not walk and needs hoyer for bed to chair transfers", "bed to chair transfers", "present"),
    ("crew did not have pt walk, carried to cot", "walk", "negated"),
    # a facility checklist answered N. and an unchecked box
    ("Facility checklist: Bed confined: Y. Able to sit in wheelchair: N. Able to ambulate: N.", "ambulate", "negated"),
    ("MEDICAL NECESSITY (CHECK): (x) BED CONFINED  ( ) CARDIAC MONITOR  (x) BARIATRIC", "CARDIAC MONITOR", "negated"),
    ("MEDICAL NECESSITY (CHECK): (x) BED CONFINED  ( ) CARDIAC MONITOR  (x) BARIATRIC", "BED CONFINED", "present"),
    ("A&Ox4, no SOB at rest. O2 weaned off yesterday, SpO2 94% RA.", "O2", "negated"),
    # a doubt names one diagnosis; the findings listed after a comma are the patient's now
    ("A: ? DKA, hyperglycemia, dehydration. P: 18g IV", "dehydration", "present"),
    ("A: sepsis likely from pneumonia, hypotension, hypoxia.", "hypoxia", "present"),
    ("A: ? DKA vs hyperglycemic hyperosmolar state", "DKA", "possible"),
    # an illness the admission treated is history, resolved or not; a home drug held or not taken today too
    ("admitted for UTI and dehydration, now resolved. Facility ordered stretcher", "dehydration", "historical"),
    ("PMH asthma, uses albuterol inhaler prn, none today.", "albuterol", "historical"),
    ("Home meds metoprolol, Eliquis (held), glipizide, Synthroid.", "Eliquis", "historical"),
    # what is only laid out
    ("Intubation equipment and RSI kit ready if airway compromise develops", "Intubation", "hypothetical"),
    ("glucagon kit at home for husband to use if unresponsive again", "glucagon", "hypothetical"),
    ("BVM and suction at head of cot.", "suction", "hypothetical"),
])
def test_run_on_clauses_and_form_answers(nlp, text, surface, expected):
    assert assertion_of(nlp, text, surface) == expected
