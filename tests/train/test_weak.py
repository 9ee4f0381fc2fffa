from narrative.train.data import from_row, outcome_of
from narrative.train.weak import CharSpan, labelled, merge, split, to_doc

TEXT = "67 yo M c/o CP and SOB, pt feeling woozy, IV 18g L AC, ASA 324mg PO"


def test_gold_wins_where_it_overlaps_weak():
    weak = [CharSpan(12, 14, "CONDITION", "chest_pain_cardiac"), CharSpan(19, 22, "CONDITION", "respiratory_distress")]
    gold = [{"start": 12, "end": 14, "label": "CONDITION", "category": "chest_pain_cardiac"},
            {"start": 35, "end": 40, "label": "CONDITION", "category": "weakness_dizziness"}]
    merged = merge(weak, gold)
    assert [(s.start, s.end, s.source) for s in merged] == [(12, 14, "gold"), (19, 22, "weak"), (35, 40, "gold")]


def test_complete_gold_deletes_weak_spans():
    weak = [CharSpan(0, 5, "CONDITION"), CharSpan(19, 22, "CONDITION")]
    gold = [{"start": 19, "end": 22, "label": "INTERVENTION", "category": "oxygen"}]
    assert [(s.label, s.source) for s in merge(weak, gold, complete=True)] == [("INTERVENTION", "gold")]


def test_weak_labels_from_rules_merge_with_agency_gold(nlp):
    doc = from_row({"id": "a", "narrative": TEXT, "spans": [
        {"start": 35, "end": 40, "label": "CONDITION", "category": "weakness_dizziness", "assertion": "present"}]})
    (spans,) = labelled([doc], nlp)
    texts = {TEXT[s.start:s.end]: (s.label, s.source) for s in spans}
    assert texts["woozy"] == ("CONDITION", "gold")
    assert texts["CP"] == ("CONDITION", "weak")
    assert texts["SOB"] == ("CONDITION", "weak")
    assert any(label == "MEDICATION" for label, _ in texts.values())


def test_training_doc_snaps_spans_to_tokens(nlp):
    doc = to_doc(nlp, TEXT, [CharSpan(35, 39, "CONDITION"), CharSpan(12, 14, "CONDITION")])
    assert [(e.text, e.label_) for e in doc.ents] == [("CP", "CONDITION"), ("woozy", "CONDITION")]


def test_synthetic_gold_is_complete_and_outcomes_read():
    doc = from_row({"id": "s1", "narrative": "pt c/o CP", "outcome": "Denied",
                    "gold": {"spans": [{"start": 7, "end": 9, "label": "CONDITION", "category": "chest_pain_cardiac"}]}})
    assert doc.spans_complete and doc.denied is True
    assert outcome_of({"outcome": "paid"}) is False and outcome_of({}) is None
    assert from_row({"id": "x", "narrative": "   "}) is None


def test_split_is_seeded_and_disjoint():
    train, dev = split(50, 0.2, seed=3)
    assert split(50, 0.2, seed=3) == (train, dev)
    assert len(dev) == 10 and not set(train) & set(dev) and len(train) + len(dev) == 50
