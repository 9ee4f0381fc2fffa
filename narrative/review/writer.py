"""Write the self-contained HTML review page for one scored batch.

Rows stream through once: each is compacted and spooled to a temporary file while
the header totals accumulate, then the page is assembled from the template, the
inline CSS/JS and the spooled JSON. Memory stays flat however large the batch.
Nothing in the page loads from the network, and narrative text is never logged.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import datetime, timezone
from html import escape
from importlib import resources
from pathlib import Path
from typing import IO, Any, Iterable

from ..records.model import Record
from .compact import StringTable, compact_row
from .render import histogram_svg, level_table, risk_cards, top_findings
from .summary import ReviewStats

log = logging.getLogger(__name__)

DATA_MARK = "{{DATA}}"
# JSON inside <script> must not contain "</script>", "<!--" or HTML-significant characters;
# escaped as JSON \u sequences they parse back to the same string.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(value: Any) -> str:
    """Compact JSON that is safe to embed verbatim in an HTML <script> element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _page_parts(title: str, stats: ReviewStats, generated: str) -> tuple[str, str]:
    """The template split around the data blob, with assets and the summary filled in."""
    script = _asset("review.js")
    if "</" in script:  # inlined in a <script>: must not close the element early
        raise ValueError("review.js must not contain '</'")
    fills = {
        "{{TITLE}}": escape(title),
        "{{CSS}}": _asset("review.css"),
        "{{JS}}": script,
        "{{GENERATED}}": escape(generated),
        "{{REPORTS}}": f"{stats.reports:,}",
        "{{RISK_CARDS}}": risk_cards(stats),
        "{{HISTOGRAM}}": histogram_svg(stats),
        "{{TOP_FINDINGS}}": top_findings(stats),
        "{{LEVEL_TABLE}}": level_table(stats),
    }
    page = _asset("template.html")
    for key, value in fills.items():
        page = page.replace(key, value)
    head, tail = page.split(DATA_MARK)
    return head, tail


def _spool_rows(rows: Iterable[tuple[Record | None, dict[str, Any]]], spool: IO[str],
                table: StringTable, stats: ReviewStats) -> None:
    for n, (record, result) in enumerate(rows):
        row = compact_row(record, result, table)
        stats.add(result, unit=row.get("u"))
        if n:
            spool.write(",")
        spool.write(script_json(row))


def write_review(rows: Iterable[tuple[Record | None, dict[str, Any]]], path: str | os.PathLike[str],
                 title: str = "Narrative review") -> ReviewStats:
    """Write the review page for ``rows`` of (Record or None, ``Result.to_dict()``) to ``path``.

    ``rows`` may be any iterable (a generator is consumed once); a None record marks
    an input that failed to parse, shown with its errors.
    """
    out = Path(path)
    stats = ReviewStats(path=out)
    table = StringTable()
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        _spool_rows(rows, spool, table, stats)
        head, tail = _page_parts(title, stats, generated)
        spool.seek(0)
        tmp = out.with_name(out.name + ".part")
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(head)
            fh.write('{"v":1,"title":' + script_json(title) + ',"strings":' + script_json(table.strings))
            fh.write(',"rows":[')
            while chunk := spool.read(1 << 20):
                fh.write(chunk)
            fh.write("]}")
            fh.write(tail)
        os.replace(tmp, out)
    stats.bytes = out.stat().st_size
    log.info("wrote review page: %d reports, %d bytes", stats.reports, stats.bytes)
    return stats
