"""Reconcile one record's structured fields with what its narrative asserts."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..evidence import Evidence
from ..records.model import Record
from ..result import Finding
from .findings import RULES, Categorize, Context
from .levels import LevelReason, billed_level, supported_level
from .necessity import bed_status, resolve_emergency
from .tables import Scope, load_scope


@dataclass
class Reconciliation:
    findings: list[Finding] = field(default_factory=list)
    supported_level: str = "BLS"
    billed_level: str | None = None
    emergency: bool | None = None
    bed_confined: bool | None = None
    level_reasons: list[LevelReason] = field(default_factory=list)


def reconcile(
    record: Record,
    evidence: Evidence,
    categorize: Categorize,
    scope: Scope | str | Path | None = None,
) -> Reconciliation:
    """Run every finding rule. ``categorize`` maps a structured name ("Normal Saline",
    "Intubation-Endotracheal") to the (label, category) pairs it denotes; ``scope`` is a
    scope table or its path (default: resources/scope/default.csv)."""
    table = scope if isinstance(scope, Scope) else load_scope(str(scope) if scope else None)
    emergency = resolve_emergency(record)
    supported, reasons = supported_level(record, evidence, table, categorize, emergency)
    ctx = Context(
        record=record,
        evidence=evidence,
        scope=table,
        categorize=categorize,
        emergency=emergency,
        bed=bed_status(record, evidence),
        supported=supported,
        billed=billed_level(record),
        reasons=reasons,
    )
    findings = [f for f in (rule(ctx) for rule in RULES) if f is not None]
    return Reconciliation(
        findings=findings,
        supported_level=supported,
        billed_level=ctx.billed,
        emergency=ctx.emergency,
        bed_confined=ctx.bed.value,
        level_reasons=reasons,
    )
