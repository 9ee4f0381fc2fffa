import json
import random

import pytest
from typer.testing import CliRunner

import narrative
from narrative.batch import CloneHit, run_score, score_partition
from narrative.cli import app
from narrative.pipeline.lexicon import read_patterns
from narrative.records import record_from_dict

from .agency import narrative as agency_narrative


@pytest.fixture(scope="module")
def model(trained):
    return narrative.load(trained["model"])


def test_saved_pipeline_runs_ner_before_the_lexicon(model):
    names = model.pipe_names
    assert names.index("ner") < names.index("narrative_ner_categories") < names.index("narrative_lexicon")
    assert names[-1] == "narrative_medications"


def test_ner_adds_the_agency_term_the_lexicon_lacks(model, nlp):
    rng = random.Random(1234)  # narratives the model has not seen
    texts = [agency_narrative(rng, emergency=True, swimmy=True)[0] for _ in range(5)]
    assert not any(e.text == "swimmy" for t in texts for e in nlp(t).ents)  # the rules alone miss it
    found = [e for t in texts for e in narrative.analyze(t, model).entities if e.text == "swimmy"]
    assert len(found) >= 4
    assert {(e.label, e.category, e.source, e.assertion) for e in found} == {
        ("CONDITION", "weakness_dizziness", "ner", "present")}


def test_lexicon_entities_keep_their_source_and_level(model):
    ents = narrative.analyze("pt c/o CP, IV established 18g L AC, ASA 324 mg PO given", model).entities
    by_text = {e.text: e for e in ents}
    assert by_text["CP"].source == "lexicon" and by_text["CP"].category == "chest_pain_cardiac"
    assert by_text["ASA"].category == "aspirin"
    assert any(e.label == "INTERVENTION" and e.category == "iv_access" and e.level == "ALS1" for e in ents)


def test_model_card_has_data_and_metrics(trained):
    card = trained["card"]
    assert card["data"]["narratives"] == 60 and card["data"]["with_outcome"] == 60
    assert 0 < card["ner"]["f1"] <= 1
    assert 0.5 < card["risk"]["model_roc_auc"] <= 1 and 0 <= card["risk"]["model_brier"] < 0.25
    assert (trained["model"] / "MODEL_CARD.md").read_text().startswith("# Model card")


def _row(emergency: bool, text: str) -> dict:
    return {"id": "R1" if emergency else "R2", "narrative": text, "transport": {"emergency": emergency, "loaded_miles": 6.0},
            "billing": {"level": "ALS1" if emergency else "BLS"}, "signatures": {"patient": True},
            "crew": [{"certification": "Paramedic"}]}


def test_risk_model_blends_into_score_breakdown(model):
    emergent = _row(True, "resp emergent for 70 y/o M c/o CP x 2 hrs, diaphoretic. IV 18g, ASA 324mg PO, "
                          "12 lead showed ST elevation. transported emergent")
    walked = _row(False, "routine transport home, pt walked to cot and sat in wheelchair in lobby, no complaints")
    results = list(narrative.score_records([record_from_dict(r, "t") for r in (emergent, walked)], model))
    for r in results:
        entry = [b for b in r.score_breakdown if b["code"] == "DENIAL_RISK_MODEL"]
        assert len(entry) == 1 and r.denial_probability is not None
        assert r.score == 100 + sum(b["points"] for b in r.score_breakdown)
        assert r.to_dict()["denial_probability"] == r.denial_probability
    assert results[1].denial_probability > results[0].denial_probability


def test_rule_pipeline_scores_without_risk_model(nlp):
    (r,) = narrative.score_records([record_from_dict(_row(True, "pt c/o CP"), "t")], nlp)
    assert r.denial_probability is None and "denial_probability" not in r.to_dict()
    assert all(b["code"] != "DENIAL_RISK_MODEL" for b in r.score_breakdown)


def test_score_cli_with_model(trained, tmp_path):
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps(_row(False, "pt ambulated to stretcher, states feeling swimmy")) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["score", str(records), "--model", str(trained["model"]), "-o", str(out), "--quiet"])
    assert result.exit_code in (0, 1), result.output
    row = json.loads(out.read_text())
    assert "denial_probability" in row
    assert any(e["text"] == "swimmy" for e in row["entities"])


def _clone_batch() -> list[dict]:
    """Two runs documented by copy-paste (only the vitals differ) and one written for its own patient."""
    copied = ("routine transport from Oak Hill SNF to dialysis, pt bed confined, unable to ambulate or sit in "
              "wheelchair d/t contractures, moved by draw sheet with 2 person assist. BP {bp} HR {hr}. no changes en route")
    first, second = _row(False, copied.format(bp="132/84", hr=78)), _row(False, copied.format(bp="128/80", hr=91))
    own = _row(True, "resp emergent for 70 y/o M c/o CP x 2 hrs, diaphoretic. IV 18g, ASA 324mg PO, "
                     "12 lead showed ST elevation. transported emergent")
    first["id"], second["id"], own["id"] = "CLONE-A", "CLONE-B", "OWN"
    return [first, second, own]


def _check_clone_rows(rows: list[dict]) -> None:
    for row in rows:
        codes = [b["code"] for b in row["score_breakdown"]]
        assert codes.count("DENIAL_RISK_MODEL") == 1 and row["denial_probability"] is not None
        assert row["score"] == 100 + sum(b["points"] for b in row["score_breakdown"])
        assert ("CLONED_NARRATIVE" in codes) == row["id"].startswith("CLONE-")
        assert codes.index("DENIAL_RISK_MODEL") == len(codes) - 1  # the model scored the clone finding too


@pytest.mark.parametrize("workers", [1, 2])
def test_cloned_records_keep_the_risk_model_entry(trained, model, tmp_path, workers):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in _clone_batch()))
    run_score([src], model, output=out, quiet=True, workers=workers, chunk_size=1, model=trained["model"])
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["CLONE-A", "CLONE-B", "OWN"]
    _check_clone_rows(rows)


def test_partition_scores_clone_hits_with_the_risk_model(trained):
    batch = _clone_batch()
    hits = {i: CloneHit([batch[1 - i]["id"]], 1, 0.9, len(batch[i]["narrative"])) for i in (0, 1)}
    _check_clone_rows(list(score_partition(batch, model=trained["model"], clones=hits)))


def test_proposed_patterns_are_valid_agency_patterns(trained):
    entries = read_patterns(trained["proposed"])
    swimmy = [e for e in entries if e["pattern"] == "swimmy"]
    assert swimmy and swimmy[0]["label"] == "CONDITION" and swimmy[0]["category"] == "weakness_dizziness"
    assert all("seen" in e["comment"] for e in entries)
    nlp = narrative.load(patterns=trained["proposed"])  # the lexicon accepts them as they are
    ents = narrative.analyze("pt c/o feeling swimmy", nlp).entities
    assert [(e.text, e.source) for e in ents] == [("swimmy", "agency")]
