"""Server-side HTML for the batch summary header (risk counts, top findings, histogram, levels).

Rendered once in Python so the header shows before the script has parsed the rows;
every value is escaped here, the page never builds HTML from data strings.
"""
from __future__ import annotations

from html import escape

from .summary import EXTRA_RISKS, HISTOGRAM_BINS, RISKS, ReviewStats

RISK_NAMES = {"error": "errors"}
LEVEL_ORDER = ("BLS", "ALS1", "ALS2", "SCT", "PI", "FW", "RW", "—")
RANKED = {"BLS": 0, "ALS1": 1, "ALS2": 2, "SCT": 3}  # comparable ground levels (DOMAIN.md)
# bar colours from low (weak documentation) to high scores; all reach 3:1 against white
BIN_COLOURS = ("#b42318", "#b42318", "#c4320a", "#c4320a", "#b54708",
               "#b54708", "#8a6d00", "#3b7a1a", "#2b7a3d", "#1d6b38")


def _level_sort(level: str) -> tuple[int, str]:
    return (LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER), level)


def risk_cards(stats: ReviewStats) -> str:
    cells = []
    for risk in (*RISKS, *EXTRA_RISKS):
        count = stats.by_risk.get(risk, 0)
        if risk in EXTRA_RISKS and not count:
            continue
        cells.append(
            f'<button type="button" class="risk-card risk-{escape(risk)}" data-filter="risk" '
            f'data-value="{escape(risk)}" aria-label="Show {count} {escape(risk)} risk reports">'
            f'<span class="risk-count">{count:,}</span><span class="risk-name">{escape(RISK_NAMES.get(risk, risk))}'
            "</span></button>"
        )
    errors = ""
    if stats.with_errors:
        errors = (f'<p class="muted small">{stats.with_errors:,} report(s) could not be fully scored '
                  f"and are listed first.</p>")
    return f'<div class="risk-cards">{"".join(cells)}</div>{errors}'


def histogram_svg(stats: ReviewStats, width: int = 320, height: int = 132) -> str:
    """Score histogram as inline SVG: one bar per ten points."""
    peak = max(stats.histogram) or 1
    left, bottom, top = 4, 20, 16
    bar_w = (width - left * 2) / HISTOGRAM_BINS
    plot_h = height - bottom - top
    parts = []
    for i, count in enumerate(stats.histogram):
        h = round(plot_h * count / peak, 1)
        x = round(left + i * bar_w + 2, 1)
        y = round(top + plot_h - h, 1)
        label = f"{i * 10}–{i * 10 + 9 if i < HISTOGRAM_BINS - 1 else 100}"
        parts.append(
            f'<g><title>score {label}: {count:,} reports</title>'
            f'<rect x="{x}" y="{y}" width="{round(bar_w - 4, 1)}" height="{h}" rx="2" fill="{BIN_COLOURS[i]}"/>'
            f'<text x="{round(x + (bar_w - 4) / 2, 1)}" y="{round(y - 4, 1)}" class="bar-count">'
            f"{count if count else ''}</text>"
            f'<text x="{round(x + (bar_w - 4) / 2, 1)}" y="{height - 6}" class="bar-label">{i * 10}</text></g>'
        )
    summary = ", ".join(f"{i * 10}s: {c}" for i, c in enumerate(stats.histogram))
    return (
        f'<svg class="histogram" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Score histogram by ten-point bins. {escape(summary)}">'
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" class="axis"/>'
        f'{"".join(parts)}</svg>'
    )


def top_findings(stats: ReviewStats, n: int = 8) -> str:
    rows = stats.top_findings(n)
    if not rows:
        return '<p class="muted">No findings in this batch.</p>'
    peak = rows[0][1] or 1
    items = "".join(
        f'<li><button type="button" class="finding-bar" data-filter="code" data-value="{escape(code)}" '
        f'aria-label="Show {count} reports with {escape(code)}">'
        f'<span class="code">{escape(code)}</span><span class="count">{count:,}</span>'
        f'<span class="bar" style="width:{round(100 * count / peak)}%"></span></button></li>'
        for code, count in rows
    )
    return f'<ol class="top-findings">{items}</ol>'


def level_table(stats: ReviewStats) -> str:
    """Billed (rows) against supported (columns); above the diagonal is upcoding risk."""
    if not stats.levels:
        return '<p class="muted">No billed or supported levels in this batch.</p>'
    billed = sorted({b for b, _ in stats.levels}, key=_level_sort)
    supported = sorted({s for _, s in stats.levels}, key=_level_sort)
    head = "".join(f'<th scope="col">{escape(s)}</th>' for s in supported)
    body = []
    for b in billed:
        cells = []
        for s in supported:
            count = stats.levels.get((b, s), 0)
            cls = ""
            if b in RANKED and s in RANKED:
                cls = "over" if RANKED[b] > RANKED[s] else "under" if RANKED[b] < RANKED[s] else "match"
            text = f"{count:,}" if count else ""
            cells.append(f'<td class="{cls}{" zero" if not count else ""}">{text}</td>')
        body.append(f'<tr><th scope="row">{escape(b)}</th>{"".join(cells)}</tr>')
    return (
        '<table class="levels"><caption class="sr-only">Billed level (rows) by documented level (columns)'
        '</caption><thead><tr><th scope="col"><span class="muted">billed ↓ / supported →</span></th>'
        f'{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        '<p class="legend-note"><span><span class="swatch over"></span>billed above documentation</span>'
        '<span><span class="swatch under"></span>undercoded</span></p>'
    )
