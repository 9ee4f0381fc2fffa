import pytest
import spacy

from narrative.pipeline.lexicon import BUILTIN_LEXICONS
from narrative.pipeline.ner import SurfaceForm, forms_from_entries, lexicon_forms, pattern_text


@pytest.fixture(scope="module")
def categories():
    nlp = spacy.blank("en")
    component = nlp.add_pipe("narrative_ner_categories", config={"min_similarity": 0.35, "min_margin": 0.0})
    component.set_forms(lexicon_forms(BUILTIN_LEXICONS))
    return component


@pytest.mark.parametrize("label,text,category", [
    ("CONDITION", "shortnes of breth", "respiratory_distress"),
    ("CONDITION", "chest painn", "chest_pain_cardiac"),
    ("INTERVENTION", "12 leed ekg", "ecg_12_lead"),
    ("MEDICATION", "nitroglycerine spray", "nitroglycerin"),
])
def test_unseen_surface_form_gets_nearest_category(categories, label, text, category):
    (nearest,) = categories.categorize(label, [text])
    assert nearest.form.category == category and categories.accepts(nearest)


def test_dissimilar_text_is_dropped(categories):
    (nearest,) = categories.categorize("CONDITION", ["qqqq"])
    assert nearest.similarity < 0.35 and not categories.accepts(nearest)


def test_text_nearer_another_label_is_dropped(categories):
    (nearest,) = categories.categorize("MEDICATION", ["ambulated to cot"])  # a mobility phrase tagged as a drug
    assert nearest.margin < 0 and not categories.accepts(nearest)


def test_mobility_polarity_comes_from_the_nearest_entry():
    nlp = spacy.blank("en")
    component = nlp.add_pipe("narrative_ner_categories")
    component.set_forms([SurfaceForm("MOBILITY", "unable to ambulate", "ambulate", True),
                         SurfaceForm("MOBILITY", "ambulated to cot", "ambulate", False)])
    (nearest,) = component.categorize("MOBILITY", ["unable to ambulat"])
    assert (nearest.form.category, nearest.form.supports) == ("ambulate", True)


def test_pattern_text_of_token_patterns():
    assert pattern_text([{"LOWER": "king"}, {"LOWER": "airway"}]) == "king airway"
    assert pattern_text([{"LOWER": "king"}, {"LOWER": "airway", "OP": "?"}]) is None
    assert forms_from_entries([{"label": "CONDITION", "pattern": "syncopal episode"}])[0].category == "other"
