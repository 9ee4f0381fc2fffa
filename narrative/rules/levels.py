"""Level of service the documentation supports, and the level billed.

42 CFR 414.605 defines the ground levels: ALS2 by three qualifying IV medication
administrations or one ALS2 procedure, ALS1 by one ALS intervention or an ALS
assessment on an ALS-dispatched emergency, SCT by interfacility care beyond
paramedic scope by specialty staff. Which intervention needs which level is the
scope table (resources/scope/*.csv), configurable per state.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..evidence import Administration, Entity, Evidence
from ..records.model import CrewMember, Record
from .tables import Scope, hcpcs_table, load_yaml

_CONFIG = load_yaml("levels.yaml")
LADDER: tuple[str, ...] = tuple(_CONFIG["ladder"])
OUTSIDE_LADDER: tuple[str, ...] = tuple(_CONFIG["outside_ladder"])
ALS2_MIN_ADMINISTRATIONS: int = int(_CONFIG["als2_min_administrations"])
_ALIASES: dict[str, str] = {str(k): v for k, v in _CONFIG["aliases"].items()}
_CREW = {name: tuple(re.compile(p) for p in pats) for name, pats in _CONFIG["crew"].items() if name != "required"}
CREW_REQUIRED: dict[str, str] = dict(_CONFIG["crew"]["required"])
_IV_ROUTES = ("iv", "io", "infusion")


@dataclass
class LevelReason:
    """Why a level is supported, with the narrative spans that show it."""

    level: str
    kind: str  # intervention | als2_medications | medication | als_assessment | specialty_care
    reason: str
    evidence: list[dict[str, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"level": self.level, "kind": self.kind, "reason": self.reason, "evidence": self.evidence}


def rank(level: str | None) -> int | None:
    """Position on the ground ladder; None for PI/FW/RW or unknown levels."""
    return LADDER.index(level) if level in LADDER else None


def normalize_level(value: str | None) -> str | None:
    if not value:
        return None
    key = re.sub(r"[^a-z0-9]", "", value.lower())
    return _ALIASES.get(key) or (value.upper() if value.upper() in LADDER + OUTSIDE_LADDER else None)


def billed_level(record: Record) -> str | None:
    """billing.level, else the level of billing.hcpcs."""
    level = normalize_level(record.billing.level)
    if level:
        return level
    entry = hcpcs_table().get((record.billing.hcpcs or "").strip().upper())
    return entry.level if entry else None


def hcpcs_emergency(record: Record) -> bool | None:
    entry = hcpcs_table().get((record.billing.hcpcs or "").strip().upper())
    return entry.emergency if entry else None


def _span(item: Entity | Administration) -> dict[str, int]:
    return {"start": item.start, "end": item.end}


def crew_has(crew: Iterable[CrewMember], kind: str) -> bool:
    """Whether any crew member's certification or role is on the `kind` list (als | specialty)."""
    patterns = _CREW[kind]
    for member in crew:
        for value in (member.certification, member.role):
            text = re.sub(r"[^a-z0-9]+", " ", (value or "").lower()).strip()
            if text and any(p.search(text) for p in patterns):
                return True
    return False


def prior_to_arrival_discounts(record: Record, evidence: Evidence, categorize) -> Counter[str]:
    """Administrations per category the structured record says were given before arrival
    but the narrative did not mark so; they are taken off the counts (NEMSIS eMedications.02)."""
    if categorize is None:
        return Counter()
    structured: Counter[str] = Counter()
    for med in record.medications:
        if med.prior_to_arrival and med.name:
            for _label, category in categorize(med.name):
                structured[category] += 1
    marked: Counter[str] = Counter()
    for adm in evidence.administrations:
        if adm.prior_to_arrival:
            marked[adm.category] += adm.count
    return Counter({c: n - marked[c] for c, n in structured.items() if n > marked[c]})


