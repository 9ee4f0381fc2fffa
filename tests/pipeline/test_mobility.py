import pytest

from .helpers import ents, find


def mobility(nlp, text):
    found = [e for e in ents(nlp, text) if e.label == "MOBILITY"]
    assert found, f"no MOBILITY entity in {text!r}"
    return found


@pytest.mark.parametrize("text,expected", [
    ("pt unable to ambulate", True),
    ("pt is non-ambulatory", True),
    ("pt cannot bear weight on L leg", True),
    ("pt unable to sit up in a chair due to contractures", True),
    ("pt ambulated to the stretcher", False),
    ("pt walked to unit w/o difficulty", False),
    ("pt stood and pivoted to cot w/o assist", False),
    ("pt sat in wheelchair during assessment", False),
    ("pt ambulated with 2 person assist", True),
    ("pt not unable to walk", False),
    ("pt has not been able to walk much outside his home", True),
    ("Pt is bedbound", True),
    ("PT UNABLE TO AMBULATE", True),
    ("pt ambulatory to stretcher", False),
])
def test_polarity(nlp, text, expected):
    assert mobility(nlp, text)[0].supports_bed_confinement is expected


@pytest.mark.parametrize("text,assertion,expected", [
    # an attempt that failed is a move not made, and supports confinement
    ("Pt attempted to stand but became near syncopal, assisted back to bed", "negated", True),
    ("pt tried to stand and got dizzy again so we had him sit back down", "negated", True),
    # a refusal says nothing about what the patient can do
    ("On arrival pt lying in bed, refused to stand for crew", "negated", None),
])
def test_attempts_and_refusals(nlp, text, assertion, expected):
    found = mobility(nlp, text)[0]
    assert (found.assertion, found.supports_bed_confinement) == (assertion, expected)


@pytest.mark.parametrize("text", [
    "femoral sheath site dressing dry on transfer. Cardiac monitor sinus 90s",
    "all drips running, pt tolerated transfer.",
    "Transport: Behavioral health transfer, Mercy ED to Pine Ridge Psychiatric Hospital",
    "TX/MOVE: draw sheet transfer x3 crew bed to cot, heels floated",  # the crew moved the patient
])
def test_a_bare_transfer_no_cue_speaks_to_is_the_transport(nlp, text):
    assert not [e for e in ents(nlp, text) if e.label == "MOBILITY"]


@pytest.mark.parametrize("text,surface,expected", [
    ("requires max assist x2 to transfer, unable to ambulate", "transfer", True),
    ("pt able to sit in w/c and transfer w/o assist", "transfer", False),
    ("uses a slide board and transfers to the toilet w/o help", "transfers", False),
    ("pt is non-ambulatory and chair bound per son", "chair bound", False),  # sits in a chair all day
    # crews misspell the help they name, and name it by head count
    ("ambulated 2 steps only w/ 2 person assit and unable to complete", "ambulated 2 steps", True),
    ("bed to stretcher transfer required 3 person draw sheet", "bed to stretcher transfer", True),
    # the help a patient needs for every transfer is the help named (annotators split 9 to 10; the claim
    # needs it: unable to get up from bed without assistance)
    ("Per nursing pt is bedbound, 2 assist for all transfers", "transfers", True),
    ("requires 2 person assist for all transfers", "transfers", True),
    # hands on the patient or a gait belt is help; standing by is not
    ("PT notes: pt ambulated 40 ft w/ rolling walker and gait belt, mod assist", "ambulated", True),
    ("pt stands w/ min assist", "stands", True),
    ("pt walked to the ambulance w/ coach and EMT on each arm", "walked to the ambulance", True),
    ("Pt walked to the stretcher w/ standby assist only", "walked to the stretcher", False),
    ("PT NORMALLY AMBULATORY W/ CANE, TODAY WALKED 10 FT W/ CREW SUPPORT BEFORE NEEDING TO SIT", "WALKED", True),
    ("pt walked to the cot between two deputies prior to restraint", "walked to the cot", True),
    # a walk the crew did not let happen, or that simply did not happen, decides nothing
    ("Pt not allowed to stand or walk. 18g IV R AC.", "walk", None),
    ("Pt did not walk, we carried her out on the cot.", "walk", None),
    ("unable to stand or walk even w/ 2 assist", "walk", True),
])
def test_what_the_patient_does_with_or_without_help(nlp, text, surface, expected):
    found = [e for e in mobility(nlp, text) if e.text == surface]
    assert found and found[0].supports_bed_confinement is expected


