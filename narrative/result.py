"""Findings and the CONTRACT output row."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .evidence import Entity


@dataclass
class Finding:
    code: str  # stable identifier from CONTRACT.md
    severity: str  # error | warning | info
    message: str  # what is wrong, citing the rule
    evidence: list[dict[str, int]] = field(default_factory=list)  # [{"start": .., "end": ..}]
    rule: str = ""  # the regulation or policy it rests on
    fix: str = ""  # how to fix the documentation
    points: int = 0  # contribution to the score (negative = penalty)
    related: list[str] = field(default_factory=list)  # e.g. ids of cloned records

    def to_dict(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "evidence": self.evidence,
            "rule": self.rule,
            "fix": self.fix,
            "points": self.points,
        }
        if self.related:
            row["related"] = self.related
        return row


@dataclass
class Result:
    """One output line of ``narrative score``."""

    id: str
    score: int | None = None
    risk: str | None = None
    supported_level: str | None = None
    billed_level: str | None = None
    emergency: bool | None = None
    bed_confined: bool | None = None
    entities: list[Entity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    score_breakdown: list[dict[str, Any]] = field(default_factory=list)
    administrations: list[dict[str, Any]] = field(default_factory=list)
    denial_probability: float | None = None  # from a trained risk model (narrative train), if any

    def to_dict(self) -> dict[str, Any]:
        row = {
            "id": self.id,
            "score": self.score,
            "risk": self.risk,
            "supported_level": self.supported_level,
            "billed_level": self.billed_level,
            "emergency": self.emergency,
            "bed_confined": self.bed_confined,
            "entities": [e.to_dict() for e in self.entities],
            "findings": [f.to_dict() for f in self.findings],
            "score_breakdown": self.score_breakdown,
            "administrations": self.administrations,
            "errors": self.errors,
        }
        if self.denial_probability is not None:
            row["denial_probability"] = self.denial_probability
        return row
