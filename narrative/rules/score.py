"""The 0-100 documentation score and the risk band.

The score starts at 100 and each finding subtracts its findings.yaml points, so the
``breakdown`` always sums back to the score and a reviewer can see why. Risk bands are
in resources/risk.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..result import Finding
from .findings import specs
from .tables import load_yaml

START = 100


@dataclass
class Score:
    score: int
    risk: str
    breakdown: list[dict[str, Any]] = field(default_factory=list)


def score(findings: Iterable[Finding]) -> Score:
    """Score the findings, filling each ``Finding.points`` with the penalty it actually cost."""
    table = specs()
    total = START
    breakdown: list[dict[str, Any]] = []
    high = error = False
    for finding in findings:
        spec = table.get(finding.code)
        wanted = spec.points if spec else finding.points
        applied = max(wanted, -total)  # the score never goes below 0
        total += applied
        finding.points = applied
        reason = finding.message if applied == wanted else f"{finding.message} (penalty capped at 0)"
        breakdown.append({"code": finding.code, "points": applied, "reason": reason})
        high = high or bool(spec and spec.high_risk)
        error = error or finding.severity == "error"
    return Score(total, risk(total, high, error), breakdown)


def risk(total: int, high_risk_finding: bool, error_finding: bool) -> str:
    bands = load_yaml("risk.yaml")
    if high_risk_finding or total < bands["high_below"]:
        return "high"
    if error_finding or total < bands["medium_below"]:
        return "medium"
    return "low"
