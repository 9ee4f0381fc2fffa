"""The streaming runner: order, parallel workers, bounded read-ahead, gzip, globs, resume."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from narrative.batch import ScorerSpec, run_score, scored_pairs
from narrative.records import read_records

from .builders import record, write_jsonl


def lines(path: Path) -> list[dict]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_two_workers_keep_input_order_and_match_in_process(tmp_path, nlp, many_rows):
    src = write_jsonl(tmp_path / "in.jsonl", many_rows)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run_score([src], nlp, output=one, quiet=True, workers=1, clones=None) == 0
    assert run_score([src], nlp, output=two, quiet=True, workers=2, chunk_size=7, clones=None) == 0
    assert [r["id"] for r in lines(two)] == [r["id"] for r in many_rows]
    assert lines(one) == lines(two)


def test_pool_reads_ahead_only_a_bounded_number_of_records(nlp):
    """The input is a generator that fails if pulled more than a few chunks ahead of the output."""
    from narrative.records import record_from_dict

    consumed = {"out": 0, "read": 0}
    limit = 5 * 4 + 5  # chunk size x chunks in flight, plus the chunk being cut

    def source():
        for i in range(200):
            if consumed["read"] - consumed["out"] > limit:
                raise AssertionError(f"read {consumed['read']} records with only {consumed['out']} written")
            consumed["read"] += 1
            yield record_from_dict(record(i), f"gen:{i}")

    with scored_pairs(source(), nlp, ScorerSpec(), workers=2, chunk_size=5) as pairs:
        for _record, result in pairs:
            consumed["out"] += 1
            assert result.score is not None
    assert consumed["out"] == 200


def test_gzip_in_and_out(tmp_path, nlp, distinct_rows):
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in distinct_rows)
    out = tmp_path / "out.jsonl.gz"
    run_score([src], nlp, output=out, quiet=True, workers=2, chunk_size=3)
    rows = lines(out)
    assert [r["id"] for r in rows] == [r["id"] for r in distinct_rows]
    assert all(isinstance(r["score"], int) for r in rows)


def test_directories_and_globs_are_read_in_sorted_order(tmp_path, nlp, many_rows):
    folder = tmp_path / "runs"
    folder.mkdir()
    write_jsonl(folder / "b.jsonl", many_rows[5:9])
    write_jsonl(folder / "a.jsonl", many_rows[:5])
    by_dir, by_glob = tmp_path / "dir.jsonl", tmp_path / "glob.jsonl"
    run_score([folder], nlp, output=by_dir, quiet=True, workers=1, clones=None)
    run_score([str(folder / "*.jsonl")], nlp, output=by_glob, quiet=True, workers=2, chunk_size=2, clones=None)
    assert [r["id"] for r in lines(by_dir)] == [r["id"] for r in many_rows[:9]]
    assert lines(by_dir) == lines(by_glob)


def test_unreadable_lines_are_reported_in_place(tmp_path, nlp, distinct_rows):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(distinct_rows[0]) + "\n{not json\n" + json.dumps(distinct_rows[1]) + "\n")
    out = tmp_path / "out.jsonl"
    assert run_score([src], nlp, output=out, quiet=True, workers=2, chunk_size=1) == 1
    rows = lines(out)
    assert [bool(r["errors"]) for r in rows] == [False, True, False]
    assert "invalid JSON" in rows[1]["errors"][0]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_resume_continues_a_torn_output(tmp_path, nlp, many_rows, suffix):
    src = write_jsonl(tmp_path / "in.jsonl", many_rows[:20])
    full = tmp_path / ("full" + suffix)
    run_score([src], nlp, output=full, quiet=True, workers=1)
    expected = lines(full)
    torn = tmp_path / ("torn" + suffix)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected[:7]) + '{"id": "PCR-0000'
    if suffix.endswith(".gz"):
        torn.write_bytes(gzip.compress(text.encode())[:-6])  # a gzip stream cut mid-write
    else:
        torn.write_text(text, encoding="utf-8")
    run_score([src], nlp, output=torn, quiet=True, workers=2, chunk_size=3, resume=True)
    got = lines(torn)
    assert len(got) == 20
    assert got == expected


def test_resume_without_an_output_file_is_refused(tmp_path, nlp, distinct_rows):
    src = write_jsonl(tmp_path / "in.jsonl", distinct_rows)
    with pytest.raises(ValueError, match="--resume"):
        run_score([src], nlp, output=None, quiet=True, resume=True)


def test_read_records_round_trip_of_the_fixture(tmp_path, distinct_rows):
    src = write_jsonl(tmp_path / "in.jsonl", distinct_rows)
    assert [r.id for r in read_records(src)] == [r["id"] for r in distinct_rows]