def given_by_crew(record: Record, evidence: Evidence, categorize=None) -> list[tuple[Administration, int]]:
    """Present administrations by this unit with their effective count (prior-to-arrival removed)."""
    discount = prior_to_arrival_discounts(record, evidence, categorize)
    out: list[tuple[Administration, int]] = []
    for adm in evidence.administrations:
        if adm.assertion != "present" or adm.prior_to_arrival:
            continue
        take = min(discount[adm.category], adm.count)
        discount[adm.category] -= take
        if adm.count - take > 0:
            out.append((adm, adm.count - take))
    return out


def unpaired_medications(evidence: Evidence) -> list[Entity]:
    """Present MEDICATION mentions that no administration covers (e.g. "zofran given")."""
    covered = [(a.start, a.end) for a in evidence.administrations]
    pta = {a.category for a in evidence.administrations if a.prior_to_arrival}
    return [
        e for e in evidence.present("MEDICATION")
        if e.category not in pta and not any(s < e.end and e.start < t for s, t in covered)
    ]


def qualifying_count(given: list[tuple[Administration, int]]) -> int:
    return sum(n for adm, n in given if adm.counts_toward_als2)


def supported_level(
    record: Record, evidence: Evidence, scope: Scope, categorize=None, emergency: bool | None = None
) -> tuple[str, list[LevelReason]]:
    """The highest ground level the documentation supports, and every reason found for it or below.

    ``emergency`` is the resolved emergency flag (reconcile passes it); by default transport.emergency.
    """
    reasons: list[LevelReason] = []
    interventions = evidence.present("INTERVENTION")
    for ent in interventions:
        level = scope.level(ent.category, "INTERVENTION", fallback=ent.level)
        if level in ("ALS1", "ALS2"):
            reasons.append(LevelReason(level, "intervention", f"{level} intervention: {ent.text} ({ent.category})", [_span(ent)]))

    given = given_by_crew(record, evidence, categorize)
    qualifying = [(adm, n) for adm, n in given if adm.counts_toward_als2]
    total = qualifying_count(given)
    if total >= ALS2_MIN_ADMINISTRATIONS:
        reasons.append(LevelReason(
            "ALS2", "als2_medications",
            f"{total} qualifying IV/IO medication administrations (crystalloids and other routes excluded)",
            [_span(adm) for adm, _ in qualifying],
        ))
    for adm, _n in given:
        level = scope.level(adm.category, "MEDICATION") or "ALS1"
        if adm.route_class in _IV_ROUTES:
            reasons.append(LevelReason("ALS1", "medication", f"IV/IO medication: {adm.medication}", [_span(adm)]))
        elif level != "BLS":
            reasons.append(LevelReason("ALS1", "medication", f"medication beyond EMT-Basic scope: {adm.medication}", [_span(adm)]))
    for ent in unpaired_medications(evidence):
        if (scope.level(ent.category, "MEDICATION") or "ALS1") != "BLS":
            reasons.append(LevelReason("ALS1", "medication", f"medication beyond EMT-Basic scope: {ent.text}", [_span(ent)]))

    if emergency is None:
        emergency = record.transport.emergency
    if emergency and record.transport.als_dispatch:
        reasons.append(LevelReason("ALS1", "als_assessment", "ALS assessment on an emergency response dispatched as ALS", []))

    if record.transport.interfacility and crew_has(record.crew, "specialty"):
        beyond = [e for e in interventions if scope.beyond_paramedic(e.category, "INTERVENTION")]
        beyond += [adm for adm, _ in given if scope.beyond_paramedic(adm.category, "MEDICATION")]
        if beyond:
            names = ", ".join(getattr(b, "text", None) or getattr(b, "medication") for b in beyond)
            reasons.append(LevelReason(
                "SCT", "specialty_care", f"interfacility care beyond paramedic scope by specialty staff: {names}",
                [_span(b) for b in beyond],
            ))

    best = max((rank(r.level) for r in reasons), default=0)
    reasons.sort(key=lambda r: -(rank(r.level) or 0))
    return LADDER[best], reasons


def has_als2_procedure(reasons: list[LevelReason]) -> bool:
    return any(r.level == "ALS2" and r.kind == "intervention" for r in reasons)
