def sents(nlp, text):
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_line_breaks_end_sentences_without_punctuation(nlp):
    text = "pt found supine on floor\nc/o hip pain\nunable to bear weight"
    assert sents(nlp, text) == ["pt found supine on floor", "c/o hip pain", "unable to bear weight"]


def test_abbreviation_period_does_not_split(nlp):
    assert len(sents(nlp, "Pt. states CP began at rest.")) == 1


def test_headers_start_sentences_in_run_on_text(nlp):
    out = sents(nlp, "CC: CP H: onset 1 hr ago A: pt diaphoretic")
    assert out[0].startswith("CC:") and any(s.startswith("H:") for s in out) and any(s.startswith("A:") for s in out)


def test_a_one_letter_header_needs_a_spaced_dash(nlp):
    assert sents(nlp, "No C-spine tenderness. VS 168/88") == ["No C-spine tenderness.", "VS 168/88"]
    assert any(s.startswith("C - ") for s in sents(nlp, "pt found supine C - cp x2 hrs"))


def test_extra_spaces_end_no_sentence(nlp):
    assert sents(nlp, "Pt denies  CP,  SOB. No  LOC.  Pt stable") == ["Pt denies  CP,  SOB.", "No  LOC.", "Pt stable"]
    assert sents(nlp, "12 lead no peaked T.  Pt walked to stretcher") == ["12 lead no peaked T.", "Pt walked to stretcher"]
    assert sents(nlp, "12 lead no peaked T. Pt. walked to stretcher") == ["12 lead no peaked T.", "Pt. walked to stretcher"]


def test_a_unit_with_a_period_ends_the_sentence(nlp):
    assert sents(nlp, "TXA 1g. needle decompression if SBP drops") == ["TXA 1g.", "needle decompression if SBP drops"]


def test_a_header_of_two_words_starts_at_its_first(nlp):
    assert sents(nlp, "GCS 15. HOME MEDS: ELIQUIS, TYLENOL PRN") == ["GCS 15.", "HOME MEDS: ELIQUIS, TYLENOL PRN"]


def test_question_mark_cue_does_not_split(nlp):
    assert len(sents(nlp, "left wrist deformity ? fx splinted")) == 1
    assert sents(nlp, "Lungs clear.\n? pneumonia, O2 NRB")[-1] == "? pneumonia, O2 NRB"


def test_a_capitalised_patient_opens_a_sentence_in_a_run_on_note(nlp):
    assert sents(nlp, "denies CP no hx CVA Pt states she feels weak") == ["denies CP no hx CVA", "Pt states she feels weak"]
    # not after a name or in ALL CAPS, where the case says nothing
    assert len(sents(nlp, "report to Mercy Pt care transferred")) == 1
    assert len(sents(nlp, "DENIES CP PT STATES SHE FEELS WEAK")) == 1


def test_the_patient_as_an_object_ends_a_sentence(nlp):
    assert sents(nlp, "PMH none per pt. 12 lead sinus tach") == ["PMH none per pt.", "12 lead sinus tach"]
    assert len(sents(nlp, "Pt. states CP began at rest")) == 1


def test_dictated_punctuation_ends_sentences(nlp):
    text = "syncopal episode at the pharmacy period on arrival pt alert comma oriented period no seizure activity"
    assert sents(nlp, text) == ["syncopal episode at the pharmacy period", "on arrival pt alert comma oriented period",
                                "no seizure activity"]


def test_period_said_as_a_word_stays_a_word(nlp):
    # no other dictated punctuation: the note was typed
    assert len(sents(nlp, "hx of seizures, postictal period on arrival pt drowsy")) == 1
    # dictated, but "a 10 minute period" and "period of apnea" are words
    text = "out for a 10 minute period comma brief period of apnea period pt now alert"
    assert sents(nlp, text) == ["out for a 10 minute period comma brief period of apnea period", "pt now alert"]


def test_all_caps_sentences(nlp):
    assert len(sents(nlp, "PT FOUND SITTING IN CHAIR. PT STATES CP 8/10. DENIES SOB.")) == 3


def section_names(nlp, text):
    return [s[0] for s in nlp(text)._.sections]


def test_chart_layout_sections(nlp):
    text = ("C: chest pain\nH: 67 yo m onset at rest\nA: pale diaphoretic\n"
            "R: ASA 324 PO, IV 18g L AC\nT: transported emergent to MMC")
    assert section_names(nlp, text) == ["chief_complaint", "history", "assessment", "treatment", "transport"]


def test_soap_layout_sections(nlp):
    text = "S: pt c/o SOB\nO: wheezes bilat\nA: COPD exacerbation\nP: albuterol neb"
    assert section_names(nlp, text) == ["chief_complaint", "assessment", "assessment", "treatment"]


def test_dchart_dispatch_section(nlp):
    text = "D: dispatched emergent for fall\nC: hip pain\nH: pt tripped\nA: L leg shortened\nR: splinted\nT: to ED"
    assert section_names(nlp, text)[0] == "dispatch"


def test_span_section_and_pmh(nlp):
    doc = nlp("HPI: pt c/o chest pain x1 hr\nPMH: CVA, CHF\nTx: ASA 324mg PO")
    by_text = {e.text.lower(): e._.section for e in doc.ents}
    assert by_text.get("chest pain") == "history"
    assert by_text.get("asa") == "treatment"


def test_text_before_first_header_is_narrative(nlp):
    doc = nlp("Dispatched to SNF. CC: weakness")
    assert doc._.sections[0][0] == "narrative"


def test_history_list_ends_where_the_story_resumes(nlp):
    for text in ("PMH: HTN / DM / CHF / ESRD on HD / pt c/o SOB", "PMH: CHF, COPD, pt states SOB since am",
                 "Hx: DM / Pt lying supine on ground / A/O x3 / Pt was tachycardic on arrival"):
        doc = nlp(text)
        last = [e for e in doc.ents][-1]
        assert last._.assertion == "present", (text, last.text, last._.section)


def test_a_history_item_may_carry_its_residual(nlp):
    doc = nlp("Hx: CKD, asthma, CVA w/ residual L sided weakness, HLD, DKA. pt sitting on the couch.")
    assert {e.text: e._.section for e in doc.ents}["DKA"] == "past_history"