@pytest.mark.parametrize("text,surface", [
    # how the patient got about before this illness is history
    ('pt says "i used to walk to the mailbox, now i cant even get to the bathroom"', "walk to the mailbox"),
    ("wheezing resolved. pt ambulatory prior, assisted to stretcher due to hypotension", "ambulatory"),
    ("Pt bedbound at present per sending RN, ambulatory at home w/ cane prior to illness.", "ambulatory"),
])
def test_mobility_before_this_illness_is_history(nlp, text, surface):
    found = [e for e in mobility(nlp, text) if e.text == surface]
    assert found and found[0].assertion == "historical" and found[0].supports_bed_confinement is None


def test_history_decides_nothing(nlp):
    assert mobility(nlp, "pt normally ambulates with walker")[0].supports_bed_confinement is None


def test_hypothetical_decides_nothing(nlp):
    assert mobility(nlp, "if able to ambulate pt may go by wc van")[0].supports_bed_confinement is None


def test_categories(nlp):
    cats = {e.category for e in mobility(nlp, "pt unable to get out of bed, unable to ambulate, unable to sit in a wheelchair")}
    assert cats == {"get_up_from_bed", "ambulate", "sit_chair"}


def test_bare_bed_confined_statement(nlp):
    ent = mobility(nlp, "pt is bed confined")[0]
    assert ent.category == "bed_confined" and ent.supports_bed_confinement is True


def test_unable_without_lift_is_a_double_negative(nlp):
    found = {e.text: e.supports_bed_confinement for e in mobility(nlp, "unable to get OOB without mechanical lift, non-ambulatory")}
    assert found.get("non-ambulatory") is True
    assert all(v is True for v in found.values()), found


def test_inability_does_not_cross_a_comma(nlp):
    found = mobility(nlp, "bedbound, unable to sit upright, stood w/ 2 person assist")
    stood = [e for e in found if e.text == "stood"]
    assert stood and stood[0].assertion == "present" and stood[0].supports_bed_confinement is True


def test_a_lift_is_how_the_crew_moved_the_patient_not_a_mention(nlp):
    found = [e.text for e in ents(nlp, "Pt moved to stretcher via draw sheet and 3 person lift. Hoyer lift used at SNF.")
             if e.label == "MOBILITY"]
    assert not found


def test_need_for_help_before_the_mention(nlp):
    found = mobility(nlp, "REQUIRES ASSIST OF 2 TO GET OUT OF BED / PT IS NON AMBULATORY / CANNOT SIT UPRIGHT FOR LENGTH OF TXP")
    assert [e.supports_bed_confinement for e in found] == [True, True, True]


@pytest.mark.parametrize("text", [
    "pt transfers w/ hoyer lift only, non-ambulatory x 2 yrs",
    "Per charge RN pt bedbound x 6 months, transfers by hoyer only",
    "PT IS BED CONFINED PER ORTHO, TRANSFERS BY MECHANICAL LIFT ONLY",
    "Unable to bear weight, hoyer for all transfers x2 staff.",
])
def test_transfers_with_a_lift_support_bed_confinement(nlp, text):
    found = mobility(nlp, text)
    assert any(e.text.lower() == "transfers" for e in found), [e.text for e in found]
    assert all(e.supports_bed_confinement is True for e in found), [(e.text, e.supports_bed_confinement) for e in found]


def test_amount_of_help_before_a_mention_and_crew_typos(nlp):
    assert mobility(nlp, "max assist x2 to stand")[0].supports_bed_confinement is True
    assert mobility(nlp, "PT UNABEL TO SIT IN WHEELCHAIR")[0].supports_bed_confinement is True


