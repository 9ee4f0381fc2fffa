"""Writers: JSONL and flat CSV of output rows, gzip, and the error row of a bad record."""
import csv
import gzip
import io
import json

import pytest

from narrative.evidence import Entity
from narrative.records import CsvWriter, JsonlWriter, RecordError, error_result, open_writer
from narrative.result import Finding, Result


def result() -> Result:
    return Result(
        id="PCR-7", score=64, risk="medium", supported_level="BLS", billed_level="ALS1", emergency=True,
        entities=[Entity("CONDITION", "chest pain", 10, 20, "chest_pain_cardiac"),
                  Entity("INTERVENTION", "12 lead", 30, 37, "ecg_12_lead", level="ALS1")],
        findings=[Finding("LEVEL_NOT_SUPPORTED", "error", "ALS1 billed, BLS supported"),
                  Finding("MISSING_SIGNATURE", "error", "no patient signature")],
    )


def test_jsonl_writer_gzip_round_trip(tmp_path):
    path = tmp_path / "out.jsonl.gz"
    with open_writer(path) as writer:
        assert isinstance(writer, JsonlWriter)
        writer.write(result().to_dict())
        writer.write(error_result(RecordError("in.jsonl:4", "invalid JSON: Expecting value at column 1")).to_dict())
    rows = [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]
    assert rows[0] == result().to_dict()
    assert rows[1]["id"] == "in.jsonl:4" and rows[1]["errors"] == ["in.jsonl:4: invalid JSON: Expecting value at column 1"]


def test_csv_writer_flattens_rows(tmp_path):
    path = tmp_path / "out.csv"
    with open_writer(path) as writer:
        assert isinstance(writer, CsvWriter)
        writer.write(result().to_dict())
        writer.write(error_result(RecordError("b.csv:9", "is empty", record_id="PCR-8", field="narrative")).to_dict())
        assert writer.count == 2
    first, second = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    assert first["finding_codes"] == "LEVEL_NOT_SUPPORTED;MISSING_SIGNATURE"
    assert (first["score"], first["emergency"], first["bed_confined"], first["n_entities"]) == ("64", "true", "", "2")
    assert json.loads(first["entities"])[1]["level"] == "ALS1"
    assert json.loads(first["findings"])[0]["severity"] == "error"
    assert second["id"] == "PCR-8" and second["errors"] == "PCR-8 (b.csv:9): narrative: is empty"
    assert second["score"] == "" and second["finding_codes"] == ""


def test_rows_are_flushed_as_written(tmp_path):
    path = tmp_path / "live.jsonl"
    writer = open_writer(path)
    writer.write(result().to_dict())
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == "PCR-7"
    writer.close()


def test_unknown_output_format():
    with pytest.raises(ValueError, match="unknown output format"):
        open_writer("out.parquet", "parquet")
