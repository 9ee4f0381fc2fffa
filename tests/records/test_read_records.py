"""read_records: format by extension or by name, directories and globs, missing paths."""
import shutil

import pytest

from narrative.records import Record, RecordError, detect_format, read_records


@pytest.mark.parametrize("name,fmt", [
    ("a.jsonl", "jsonl"), ("a.JSON", "jsonl"), ("a.ndjson.gz", "jsonl"), ("a.csv", "csv"),
    ("a.csv.gz", "csv"), ("run.xml", "nemsis"), ("run.xml.gz", "nemsis"), ("a.txt", None),
])
def test_detect_format(name, fmt):
    assert detect_format(name) == fmt


def test_directory_reads_every_file_sorted_and_bad_files_do_not_stop_it(tmp_path, fixtures):
    for name in ("bomb.xml", "nemsis_als1_chest_pain.xml", "sample.csv", "malformed.jsonl"):
        shutil.copy(fixtures / name, tmp_path / name)
    items = list(read_records(tmp_path))
    sources = [i.source.split(":")[0].rsplit("/", 1)[-1] for i in items]
    assert sources == ["bomb.xml"] + ["malformed.jsonl"] * 11 + ["nemsis_als1_chest_pain.xml"] + ["sample.csv"] * 4
    assert isinstance(items[0], RecordError) and items[12].id == "NEM-ALS1-0001"


def test_glob_and_explicit_format(tmp_path, fixtures):
    shutil.copy(fixtures / "sample.csv", tmp_path / "export.txt")
    assert isinstance(next(read_records(tmp_path / "export.txt")), RecordError)
    assert [r.id for r in read_records(tmp_path / "*.txt", input_format="csv") if isinstance(r, Record)] \
        == ["CSV-1", "CSV-4"]


def test_missing_path_is_one_error(tmp_path):
    (err,) = read_records(tmp_path / "nope.jsonl")
    assert isinstance(err, RecordError) and "no such file" in err.message