@pytest.mark.parametrize("text,surface,expected", [
    ("Pt walked to the stretcher with steady gait", "walked to the stretcher", False),
    ("per PT pt requires max assist of 2 for bed mobility", "bed mobility", True),
    ("pt got up from the table and walked out to the ambulance", "got up from the table", False),
    ("stands from bed with mod assist", "stands from bed", True),
    ("pt slid over to stretcher himself", "slid over to stretcher", False),
    ("pt transferred to stretcher", "transferred to stretcher", None),
    ("on arrival pt found sitting at the kitchen table, A&Ox4", "sitting at the kitchen table", False),
    ("PT SITTING AT DESK, DIAPHORETIC", "SITTING AT DESK", False),
    ("total assit for bed mobility per RN", "bed mobility", True),
    ("per staff pt hasn't been out of bed in 3 weeks", "out of bed", True),
    ("pt states I have not been out of this bed since June", "out of this bed", True),
    ("bedbound, requires 2 person assist to roll", "roll", True),
    # a PT note's bare "bed to chair" is the transfer; a crew moving the patient is not
    ("cna report: bed to chair with max assist x2, up in geri chair for meals", "bed to chair", True),
    # an ability to sit up is the posture alone (docs/annotation.md)
    ("Pt cannot tolerate sitting upright more than 10 min due to SOB", "sitting upright", True),
    ("PT note: walked 10 ft in parallel bars w/ max A x2 and knee blocks", "walked", True),
    ("nursing report: pt up in chair for all meals, up ad lib w/ walker to bathroom", "up ad lib", False),
    ("unable to roll in bed w/o 2 assist", "roll in bed", True),
    # a wheelchair-bound patient sits in a wheelchair: criterion 3 is not met (5 of 5 gold mentions)
    ("Pt is wheelchair bound and self propels on the unit", "wheelchair bound", False),
    ("She stood up with my help and sat on the cot", "stood up", True),
    ("pt walked to the stretcher with mom's help, unsteady", "walked to the stretcher", True),
    ("he walked 10 feet with a walker and two assist", "walked", True),
])
def test_more_mobility_phrasing(nlp, text, surface, expected):
    found = {e.text: e.supports_bed_confinement for e in mobility(nlp, text)}
    assert surface in found and found[surface] is expected, found


def test_letter_period_then_patient_starts_a_sentence(nlp):
    found = mobility(nlp, "12 lead no peaked T. Pt walked to stretcher slowly.")
    assert found[0].assertion == "present" and found[0].supports_bed_confinement is False


@pytest.mark.parametrize("text,expected", [
    ("transfer to the chair was not attempted", None),
    ("Unable to transfer or bear weight", True),
    ("pt requires max assist x2 to transfer", True),
    ("transfers independently to chair", False),
])
def test_bare_transfer_decides_only_with_a_cue(nlp, text, expected):
    found = [e for e in mobility(nlp, text) if e.text.lower().startswith("transfer")]
    assert found and found[0].supports_bed_confinement is expected


@pytest.mark.parametrize("text", [
    "Non-emergent transfer to dialysis",
    "SCT transfer Hillcrest ED -> University MICU. 58F septic shock",
    "Transfer from St Agnes ICU to Lakeshore LTACH for vent weaning",
    "Transfer: Valley View Hospital -> Eagle Crest SNF, non-emergent stretcher.",
    "critical care transfer, pt on 2 drips",
    "Transfer of care to ED RN with report.",
    "does sliding board transfers by himself",
    "Pt received oxycodone 5 mg PO prior to transfer per RN.",
    "Stand-by at Central HS football game, 17 y/o M player",
    "crew notified supervisor that pt may not meet bed confined criteria",
])
def test_the_transport_an_event_standby_or_the_rule_named_is_no_mobility_mention(nlp, text):
    assert not [e for e in ents(nlp, text) if e.label == "MOBILITY"]


@pytest.mark.parametrize("text", [
    "unable to transfer from bed to chair w/o hoyer",
    "cannot transfer to the wheelchair",
    "Transferred to stretcher via hoyer lift",
])
def test_transfer_to_a_bed_or_chair_stays_a_mention(nlp, text):
    found = [e for e in mobility(nlp, text) if e.text.lower().startswith("transfer")]
    assert found, text


