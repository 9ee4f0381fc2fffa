"""score_partition: the function Spark's mapPartitions (and the Dask engine) calls."""
from __future__ import annotations

from narrative.batch import CloneHit, get_scorer, score_partition
from narrative.batch.partition import ScorerSpec
from narrative.core import Scorer
from narrative.records import record_from_dict

from .builders import record


def test_partition_of_dicts_scores_like_the_core_and_loads_the_pipeline_once(nlp):
    rows = [record(i) for i in range(6)] + [{"narrative": "id missing"}]
    out = list(score_partition(iter(rows)))
    expected = [r.to_dict() for r in Scorer(nlp).score_records(record_from_dict(r, "x") for r in rows[:6])]
    assert out[:6] == expected
    assert out[6]["errors"] and out[6]["score"] is None
    assert get_scorer(ScorerSpec()) is get_scorer(ScorerSpec.of(None, None, None))
    list(score_partition(iter(rows[:1])))
    assert get_scorer(ScorerSpec()) is get_scorer(ScorerSpec())


def test_clone_hits_are_applied_by_position_in_the_partition():
    rows = [record(i) for i in range(3)]
    hit = CloneHit(related=["PCR-999999"], count=1, similarity=1.0, length=len(rows[1]["narrative"]))
    out = list(score_partition(rows, clones={1: hit}))
    codes = [[f["code"] for f in r["findings"]] for r in out]
    assert "CLONED_NARRATIVE" in codes[1] and "CLONED_NARRATIVE" not in codes[0] + codes[2]
    finding = next(f for f in out[1]["findings"] if f["code"] == "CLONED_NARRATIVE")
    assert finding["related"] == ["PCR-999999"] and "100%" in finding["message"]
