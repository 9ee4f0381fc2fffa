"""CSV reader: JSON cells, dotted columns, per-row errors, huge and undecodable cells."""
import csv
import gzip

from narrative.records import Record, RecordError, read_csv, read_records


def test_sample_rows_json_cells_dotted_columns_and_lists(fixtures):
    one, two, three, four = read_csv(fixtures / "sample.csv")
    assert isinstance(one, Record) and one.source == "sample.csv:2"
    assert (one.transport.emergency, one.transport.origin, one.transport.loaded_miles) == (True, "S", 5.6)
    assert one.billing.level == "ALS1" and one.signatures.patient is True
    assert [p.name for p in one.procedures] == ["c-collar", "IV access"]
    assert [c.certification for c in one.crew] == ["Paramedic", "EMT"]
    assert one.vitals[0].sbp == 134.0 and one.unit == "Medic 3"
    assert isinstance(two, RecordError) and two.source == "sample.csv:3"
    assert "column 'transport': invalid JSON" in str(two) and str(two).startswith("CSV-2 (sample.csv:3)")
    # a quoted multi-line narrative: the row is reported at the line it starts on
    assert isinstance(three, RecordError) and three.source == "sample.csv:4"
    assert three.field == "signatures.patient" and "'maybe'" in three.message
    assert isinstance(four, Record) and four.source == "sample.csv:6"
    assert (four.billing.hcpcs, four.transport.origin, four.transport.destination) == ("A0428", "R", "N")
    assert four.signatures.patient is True and four.transport.emergency is False


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def test_indexed_dotted_columns_and_huge_cells(tmp_path):
    narrative = "CC: weakness. HPI: pt found on floor by family, unable to stand w/o 2 assist. " * 4000
    path = tmp_path / "big.csv.gz"
    with gzip.open(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "narrative", "vitals.0.sbp", "vitals.0.hr", "vitals.1.sbp", "transport.emergency"])
        writer.writerow(["BIG", narrative, "88", "120", "102", "Y"])
    (record,) = read_records(path)
    assert len(record.narrative) > 300_000
    assert [v.sbp for v in record.vitals] == [88.0, 102.0] and record.transport.emergency is True


def test_bad_rows_do_not_affect_neighbours(tmp_path):
    path = tmp_path / "rows.csv"
    _write(path, ["id", "narrative", "transport.loaded_miles"], [
        ["A", "pt c/o abd pain 8/10", "3.2"],
        ["B", "pt c/o cp", "three"],
        ["C", "", "1.0"],
        ["D", "pt fell", "2", "extra cell"],
        ["E", "pt with syncope", ""],
    ])
    items = list(read_csv(path))
    assert [type(i).__name__ for i in items] == ["Record", "RecordError", "RecordError", "RecordError", "Record"]
    assert items[1].field == "transport.loaded_miles" and items[2].field == "narrative"
    assert "4 cells but the header has 3" in items[3].message and items[4].transport.loaded_miles is None


def test_non_utf8_cell_rejects_only_its_row(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"id,narrative\nL1,pt c/o ch\xe9st pain\nL2,pt c/o sob\n")
    bad, good = read_csv(path)
    assert isinstance(bad, RecordError) and bad.source == "latin1.csv:2" and "not valid UTF-8" in bad.message
    assert good.id == "L2"


def test_header_without_required_columns(tmp_path):
    path = tmp_path / "nohdr.csv"
    _write(path, ["pcr", "text"], [["1", "pt c/o cp"]])
    (err,) = read_csv(path)
    assert isinstance(err, RecordError) and "'id' and 'narrative'" in err.message
