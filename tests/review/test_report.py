"""Unit tests of the HTML review writer: self-contained, safe embedding, offsets, errors, streaming."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from narrative.records.model import Record
from narrative.result import Finding, Result
from narrative.review import ReviewStats, write_review
from narrative.review.compact import StringTable, Utf16Offsets, compact_row
from narrative.review.render import level_table

from .samples import build_rows, ent, ev

BLOB = re.compile(r'<script type="application/json" id="review-data">(.*?)</script>', re.S)


def blob(html: str) -> dict[str, Any]:
    match = BLOB.search(html)
    assert match, "data blob missing"
    return json.loads(match.group(1))


def write(tmp_path: Path, rows, **kw) -> tuple[str, Any]:
    out = tmp_path / "review.html"
    stats = write_review(rows, out, **kw)
    return out.read_text(encoding="utf-8"), stats


def utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def test_page_is_self_contained(tmp_path, rows):
    html, _ = write(tmp_path, rows)
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?(?:https?:)?//", html, re.I)
    assert "default-src 'none'" in html and "connect-src 'none'" in html
    assert "<style>" in html and "function openReport" in html  # CSS and JS inlined


def test_blob_escapes_script_close_and_round_trips(tmp_path):
    hostile = ('pt states "</script><script>alert(1)</script>" <!-- and A&Ox4 > baseline, '
               "c/o CP\u2028radiating")
    record = Record(id="PCR-</script>", narrative=hostile)
    result = Result(id=record.id, score=55, risk="medium").to_dict()
    html, _ = write(tmp_path, [(record, result)], title="Batch <b>March</b> & more")
    assert html.count("</script>") == 2  # only the data and code elements close
    assert "<!--" not in html
    assert "Batch &lt;b&gt;March&lt;/b&gt; &amp; more" in html
    data = blob(html)
    assert data["rows"][0]["n"] == hostile
    assert data["rows"][0]["i"] == "PCR-</script>"


def test_highlight_and_evidence_offsets_survive_unicode(tmp_path, rows):
    html, _ = write(tmp_path, rows)
    data = blob(html)
    strings = data["strings"]
    by_id = {r["i"]: r for r in data["rows"]}
    overdose = by_id["PCR-2024-000412"]
    source = {r[1]["id"]: r[1] for r in rows}["PCR-2024-000412"]
    assert "😟" in overdose["n"]
    # every entity still covers its own text once offsets are UTF-16 code units, as JS slices them
    expected = [(e["text"], e["label"]) for e in sorted(source["entities"], key=lambda e: e["start"])]
    got = [(utf16_slice(overdose["n"], e[0], e[1]), strings[e[2]]) for e in overdose["e"]]
    assert got == expected
    evidence = [utf16_slice(overdose["n"], s, e) for f in overdose["f"] for s, e in f.get("ev", [])]
    assert evidence == ["IO established", "Narcan 0.4mg IVP x2", "Zofran 4mg IVP"]


def test_utf16_offsets_count_astral_characters_before_the_offset():
    text = "a😟b😟c"
    u16 = Utf16Offsets(text)
    assert [u16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert Utf16Offsets("plain BMP text é “”")(7) == 7


def test_unparsed_rows_are_shown_with_their_errors(tmp_path, rows):
    html, stats = write(tmp_path, rows)
    row = {r["i"]: r for r in blob(html)["rows"]}["records.jsonl:7"]
    assert row["x"] == ["records.jsonl:7: invalid JSON (Expecting ',' delimiter)"]
    assert "n" not in row and row["s"] is None
    assert stats.with_errors == 1 and stats.by_risk["error"] == 1
    assert 'data-value="error"' in html and "could not be fully scored" in html


def test_streaming_generator_is_consumed_once(tmp_path):
    pulled: list[int] = []

    def generate(n: int) -> Iterator[tuple[Record, dict]]:
        for k in range(n):
            pulled.append(k)
            text = f"pt found supine, c/o sob x{k % 5 + 1} days. o2 via nc."
            record = Record(id=f"PCR-{k:05d}", narrative=text)
            entities = [ent(text, "sob", "CONDITION", "respiratory_distress"),
                        ent(text, "o2", "INTERVENTION", "oxygen", level="BLS")]
            yield record, Result(id=record.id, score=k % 101, risk="low", entities=entities).to_dict()

    html, stats = write(tmp_path, generate(1500))
    assert pulled == list(range(1500))
    rows = blob(html)["rows"]
    assert [r["i"] for r in rows] == [f"PCR-{k:05d}" for k in range(1500)]
    assert stats.reports == 1500 and sum(stats.histogram) == 1500
    assert stats.bytes == (tmp_path / "review.html").stat().st_size


def test_summary_header_counts(tmp_path, rows):
    html, stats = write(tmp_path, rows)
    assert stats.by_risk == {"high": 2, "medium": 1, "low": 1, "error": 1}
    assert stats.histogram[1] == 1 and stats.histogram[8] == 1 and sum(stats.histogram) == 4
    assert stats.levels[("BLS", "—")] == 1 and stats.levels[("ALS1", "ALS1")] == 2
    assert stats.units == {"Medic 12": 2, "BLS 4": 1, "Medic 7": 1}
    assert '<svg class="histogram"' in html
    assert 'data-filter="code" data-value="BED_CONFINEMENT_CONTRADICTED"' in html
    risk_block = re.search(r'<div class="risk-cards">.*?</div>', html, re.S).group(0)
    assert re.search(r'risk-high".*?<span class="risk-count">2<', risk_block, re.S)


def test_level_table_flags_upcoding_and_undercoding():
    stats = ReviewStats()
    stats.add(Result(id="PCR-1", score=30, risk="high", supported_level="ALS1", billed_level="ALS2").to_dict())
    stats.add(Result(id="PCR-2", score=90, risk="low", supported_level="ALS2", billed_level="ALS1").to_dict())
    table = level_table(stats)
    assert re.search(r'<th scope="row">ALS2</th><td class="over">1</td>', table)
    assert re.search(r'<th scope="row">ALS1</th><td class="match zero"></td><td class="under">1</td>', table)


def test_compact_row_drops_entity_text_and_interns_repeated_strings():
    table = StringTable()
    rows = build_rows()
    compacted = [compact_row(record, result, table) for record, result in rows]
    assert all(len(e) == 8 for r in compacted for e in r.get("e", []))
    assert table.strings.count("CONDITION") == 1
    chest = compacted[0]
    assert chest["d"]["billing"] == {"hcpcs": "A0427", "level": "ALS1"}
    assert "prior_to_arrival" not in chest["d"]["medications"][0]
    assert chest["u"] == "Medic 12"
    assert "sb" not in chest  # the breakdown repeats the findings' points
    assert [a[4:6] for a in compacted[2]["a"]] == [[2, 1], [1, 1]]  # Narcan x2 and Zofran count toward ALS2


def test_findings_with_same_text_share_one_string(tmp_path):
    text = "pt transported for convenience, no ride home. denies cp."
    rows = []
    for k in range(3):
        record = Record(id=f"PCR-{k}", narrative=text)
        finding = Finding("CONVENIENCE_TRANSPORT", "error", "Narrative states a non-medical reason.",
                          ev(text, "for convenience"), rule="Medicare Benefit Policy Manual ch. 10, 10.2.1",
                          fix="Document the medical reason for ambulance transport.", points=-30)
        rows.append((record, Result(id=record.id, score=20, risk="high", findings=[finding]).to_dict()))
    html, _ = write(tmp_path, iter(rows))
    data = blob(html)
    assert data["strings"].count("Narrative states a non-medical reason.") == 1
    assert html.count("Narrative states a non-medical reason.") == 1
    start = text.find("for convenience")
    assert [r["f"][0]["ev"] for r in data["rows"]] == [[[start, start + len("for convenience")]]] * 3
