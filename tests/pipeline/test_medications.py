import pytest
import narrative


def admins(nlp, text):
    return narrative.analyze(text, nlp).administrations


def test_adenosine_sequence_is_three_iv_pushes(nlp):
    out = admins(nlp, "adenosine 6 mg rapid IVP, then 12 mg IVP x2")
    assert [(a.dose, a.route_class, a.count) for a in out] == [(6.0, "iv", 1), (12.0, "iv", 2)]
    assert sum(a.count for a in out if a.counts_toward_als2) == 3


def test_crystalloid_bolus_never_counts(nlp):
    (a,) = admins(nlp, "NS 250 mL bolus for hypotension")
    assert a.crystalloid and a.route_class == "iv" and not a.counts_toward_als2


def test_sublingual_doses_are_counted_but_not_als2(nlp):
    (a,) = admins(nlp, "nitro 0.4 SL x3")
    assert (a.route_class, a.count, a.counts_toward_als2) == ("sl", 3, False)


def test_prior_to_arrival(nlp):
    (a,) = admins(nlp, "FD gave narcan 2mg IN PTA")
    assert a.prior_to_arrival and a.dose == 2.0 and a.route_class == "in"


def test_dose_before_name(nlp):
    (a,) = admins(nlp, "administered 324 mg ASA PO")
    assert (a.dose, a.unit, a.route_class) == (324.0, "mg", "po")


def test_iv_route_is_not_an_iv_access_procedure(nlp):
    ev = narrative.analyze("zofran 4mg IV for nausea", nlp)
    assert [a.route_class for a in ev.administrations] == ["iv"]
    assert not [e for e in ev.entities if e.label == "INTERVENTION"]


@pytest.mark.parametrize("text,drug,line", [
    # a catheter gauge before IV is the line placed after a drug, not a dose of it in grams
    ("BVM w/ inline DuoNeb, 18g IV L AC. CPAP contraindicated", "DuoNeb", "IV"),
    ("narcan 2 mg in then narcan 1 mg ivp after 20 g iv established, RR improved", "narcan", "iv"),
    ("no oral glucose iv 20g l hand d10 250 ml ivpb", "oral glucose", "iv"),
])
def test_a_gauge_names_the_line_not_a_dose(nlp, text, drug, line):
    ev = narrative.analyze(text, nlp)
    assert [e.text for e in ev.entities if e.label == "INTERVENTION" and e.category == "iv_access"] == [line]
    assert [a for a in ev.administrations if a.medication == drug]
    assert not [a for a in ev.administrations if a.unit == "g"]  # no 18 or 20 grams of anything


def test_a_dose_in_grams_keeps_iv_as_its_route(nlp):
    ev = narrative.analyze("Mag 2 g IV over 10 min, TXA 1 g IV", nlp)
    assert [(a.dose, a.unit, a.route_class) for a in ev.administrations] == [(2.0, "g", "iv"), (1.0, "g", "iv")]
    assert not [e for e in ev.entities if e.label == "INTERVENTION"]


def test_drip_is_infusion(nlp):
    (a,) = admins(nlp, "norepinephrine drip at 8 mcg/min titrated to MAP > 65")
    assert a.route_class == "infusion" and a.counts_toward_als2


def test_negated_medication_does_not_count(nlp):
    (a,) = admins(nlp, "no aspirin given d/t allergy")
    assert a.assertion == "negated" and not a.counts_toward_als2


def test_repeat_adds_doses(nlp):
    out = admins(nlp, "fentanyl 50 mcg IV, repeated x1")
    assert sum(a.count for a in out) == 2
    assert all(a.route_class == "iv" for a in out)


def test_separate_medications_in_one_sentence(nlp):
    out = admins(nlp, "amiodarone 150mg IV over 10 min and magnesium 2 g IV")
    assert [a.category for a in out] == ["amiodarone", "magnesium_sulfate"]
    assert all(a.counts_toward_als2 for a in out)


def test_repeat_naming_the_drug_is_not_an_extra_dose(nlp):
    out = admins(nlp, "fentanyl 100 mcg iv, repeated fentanyl 50 mcg iv after 10 min")
    assert sum(a.count for a in out) == 2


def test_repeat_of_another_thing_is_not_a_dose(nlp):
    out = admins(nlp, "D10 250 ml IV administered, repeat BGL 112")
    assert sum(a.count for a in out) == 1


