"""Level of service, findings and score: plain Python on a Record and its Evidence.

Typical use (what narrative.core does)::

    rec = reconcile(record, evidence, categorize)          # findings + levels + bed_confined
    s = score(rec.findings)                                 # 0-100, risk, breakdown
"""
from .findings import RULES, Context, FindingSpec, make_finding, specs
from .levels import LADDER, OUTSIDE_LADDER, LevelReason, billed_level, crew_has, normalize_level, rank, supported_level
from .necessity import BedStatus, bed_status, resolve_emergency
from .reconcile import Reconciliation, reconcile
from .score import Score, risk, score
from .tables import Scope, load_scope

__all__ = [
    "LADDER", "OUTSIDE_LADDER", "RULES", "BedStatus", "Context", "FindingSpec", "LevelReason",
    "Reconciliation", "Score", "Scope", "bed_status", "billed_level", "crew_has", "load_scope",
    "make_finding", "normalize_level", "rank", "reconcile", "resolve_emergency", "risk", "score",
    "specs", "supported_level",
]
