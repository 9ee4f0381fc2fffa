"""Batch totals for the review page header, gathered while the rows stream past."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RISKS = ("high", "medium", "low")
EXTRA_RISKS = ("error", "unscored")  # rows without a risk
HISTOGRAM_BINS = 10  # 0-9, 10-19, ..., 90-100


def risk_key(result: dict[str, Any]) -> str:
    """The risk a row is counted and filtered under: unscored rows with errors count as "error"."""
    if result.get("risk"):
        return str(result["risk"])
    return "error" if result.get("errors") else "unscored"


@dataclass
class ReviewStats:
    """What ``write_review`` wrote: totals shown in the page header, plus the file written."""

    reports: int = 0
    with_errors: int = 0
    by_risk: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)  # code -> reports carrying it
    histogram: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)
    levels: Counter[tuple[str, str]] = field(default_factory=Counter)  # (billed, supported) -> reports
    units: Counter[str] = field(default_factory=Counter)
    path: Path | None = None
    bytes: int = 0

    def add(self, result: dict[str, Any], unit: str | None = None) -> None:
        """Count one Result row."""
        self.reports += 1
        if result.get("errors"):
            self.with_errors += 1
        self.by_risk[risk_key(result)] += 1
        self.findings.update({f.get("code") for f in result.get("findings") or [] if f.get("code")})
        score = result.get("score")
        if isinstance(score, (int, float)):
            self.histogram[min(HISTOGRAM_BINS - 1, max(0, int(score) // 10))] += 1
        billed, supported = result.get("billed_level"), result.get("supported_level")
        if billed or supported:
            self.levels[(billed or "—", supported or "—")] += 1
        if unit:
            self.units[unit] += 1

    def top_findings(self, n: int = 8) -> list[tuple[str, int]]:
        return sorted(self.findings.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