def test_im_route_in_capitals(nlp):
    (a,) = admins(nlp, "toradol 30 mg IM.")
    assert a.route_class == "im" and not a.counts_toward_als2


def test_offered_but_refused_medication_is_not_given(nlp):
    out = admins(nlp, "offered zofran for nausea, pt refused zofran")
    assert all(a.assertion != "present" for a in out)


def test_prior_to_arrival_is_said_of_its_own_clause(nlp):
    out = admins(nlp, "FD administered midaz 5mg IN prior to our arrival; midazolam 10mg IV given 2 times")
    assert [(a.route_class, a.count, a.prior_to_arrival) for a in out] == [("in", 1, True), ("iv", 2, False)]


def test_a_drug_infusing_at_a_dose_is_an_infusion(nlp):
    out = admins(nlp, "diltiazem 15mg IVP x2; diltiazem infusing at 20mg")
    assert [(a.route_class, a.count) for a in out] == [("iv", 2), ("infusion", 1)]


@pytest.mark.parametrize("text,expected", [
    # a spaced dash ends a telegraphic clause, and a cue before a drug does not reach past a comma
    ("epi 0.5mg IM given by first responders prior to EMS arrival - 50mg Benadryl slow IVP - gave Solu-Medrol "
     "125mg IV push", [True, False, False]),
    ("sending facility gave midaz 2.5mg IN via MAD prior to our arrival, Versed 2.5mg IVP given 2 times",
     [True, False]),
    # ... but one after the drugs covers them all
    ("Pt given ASA 324 and NTG 0.4 SL x1 by FD prior to arrival", [True, True]),
])
def test_prior_to_arrival_in_run_on_notes(nlp, text, expected):
    assert [a.prior_to_arrival for a in admins(nlp, text)] == expected


def test_a_doubled_word_keeps_the_count(nlp):
    a, = admins(nlp, "20g peripheral iv r hand. 3 doses of of atropine 1mg ivp. bradycardia unchanged")
    assert (a.count, a.route_class) == (3, "iv")


def test_home_dose_taken_is_prior_to_arrival(nlp):
    (a,) = admins(nlp, "pt took insulin this AM and skipped lunch")
    assert a.prior_to_arrival


def test_dose_written_before_the_next_drug_is_its_own(nlp):
    out = admins(nlp, "Administered 6mg adenosine IV push; Administered 15mg cardizem IVP")
    assert [(a.category, a.dose) for a in out] == [("adenosine", 6.0), ("diltiazem", 15.0)]


def test_a_dose_written_before_its_drug_through_a_form_word_is_its_own(nlp):
    out = admins(nlp, "Gave Pepcid 20mg IV bolus / 250 cc bolus of NS / No improvement in hives")
    assert [(a.category, a.dose, a.unit) for a in out] == [("famotidine", 20.0, "mg"), ("normal_saline", 250.0, "cc")]
    (a,) = admins(nlp, "gave 2 grams of magnesium sulfate IV over 10 min")
    assert (a.dose, a.unit, a.route_class) == (2.0, "grams", "iv")


def test_count_far_from_the_drug_is_not_its_count(nlp):
    (a,) = admins(nlp, "mag 2 grams IV bolus given no change in diminished breath sounds, pt CMS x3")
    assert a.count == 1


def test_count_before_the_name(nlp):
    (a,) = admins(nlp, "3 doses of Fentanyl 100mcg IVP.")
    assert (a.count, a.route_class) == (3, "iv")


def test_capital_units_and_slow_iv_push(nlp):
    (a,) = admins(nlp, "FENT 25MCG IV BOLUS GIVEN 2 TIMES")
    assert (a.dose, a.unit, a.count) == (25.0, "mcg", 2)
    (b,) = admins(nlp, "atropine 0.5mg SIVP x3 total")
    assert (b.route_class, b.count) == ("iv", 3)


def test_push_duration_and_connectives_do_not_break_an_administration(nlp):
    (a,) = admins(nlp, "fentanyl 25mcg IV over 2 min x3 period")
    assert a.count == 3
    out = admins(nlp, "adenosine 6mg rapid IVP followed by 12mg IVP and a 2nd 12mg IVP")
    assert sum(x.count for x in out if x.counts_toward_als2) == 3
