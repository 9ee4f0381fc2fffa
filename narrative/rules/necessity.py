"""What the narrative shows about medical necessity: emergency status, qualifying
conditions, and the three bed-confinement criteria (42 CFR 410.40(e)(1))."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..evidence import Entity, Evidence
from ..records.model import Record
from .levels import hcpcs_emergency
from .tables import categories, compile_all, load_yaml

_NECESSITY = load_yaml("necessity.yaml")
_LEVELS = load_yaml("levels.yaml")
CRITERIA: tuple[str, ...] = tuple(_NECESSITY["bed_confinement_criteria"])
BARE = _NECESSITY["bare_statement"]
CRITERIA_NAMES: dict[str, str] = _NECESSITY["criteria_names"]
_ASSESSMENT_ITEMS: dict[str, str] = _NECESSITY["transport_assessment"]
_CONTRADICTING_MOVES = frozenset(_NECESSITY["contradicting_moves"])
_EMERGENCY_INTERVENTIONS = frozenset(_NECESSITY["emergency_interventions"])
_NONEMERGENCY_INTERVENTIONS = frozenset(_NECESSITY["nonemergency_interventions"])
_EMERGENCY_CUES = compile_all(_LEVELS["emergency_cues"])
_NONEMERGENCY_CUES = compile_all(_LEVELS["nonemergency_cues"])
# a "possible" condition is still the crew's documented concern ("? hip fx", "r/o stroke")
_CONCERN = ("present", "possible")
# mobility polarity carries the meaning: "unable to [ambulate]" is negated yet supports confinement
_MOBILITY_FACTUAL = ("present", "negated")


def span(ent: Entity) -> dict[str, int]:
    return {"start": ent.start, "end": ent.end}


def resolve_emergency(record: Record) -> bool | None:
    """transport.emergency, else the HCPCS code's, else the narrative's own wording when one-sided."""
    if record.transport.emergency is not None:
        return record.transport.emergency
    from_code = hcpcs_emergency(record)
    if from_code is not None:
        return from_code
    text = record.narrative or ""
    emergent = any(p.search(text) for p in _EMERGENCY_CUES)
    routine = any(p.search(text) for p in _NONEMERGENCY_CUES)
    return emergent if emergent != routine else None


def qualifying_evidence(evidence: Evidence) -> list[Entity]:
    """Conditions that qualify an emergency transport, and interventions that prove one."""
    cats = categories()
    out = []
    for ent in evidence.entities:
        if ent.assertion not in _CONCERN:
            continue
        if ent.label == "CONDITION" and cats.get(ent.category) and cats[ent.category].emergency_qualifying:
            out.append(ent)
        elif ent.label == "INTERVENTION" and ent.is_present and ent.category in _EMERGENCY_INTERVENTIONS:
            out.append(ent)
    return out


def nonemergency_reasons(evidence: Evidence) -> list[Entity]:
    """Present conditions and interventions that make other transport contraindicated (ePayment.04)."""
    cats = categories()
    return [
        e for e in evidence.present()
        if (e.label == "CONDITION" and cats.get(e.category) and cats[e.category].nonemergency_reason)
        or (e.label == "INTERVENTION" and e.category in _NONEMERGENCY_INTERVENTIONS)
    ]


@dataclass
class BedStatus:
    """The bed-confinement criteria met, the bare statements, and what contradicts them."""

    met: dict[str, list[dict[str, int]]] = field(default_factory=dict)  # criterion -> spans
    bare: list[dict[str, int]] = field(default_factory=list)
    contradictions: list[tuple[str, list[dict[str, int]]]] = field(default_factory=list)

    @property
    def contradicted(self) -> bool:
        return bool(self.contradictions)

    @property
    def complete(self) -> bool:
        return all(c in self.met for c in CRITERIA)

    @property
    def partial(self) -> bool:
        return not self.complete and (bool(self.met) or bool(self.bare))

    @property
    def value(self) -> bool | None:
        """CONTRACT ``bed_confined``: False when contradicted, True when all three met, else None."""
        if self.contradicted:
            return False
        return True if self.complete else None

    @property
    def missing(self) -> list[str]:
        return [c for c in CRITERIA if c not in self.met]


def bed_status(record: Record, evidence: Evidence) -> BedStatus:
    status = BedStatus()
    for ent in evidence.by_label("MOBILITY"):
        if ent.assertion not in _MOBILITY_FACTUAL:
            continue
        if ent.supports_bed_confinement is False:
            # a contradiction is something the patient did ("ambulated to stretcher", "not unable to
            # walk"): always asserted present; a negated mention with polarity False is inconsistent
            if ent.assertion == "present":
                status.contradictions.append((f"'{ent.text}'", [span(ent)]))
        elif ent.category == BARE:
            if ent.assertion == "present":  # "not bedbound" is no statement of confinement
                status.bare.append(span(ent))
        elif ent.supports_bed_confinement and ent.category in CRITERIA:
            status.met.setdefault(ent.category, []).append(span(ent))
    for item in record.transport_assessment:
        criterion = _ASSESSMENT_ITEMS.get(re.sub(r"[^a-z]+", "_", item.lower()).strip("_"))
        if criterion:
            status.met.setdefault(criterion, [])
    for which, move in (("to", record.transport.moved_to_ambulance), ("from", record.transport.moved_from_ambulance)):
        if move in _CONTRADICTING_MOVES:
            element = "eDisposition.13" if which == "to" else "eDisposition.15"
            status.contradictions.append((f"patient moved {which} the ambulance by '{move}' ({element})", []))
    return status