@pytest.mark.parametrize("text,surface,expected", [
    ("Pt stood and walked to stretcher w/ standby assist.", "walked to stretcher", False),
    # a hand kept on the patient is help: contact guard supports confinement, standing by does not
    ("per PT pt transfers bed to chair with contact guard", "transfers bed to chair", True),
    ("per PT note pt walked 15 ft with walker and 1 assist", "walked", True),
    ("pt had stood up and walked 10 ft before we could stop him", "walked", False),
    ("Pt stood up from the chair on his own and took several steps to the stretcher.",
     "took several steps to the stretcher", False),
    ("pt hopped to stretcher on L foot w/ 2 crew assisting", "hopped to stretcher", True),
    ("Pt sat up on edge of bed independently then transferred to the stretcher with crew assist x2.",
     "transferred to the stretcher", True),
    ("PT NOT ALLOWED TO AMBULATE D/T SUSPECTED SPINAL INJURY", "AMBULATE", None),
    ("ambulation not tested d/t nausea", "ambulation", None),
])
def test_who_helped_and_how_far(nlp, text, surface, expected):
    found = {e.text: e.supports_bed_confinement for e in mobility(nlp, text)}
    assert surface in found and found[surface] is expected, found


@pytest.mark.parametrize("text,surface", [
    ("unable to sit upright in a wheelchair due to poor trunk control", "sit upright"),
    ("cannot sit up in his power chair since the wound", "sit up"),
    ("is unable to sit in any chair due to contractures", "sit in any chair"),
    ("Pt was sitting up in recliner on our arrival", "sitting up in recliner"),
    ("does stand pivot transfers with standby assist only", "stand pivot transfers"),
    # using a wheelchair or being up in a chair is sitting in one
    ("she is not walking since her stroke, she is using the wheelchair with staff help", "using the wheelchair"),
    ("does not walk, but up in geri chair most afternoons", "up in geri chair"),
    ("pt sat up on cot talking on phone entire trip", "sat up"),
])
def test_span_of_a_sitting_or_transfer_ability(nlp, text, surface):
    assert surface in {e.text for e in mobility(nlp, text)}


@pytest.mark.parametrize("text,surface", [
    ("pt has been ambulating in hall with PT x2 daily", "ambulating in hall"),
    ("Staff report pt normally walks the halls all day", "walks the halls"),
    ("She walked into the urgent care with her son holding her up", "walked into the urgent care"),
    ("At rehab pt walked from stretcher to bed with standby assist", "walked from stretcher to bed"),
    ("Pt met crew at the front door, walked down 10 steps", "walked down 10 steps"),
])
def test_where_the_patient_walked_is_part_of_the_mention(nlp, text, surface):
    assert surface in {e.text for e in mobility(nlp, text)}


@pytest.mark.parametrize("text,surface", [
    ("pt walked to the stretcher with staff holding both arms due to unsteady gait", "walked to the stretcher"),
    ("She walked into the urgent care with her son holding her up under both arms", "walked into the urgent care"),
    ("pt walked to the cot with friend support on one side", "walked to the cot"),
    ("Pt stood with 2 crew holding him and became lightheaded", "stood"),
    ("Pt stood with 2 FF assist, then walked to the stretcher w/ FF at each arm d/t dizziness", "walked to the stretcher"),
    ("Pt stood with RN holding gait belt and took 4 steps to the stretcher", "stood"),
    ("pt stood and walked to the cot w/ 2 crew holding him up", "walked to the cot"),
    # the help named after a device is still within reach
    ("per PT note from today pt stood at bedside w/ walker and 2 person assist", "stood"),
])
def test_a_person_holding_the_patient_up_is_assistance(nlp, text, surface):
    found = {e.text: e.supports_bed_confinement for e in mobility(nlp, text)}
    assert found.get(surface) is True, found


def test_stood_up_from_the_chair_and_pivoted_is_one_move(nlp):
    text = "PT STOOD UP FROM WHEELCHAIR AND PIVOTED TO STRETCHER ON HIS OWN."
    found = {e.text: e.supports_bed_confinement for e in mobility(nlp, text)}
    assert found == {"STOOD UP FROM WHEELCHAIR AND PIVOTED TO STRETCHER": False}


