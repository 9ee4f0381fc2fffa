"""JSONL reader: every non-blank line becomes exactly one Record or RecordError, in order."""
import gzip
import json

from narrative.records import Record, RecordError, read_jsonl, read_records

EXPECTED = [  # (line number, id or None, kind, message fragment)
    (1, "OK-1", Record, None),
    (2, None, RecordError, "invalid JSON"),
    (3, "BAD-NARR-TYPE", RecordError, "narrative: expected text, got list"),
    (4, "BAD-VITALS", RecordError, "vitals: expected a list, got dict"),
    (5, "BAD-MILES", RecordError, "transport.loaded_miles: expected a number, got 'abc'"),
    (7, "BAD-EMPTY", RecordError, "narrative: is empty"),
    (8, None, RecordError, "id: missing required field"),
    (10, None, RecordError, "invalid JSON"),
    (11, None, RecordError, "not valid UTF-8 at byte 44"),
    (12, None, RecordError, "expected a JSON object, got int"),
    (13, "OK-2", Record, None),
]


def test_malformed_file_accounts_for_every_line_in_order(fixtures):
    path = fixtures / "malformed.jsonl"
    non_blank = [n for n, line in enumerate(path.read_bytes().split(b"\n"), 1) if line.strip()]
    items = list(read_jsonl(path))
    assert len(items) == len(non_blank) == len(EXPECTED)
    for item, (lineno, record_id, kind, fragment) in zip(items, EXPECTED):
        assert isinstance(item, kind)
        if kind is Record:
            assert item.id == record_id and item.source == f"malformed.jsonl:{lineno}"
        else:
            assert item.source == f"malformed.jsonl:{lineno}"
            assert item.record_id == record_id
            assert fragment in str(item)
            assert str(item).startswith(f"{record_id} (malformed.jsonl:{lineno})" if record_id
                                        else f"malformed.jsonl:{lineno}")


def test_valid_lines_of_the_malformed_file_are_normalised(fixtures):
    ok = [r for r in read_jsonl(fixtures / "malformed.jsonl") if isinstance(r, Record)]
    assert ok[0].billing.level == "ALS1" and ok[0].transport.emergency is True
    soap = ok[1]
    assert soap.transport.origin == "N" and soap.transport.loaded_miles == 7.3
    assert soap.transport.emergency is False and soap.transport.moved_to_ambulance == "stretcher"
    assert soap.signatures.representative is True and soap.signatures.pcs_date == "2024-09-01"


def test_one_megabyte_narrative_is_read_whole(tmp_path):
    narrative = ("pt bedbound, unable to ambulate or sit in w/c d/t contractures. " * 16500)[:1_048_576]
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "BIG-1", "narrative": narrative}) + "\n"
                    + json.dumps({"id": "AFTER", "narrative": "pt c/o cp"}) + "\n", encoding="utf-8")
    big, after = read_jsonl(path)
    assert len(big.narrative) == 1_048_576 and after.id == "AFTER"


def test_gzip_and_byte_order_mark(tmp_path):
    path = tmp_path / "batch.ndjson.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(b"\xef\xbb\xbf" + json.dumps({"id": "GZ-1", "narrative": "syncope at church"}).encode()
                     + b"\n\n" + b'{"id": "GZ-2", "narrative": "pt fell"')
    first, second = read_records(path)
    assert first.id == "GZ-1" and first.source == "batch.ndjson.gz:1"
    assert isinstance(second, RecordError) and second.source == "batch.ndjson.gz:3"


def test_corrupt_gzip_is_reported_not_raised(tmp_path):
    path = tmp_path / "broken.jsonl.gz"
    data = gzip.compress(b"".join(json.dumps({"id": f"R{i}", "narrative": "pt c/o sob " * 50}).encode()
                                  + b"\n" for i in range(200)))
    path.write_bytes(data[: len(data) // 2])
    items = list(read_records(path))
    assert isinstance(items[-1], RecordError) and "cannot read file" in items[-1].message
    assert all(isinstance(i, Record) for i in items[:-1])


def test_json_array_and_pretty_printed_object(tmp_path):
    array = tmp_path / "export.json"
    array.write_text(json.dumps([{"id": "J-1", "narrative": "pt c/o sob"}, {"id": "J-2", "narrative": ""}],
                                indent=2), encoding="utf-8")
    one, two = read_records(array)
    assert one.id == "J-1" and one.source == "export.json[0]"
    assert isinstance(two, RecordError) and str(two) == "J-2 (export.json[1]): narrative: is empty"
    pretty = tmp_path / "one.json"
    pretty.write_text(json.dumps({"id": "J-3", "narrative": "pt fell, hip pain"}, indent=2), encoding="utf-8")
    assert [r.id for r in read_records(pretty)] == ["J-3"]
    broken = tmp_path / "broken.json"
    broken.write_text('[\n {"id": "J-4", "narrative": "x"},\n', encoding="utf-8")
    (err,) = read_records(broken)
    assert isinstance(err, RecordError) and err.message.startswith("invalid JSON") and "line 3" in err.message


def test_deferred_lines_parse_to_the_same_items(fixtures):
    from narrative.records import RawLine, materialize

    path = fixtures / "malformed.jsonl"
    deferred = list(read_records(path, deferred=True))
    assert all(isinstance(item, RawLine) for item in deferred)
    parsed = [materialize(item) for item in deferred]
    plain = list(read_jsonl(path))
    assert [type(p) for p in parsed] == [type(p) for p in plain]
    assert [str(p) if isinstance(p, RecordError) else p for p in parsed] == [
        str(p) if isinstance(p, RecordError) else p for p in plain]
    assert [d.where for d in deferred] == [f"malformed.jsonl:{n}" for n, *_ in EXPECTED]
