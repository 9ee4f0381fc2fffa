from narrative.corpus import GoldDoc, GoldSpan
from narrative.pipeline.spelling import one_edit
from narrative.resources import read_jsonl
from narrative.train.heldout import added, held_out_recall, hold_out, predicted, recovered, span_scores, targets
from narrative.train.ner import build_rules


def _entries(paths):
    return [e for path in paths for e in read_jsonl(path)]


def test_hold_out_is_seeded_and_removes_only_hidden_forms(tmp_path):
    held = hold_out(tmp_path / "a", 0.3, seed=5)
    again = hold_out(tmp_path / "b", 0.3, seed=5)
    assert held.forms == again.forms and _entries(held.lexicons) == _entries(again.lexicons)
    assert held.forms != hold_out(tmp_path / "c", 0.3, seed=6).forms
    assert set(held.forms) == {"CONDITION", "INTERVENTION", "MEDICATION", "MOBILITY"}
    kept = _entries(held.lexicons)
    assert not any(isinstance(e["pattern"], str) and held.hides(e["label"], e["pattern"]) for e in kept)
    assert any(not isinstance(e["pattern"], str) for e in kept)  # token patterns stay
    literal = sum(e["label"] == "MOBILITY" and isinstance(e["pattern"], str) for e in kept)
    assert 0.25 < len(held.forms["MOBILITY"]) / (len(held.forms["MOBILITY"]) + literal) < 0.35


def test_reduced_rules_forget_a_hidden_form(tmp_path):
    held = hold_out(tmp_path, 0.3, seed=5)
    kept = {e["pattern"].lower() for e in _entries(held.lexicons) if isinstance(e["pattern"], str)}
    # a hidden misspelling one slip from a kept word ("abuterol") is still read by the speller
    form = sorted(f for f in held.forms["MEDICATION"] if f.isalpha() and len(f) > 6
                  and not any(one_edit(f, k) for k in kept))[0]
    text = f"pt given {form} en route, tolerated well"
    start = text.index(form)
    doc = GoldDoc("m1", text, [GoldSpan(start, start + len(form), "MEDICATION", "other", "present")])
    (target,) = targets([doc], held)
    assert target == {(start, start + len(form), "MEDICATION")}
    (full,) = predicted(build_rules(), [doc])
    (reduced,) = predicted(build_rules(held.lexicons), [doc])
    assert target <= full and not target & reduced


def test_span_scores_exact_and_overlap():
    gold = [{(0, 10, "CONDITION"), (20, 25, "MEDICATION")}, {(5, 9, "MOBILITY")}]
    pred = [{(0, 10, "CONDITION"), (20, 23, "MEDICATION"), (30, 33, "CONDITION")}, set()]
    scores = span_scores(gold, pred)
    assert scores["all"]["exact"] == {"p": 0.3333, "r": 0.3333, "f1": 0.3333}
    assert scores["all"]["overlap"] == {"p": 0.6667, "r": 0.6667}
    assert scores["MEDICATION"]["exact"]["r"] == 0.0 and scores["MEDICATION"]["overlap"]["r"] == 1.0
    assert scores["MOBILITY"]["support"] == 1 and scores["MOBILITY"]["exact"]["p"] == 1.0


def test_recall_and_recovery_on_hidden_mentions():
    target = [{(0, 5, "CONDITION"), (10, 14, "INTERVENTION")}, {(3, 8, "MOBILITY")}]
    rules = [{(0, 5, "CONDITION")}, set()]
    model = [{(0, 5, "CONDITION"), (10, 12, "INTERVENTION")}, {(3, 8, "MOBILITY")}]
    assert held_out_recall(target, rules) == {"exact": 0.3333, "overlap": 0.3333}
    assert held_out_recall(target, model) == {"exact": 0.6667, "overlap": 1.0}
    assert recovered(target, rules, model) == {"missed_by_rules": 2, "exact": 0.5, "overlap": 1.0}


def test_added_scores_only_the_spans_the_model_adds():
    gold = [{(0, 5, "CONDITION"), (10, 14, "INTERVENTION")}]
    rules = [{(0, 5, "CONDITION"), (30, 33, "MEDICATION")}]  # the rules' own false hit is not counted
    model = [{(0, 5, "CONDITION"), (30, 33, "MEDICATION"), (10, 12, "INTERVENTION"), (40, 44, "CONDITION")}]
    assert added(gold, rules, model) == {"spans": 2, "exact_p": 0.0, "overlap_p": 0.5}
    assert added(gold, rules, rules)["spans"] == 0