def test_a_walk_not_taken_is_the_verb_alone(nlp):
    found = {e.text: (e.assertion, e.supports_bed_confinement) for e in mobility(nlp, "PT UNABLE TO WALK TO STRETCHER D/T HYPOXIA")}
    assert found == {"WALK": ("negated", True)}
    assert [e.text for e in mobility(nlp, "pt walked to the stretcher w/o assist")] == ["walked to the stretcher"]


@pytest.mark.parametrize("text,surface", [
    ("Pt walked into the med tent at mile 9 c/o itching", "walked into the med tent"),
    ("Pt walked to the stair chair with one person assist", "walked to the stair chair"),
    ("PER PT NOTE PT REQUIRES MAX ASSIST X2 FOR BED TO CHAIR TRANSFERS", "BED TO CHAIR TRANSFERS"),
])
def test_where_the_patient_walked_and_which_transfer(nlp, text, surface):
    assert surface in [e.text for e in mobility(nlp, text)]


@pytest.mark.parametrize("text,surface", [
    ("pt too sob to walk so moved to stair chair then cot", "walk"),
    ("PT TOO WEAK AND LIGHTHEADED TO STAND, LIFTED TO COT", "STAND"),
    ("today she is too lethargic to sit up without sliding", "sit up"),
    ("pt was too short of breath to ambulate, carried down in stair chair", "ambulate"),
])
def test_too_ill_to_move_supports_confinement_whatever_the_reason(nlp, text, surface):
    found = find(nlp, text, surface)
    assert found.assertion == "negated" and found.supports_bed_confinement is True


def test_too_does_not_reach_a_move_that_is_no_infinitive(nlp):
    found = find(nlp, "pt too large for stair chair so walked to cot", "walked to cot")
    assert found.assertion == "present" and found.supports_bed_confinement is False


@pytest.mark.parametrize("text,surface", [
    ("stage 4 sacral decubitus, unable to sit due to wound location, transported on L side", "sit"),
    ("pt cannot sit for more than 5 min due to back pain", "sit"),
    ("pt cannot sit in a regular wheelchair d/t size and wounds", "sit in a regular wheelchair"),
    ("needs 2 assist to roll in bed, unable to sit at edge of bed without falling to R", "sit at edge of bed"),
])
def test_an_inability_to_sit_supports_confinement(nlp, text, surface):
    found = find(nlp, text, surface)
    assert (found.category, found.assertion, found.supports_bed_confinement) == ("sit_chair", "negated", True)


@pytest.mark.parametrize("text", ["we had him sit back down on the couch", "wife tried to sit him in the wheelchair"])
def test_sitting_someone_down_is_no_ability(nlp, text):
    assert not [e for e in ents(nlp, text) if e.label == "MOBILITY" and e.text.lower() == "sit"]


@pytest.mark.parametrize("text", [
    "legs buckled, crew did 2 person carry to stretcher w/ sheet",  # how the crew moved the patient
    "s/p hemiarthroplasty 2 days ago, WBAT per ortho",  # an order, not what the patient can do
    "pt on strict bedrest per cardiology",  # an order too: bed rest is not bed confinement
    "when we got there he was sitting up against the shelf confused",  # a position on arrival
])
def test_what_is_no_ability_of_the_patient(nlp, text):
    assert not [e for e in ents(nlp, text) if e.label == "MOBILITY"]


FORM = """Pt is bed confined: Y
Ambulatory status: non-ambulatory
Able to sit in wheelchair: N - poor trunk control
Able to get OOB w/o assist: N
CAN PT AMBULATE: NO
Transfer method: draw sheet x4"""


def test_a_filled_in_mobility_form(nlp):
    found = {(e.text, e.assertion, e.supports_bed_confinement) for e in mobility(nlp, FORM)}
    assert found == {("bed confined", "present", True), ("non-ambulatory", "present", True),
                     ("sit in wheelchair", "negated", True), ("get OOB", "negated", True),
                     ("AMBULATE", "negated", True)}  # field names ("Ambulatory status", "Transfer method") say nothing


def test_a_form_field_answered_no(nlp):
    assert mobility(nlp, "Pt is bed confined: N")[0].supports_bed_confinement is False
