"""CLONED_NARRATIVE: copy-paste narratives across patients, found by MinHash/LSH."""
from __future__ import annotations

import json

from narrative.batch import CloneConfig, find_clones, run_score
from narrative.batch.clones import BandIndex, Signer, normalise
from narrative.records import read_records

from .builders import NARRATIVES, record, write_jsonl


def test_normalise_masks_numbers_times_and_vitals():
    assert normalise("BP 120/80 at 1432, SpO2 94%") == normalise("bp 130/85 at 0915, spo2 99%")


def test_clones_found_with_different_vitals_and_not_for_different_narratives(tmp_path, nlp, distinct_rows):
    cloned = [record(100 + k, template=1) for k in range(3)]  # same text, other vitals and ids
    edited = dict(record(200, template=1))
    edited["narrative"] = edited["narrative"].replace("since last night", "since yesterday")
    rows = distinct_rows + cloned + [edited]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    hits = find_clones(lambda: read_records(src))
    clone_ids = {rows[p]["id"] for p in hits}
    assert clone_ids == {distinct_rows[1]["id"], edited["id"]} | {r["id"] for r in cloned}
    hit = hits[len(distinct_rows)]
    assert hit.count == 4 and distinct_rows[1]["id"] in hit.related and cloned[0]["id"] not in hit.related

    out, plain = tmp_path / "out.jsonl", tmp_path / "plain.jsonl"
    run_score([src], nlp, output=out, quiet=True, workers=1)
    run_score([src], nlp, output=plain, quiet=True, workers=1, clones=None)
    for row, base in zip(map(json.loads, out.read_text().splitlines()), map(json.loads, plain.read_text().splitlines())):
        codes = [f["code"] for f in row["findings"]]
        if row["id"] in clone_ids:
            finding = row["findings"][codes.index("CLONED_NARRATIVE")]
            assert finding["evidence"] == [{"start": 0, "end": len(next(r for r in rows if r["id"] == row["id"])["narrative"])}]
            assert row["id"] not in finding["related"]
            assert row["score"] == max(base["score"] + finding["points"], 0)
            assert sum(b["points"] for b in row["score_breakdown"]) == row["score"] - 100
        else:
            assert "CLONED_NARRATIVE" not in codes
            assert row == base


def test_threshold_is_configurable(tmp_path):
    base = NARRATIVES[7].format(sbp=120, dbp=80, hr=88)
    half = base.split(". ")
    variant = ". ".join(half[:3] + ["pt states he felt dizzy and nauseous all morning before going to the service"])
    rows = [{"id": "a", "narrative": base}, {"id": "b", "narrative": variant}]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    assert find_clones(lambda: read_records(src), CloneConfig(threshold=0.95)) == {}
    assert set(find_clones(lambda: read_records(src), CloneConfig(threshold=0.3))) == {0, 1}


def test_normalise_splits_numbers_glued_to_words():
    assert normalise("Pt c/o CP x2d, 12-lead 14:32 BP 90/60mmHg SpO2 88%") == [
        "pt", "c", "o", "cp", "x", "0", "d", "0", "lead", "0", "bp", "0", "mmhg", "spo", "0", "0"]


def test_signature_equals_datasketch_minhash():
    import numpy as np
    from datasketch import MinHash

    signer = Signer()
    template = MinHash(num_perm=signer.config.num_perm, seed=signer.config.seed, hashfunc=int)
    rng = np.random.default_rng(3)
    for size in (1, 2, 57, 400):
        values = np.unique(rng.integers(0, 2**32, size=size, dtype=np.uint64)).astype(np.uint32)
        expected = template.copy()
        expected.update_batch(values.tolist())
        got = signer.minhash(values)
        assert got.dtype == expected.hashvalues.dtype and got.tolist() == expected.hashvalues.tolist()


def test_short_narratives_are_not_compared():
    signer = Signer()
    assert signer.signature("pt refused transport, signed AMA") is None


def test_band_index_keeps_only_compact_hashes():
    signer = Signer()
    index = BandIndex(signer)
    for i in range(50):
        index.add(i, NARRATIVES[i % len(NARRATIVES)].format(sbp=i, dbp=i, hr=i, spo2=i, bgl=i))
    positions, hashes = index.arrays()
    assert hashes.dtype.itemsize == 4 and hashes.shape == (50, signer.bands)
    groups = index.candidates()
    assert sorted(len(g) for g in groups) == [6] * 6 + [7] * 2


def test_clone_pass_on_the_pool_matches_the_in_process_one(tmp_path, nlp, many_rows):
    src = write_jsonl(tmp_path / "in.jsonl", many_rows[:30])  # templates repeat: every record is a clone
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_score([src], nlp, output=one, quiet=True, workers=1)
    run_score([src], nlp, output=two, quiet=True, workers=2, chunk_size=4)
    rows = [json.loads(line) for line in one.read_text().splitlines()]
    assert all(any(f["code"] == "CLONED_NARRATIVE" for f in r["findings"]) for r in rows)
    assert one.read_text() == two.read_text()


def test_unparsed_lines_give_the_same_clones(tmp_path, distinct_rows):
    rows = distinct_rows + [record(300 + k, template=2) for k in range(3)]
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    with open(src, "a", encoding="utf-8") as handle:  # an unreadable line is skipped either way
        handle.write('{"id": "BROKEN", "narrative": \n')
    plain = find_clones(lambda: read_records(src))
    assert plain and find_clones(lambda: read_records(src, deferred=True)) == plain


def test_a_clone_whose_record_is_invalid_is_not_listed(tmp_path, nlp, distinct_rows):
    rows = distinct_rows + [record(300 + k, template=2) for k in range(2)]
    bad = dict(record(302, template=2), transport={"loaded_miles": "twelve"})  # same narrative, bad field
    good = find_clones(lambda: read_records(write_jsonl(tmp_path / "good.jsonl", rows)))
    src = write_jsonl(tmp_path / "in.jsonl", rows + [bad])
    assert rows[-1]["id"] in good[len(rows) - 2].related
    for deferred in (False, True):  # the clone pass reads only the narrative of an unparsed line
        assert find_clones(lambda: read_records(src, deferred=deferred)) == good
    out = tmp_path / "out.jsonl"
    run_score([src], nlp, output=out, quiet=True, workers=1)
    last = json.loads(out.read_text().splitlines()[-1])
    assert last["id"] == bad["id"] and "loaded_miles" in last["errors"][0]
