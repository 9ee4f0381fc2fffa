"""doc_to_evidence reads span attributes from doc.user_data directly: it must agree with span._."""
from narrative.pipeline.evidence import doc_to_evidence
from narrative.pipeline.tokens import LexCache, sentence_bounds

NARRATIVES = [
    "pt denies cp, hx of MI 2019. c/o SOB x2 days, placed on 4 lpm NC. zofran 4mg IV, NS 250 mL bolus.",
    "CC: fall. HPI: 84 yo F found on floor by staff, bedbound, unable to ambulate, 2 person draw sheet "
    "transfer to stretcher. PMH: CHF, COPD, dementia. A: GCS 14, BP 92/60. no LOC",
    "S: PT STATES HE FELT DIZZY. O: A&OX4 SKIN PALE. A: POSS SYNCOPE, R/O STROKE. P: 18G IV L AC, 12 LEAD, "
    "ASA 324MG PO, TX NON EMERGENT",
]


def test_entities_carry_the_span_extension_values(nlp):
    for text in NARRATIVES:
        doc = nlp(text)
        got = doc_to_evidence(doc).entities
        assert len(got) == len(doc.ents) > 0
        for ent, span in zip(got, doc.ents):
            assert (ent.label, ent.text, ent.start, ent.end) == (span.label_, span.text, span.start_char, span.end_char)
            assert ent.category == (span._.category or "other")
            assert (ent.assertion, ent.level, ent.source) == (span._.assertion, span._.level, span._.source)
            assert ent.supports_bed_confinement == span._.supports_bed_confinement


def test_changed_span_attributes_are_read_back(nlp):
    doc = nlp("pt c/o chest pain, ASA 324 mg PO")
    span = doc.ents[0]
    span._.assertion, span._.source = "historical", "agency"
    ent = doc_to_evidence(doc).entities[0]
    assert (ent.assertion, ent.source) == ("historical", "agency")


def test_lexeme_cache_and_sentence_bounds_match_the_doc(nlp):
    cache = LexCache(nlp.vocab, max_size=5)  # tiny: the cache is cleared while reading
    for text in NARRATIVES:
        doc = nlp(text)
        lex = cache(doc)
        assert [x.text for x in lex] == [t.text for t in doc]
        assert [(x.lower, x.is_space, x.is_punct, x.like_num, x.is_lower) for x in lex] == [
            (t.lower_, t.is_space, t.is_punct, t.like_num, t.is_lower) for t in doc]
        assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents]
    assert cache(nlp.make_doc("")) == [] and sentence_bounds(nlp.make_doc("")) == []


def test_entity_texts_sliced_from_the_narrative_match_the_spans(nlp):
    for text in NARRATIVES:
        doc = nlp(text)
        assert doc_to_evidence(doc, text) == doc_to_evidence(doc)


def test_attributes_written_through_user_data_read_back_through_span_underscore(nlp):
    from spacy.tokens import Span

    from narrative.pipeline.attributes import set_span_attrs

    doc = nlp.make_doc("pt bedbound at baseline")
    span = Span(doc, 1, 2, label="MOBILITY")
    set_span_attrs(span, {"category": "bed_confined", "intrinsic_polarity": True})
    assert (span._.category, span._.intrinsic_polarity) == ("bed_confined", True)


def test_span_attributes_read_through_user_data_match_span_underscore(nlp):
    from narrative.pipeline.attributes import SPAN_ATTRS, get_span_attr

    for text in NARRATIVES:
        for span in nlp(text).ents:
            assert {n: get_span_attr(span, n) for n in SPAN_ATTRS} == {n: getattr(span._, n) for n in SPAN_ATTRS}


def test_lexeme_list_is_rebuilt_when_the_doc_changes(nlp):
    from narrative.pipeline.tokens import shared_lexes

    cache = shared_lexes(nlp.vocab)
    doc = nlp("pt c/o chest pain, ASA 324 mg PO")
    assert cache(doc) is cache(doc)  # the components after the first share the list
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[2:4])
    assert [x.text for x in cache(doc)] == [t.text for t in doc]


def test_trailing_spaces_are_kept_with_the_lexeme_list_and_reread_when_the_doc_changes(nlp):
    from narrative.pipeline.tokens import shared_lexes

    cache = shared_lexes(nlp.vocab)
    doc = nlp("pt c/o chest pain, ASA 324 mg PO")
    lex, spaces = cache.with_spaces(doc)
    assert lex is cache(doc) and spaces == [bool(t.whitespace_) for t in doc]
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[2:5])  # "chest pain," is one token now, with the space after the comma
    lex, spaces = cache.with_spaces(doc)
    assert [x.text for x in lex] == [t.text for t in doc]
    assert spaces == [bool(t.whitespace_) for t in doc] == [True, True, True, True, True, True, False]
    assert cache.with_spaces(nlp.make_doc("")) == ([], [])


def test_sentence_count_is_the_number_of_sentences(nlp):
    from narrative.pipeline.tokens import sentence_count

    for text in NARRATIVES + ["one sentence only", "CC: fall\\nHPI: found down. no LOC. A: GCS 15"]:
        doc = nlp(text)
        assert sentence_count(doc) == len(list(doc.sents))
    assert sentence_count(nlp.make_doc("no boundaries set here. none")) == 0
    assert sentence_count(nlp.make_doc("")) == 0 and sentence_count(nlp.make_doc("ok")) == 1
