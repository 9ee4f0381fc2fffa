"""A record that breaks the pipeline, or kills its worker process, never stops the batch."""
from __future__ import annotations

import os

import pytest
from spacy.language import Language

import narrative
from narrative.batch import ScorerSpec, scored_pairs
from narrative.records import record_from_dict

from .builders import record

PARENT = os.getpid()


@Language.component("test_poison")
def poison(doc):
    """Raises on POISON; in a worker process, exits on KILLME (as a segfault or OOM kill would)."""
    if "KILLME" in doc.text and os.getpid() != PARENT:
        os._exit(3)
    if "POISON" in doc.text:
        raise RuntimeError("component failure")
    return doc


@pytest.fixture(scope="module")
def fragile_nlp():
    nlp = narrative.load()
    nlp.add_pipe("test_poison", first=True)
    return nlp


def records(marks: dict[int, str], n: int = 24):
    for i in range(n):
        row = record(i)
        if i in marks:
            row["narrative"] += " " + marks[i]
        yield record_from_dict(row, f"t:{i}")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_record_the_pipeline_fails_on_is_reported_and_the_batch_goes_on(fragile_nlp, workers):
    with scored_pairs(records({5: "POISON"}), fragile_nlp, ScorerSpec(), workers=workers, chunk_size=4) as pairs:
        results = [r for _, r in pairs]
    assert [r.id for r in results] == [f"PCR-{i:06d}" for i in range(24)]
    assert [i for i, r in enumerate(results) if r.errors] == [5]
    assert "RuntimeError" in results[5].errors[0]
    assert all(r.score is not None for i, r in enumerate(results) if i != 5)


@pytest.mark.slow
def test_a_record_that_kills_its_worker_is_retried_then_reported(fragile_nlp):
    spec = ScorerSpec()
    with scored_pairs(records({9: "KILLME"}, n=30), fragile_nlp, spec, workers=2, chunk_size=4) as pairs:
        results = [r for _, r in pairs]
    assert [r.id for r in results] == [f"PCR-{i:06d}" for i in range(30)]
    assert [i for i, r in enumerate(results) if r.errors] == [9]
    assert "worker process died" in results[9].errors[0]
    assert all(r.score is not None for i, r in enumerate(results) if i != 9)


@pytest.mark.slow
def test_jsonl_lines_from_the_pool_report_a_killed_record_in_place(fragile_nlp, tmp_path):
    import json

    from narrative.batch import run_score

    rows = [record(i) for i in range(14)]
    rows[6]["narrative"] += " KILLME"
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert run_score([src], fragile_nlp, output=out, quiet=True, workers=2, chunk_size=4, clones=None) == 1
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == [r["id"] for r in rows]
    assert [i for i, r in enumerate(lines) if r["errors"]] == [6]
    assert "worker process died" in lines[6]["errors"][0]
