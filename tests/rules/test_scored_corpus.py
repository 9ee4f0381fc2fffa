"""Shape and coverage of corpora/records/scored.jsonl (the expected outcomes are written by hand)."""
import json
from collections import Counter
from pathlib import Path

import pytest

from narrative.rules import LADDER, specs

PATH = Path(__file__).resolve().parents[2] / "corpora" / "records" / "scored.jsonl"
ROWS = [json.loads(line) for line in PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_size_and_unique_ids():
    assert len(ROWS) >= 64
    assert len({r["id"] for r in ROWS}) == len(ROWS)


def test_every_finding_code_covered_twice():
    counts = Counter(code for r in ROWS for code in r["expected"]["findings"])
    assert set(counts) == set(specs())
    assert min(counts.values()) >= 2


def test_every_level_and_both_transport_kinds():
    assert {r["expected"]["supported_level"] for r in ROWS} == set(LADDER)
    assert {r["transport"]["emergency"] for r in ROWS} == {True, False}
    assert {r["expected"]["bed_confined"] for r in ROWS} == {True, False, None}


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_row_is_a_contract_record(row):
    assert row["narrative"].strip()
    assert row["billing"].get("hcpcs") or row["billing"].get("level")
    thin = "NARRATIVE_TOO_THIN" in row["expected"]["findings"]
    assert thin or 60 <= len(row["narrative"].split()) <= 200
    assert row["expected"]["findings"] == sorted(set(row["expected"]["findings"]))
