import pytest

from narrative.corpus import parse_markup
from narrative.pipeline.lexicon import BUILTIN_LEXICONS
from narrative.pipeline.ner import SurfaceForm, lexicon_forms
from narrative.train.filter import Replay, apply, replay, tune
from narrative.train.ner import build_rules

MARKED = [
    "pt c/o [CP](CONDITION/chest_pain_cardiac/present) radiating to jaw, states feeling "
    "[swimmy](CONDITION/weakness_dizziness/present) since lunch. kept pt warm en route",
    "FOUND PT ON FLOOR, PT STATES [SWIMMY](CONDITION/weakness_dizziness/present) WHEN STANDING. KEPT BLANKETS ON PT",
]


@pytest.fixture(scope="module")
def nlp():
    """The rule pipeline with a stand-in for a trained NER: right on the agency word, wrong on 'kept'."""
    nlp = build_rules()
    guesses = nlp.add_pipe("entity_ruler", name="guesses", before="narrative_lexicon")
    guesses.add_patterns([{"label": "CONDITION", "pattern": [{"LOWER": word}]} for word in ("swimmy", "kept")])
    categories = nlp.add_pipe("narrative_ner_categories", before="narrative_lexicon",
                              config={"min_similarity": 0.0, "min_margin": -1.0})
    categories.set_forms(lexicon_forms(BUILTIN_LEXICONS) + [SurfaceForm("CONDITION", "swimmy", "weakness_dizziness")])
    return nlp


@pytest.fixture(scope="module")
def docs():
    return [parse_markup(f"T{i}", m) for i, m in enumerate(MARKED)]


def test_replay_scores_each_ner_guess_by_its_nearest_form(nlp, docs):
    r = replay(nlp, docs)
    sims = {docs[c.doc].text[c.key[0]:c.key[1]].lower(): c.similarity for c in r.candidates}
    assert sims["swimmy"] > 0.99 > 0.5 > sims["kept"]
    assert r.f1(2.0, 2.0) < r.f1(0.0, -1.0) < r.f1(0.99, 0.0) == 1.0


def test_tune_keeps_the_agency_word_and_drops_the_guess(nlp, docs):
    result = tune({"gold": replay(nlp, docs)})
    best = result["best"]
    assert best["f1"]["gold"] == 1.0 > result["rules_only_f1"]["gold"]
    assert (best["min_similarity"], best["min_margin"]) == (0.35, -1.0)  # the loosest pair: "kept" is far from any condition


def test_tune_prefers_the_more_permissive_pair_on_ties():
    r = Replay(gold=[set()], rules=[set()], candidates=[])
    best = tune({"empty": r}, similarities=(0.5, 0.8), margins=(0.0, 0.1))["best"]
    assert (best["min_similarity"], best["min_margin"]) == (0.5, 0.0)


def test_apply_sets_the_filter_used_by_the_pipeline(nlp, docs, tmp_path):
    apply(nlp, 0.9, 0.0)
    try:
        found = [(e.text, e._.source, e._.category) for doc in nlp.pipe(d.text for d in docs) for e in doc.ents
                 if e._.source == "ner"]
        assert found == [("swimmy", "ner", "weakness_dizziness"), ("SWIMMY", "ner", "weakness_dizziness")]
        assert nlp.config["components"]["narrative_ner_categories"]["min_similarity"] == 0.9
    finally:
        apply(nlp, 0.0, -1.0)
