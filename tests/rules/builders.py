"""Hand-built Evidence and Records for the rule tests (what the pipeline would produce)."""
from __future__ import annotations

from typing import Any

from narrative.evidence import Administration, Entity, Evidence
from narrative.records.model import (
    Billing, CrewMember, Impression, Medication, Procedure, Record, Signatures, Transport, Vitals,
)

CRYSTALLOIDS = {"normal_saline", "lactated_ringers", "dextrose_5_water", "hypertonic_saline"}

# Test double for the pipeline's lexicon-backed categorize(): structured names we use in the tests.
STRUCTURED_NAMES: dict[str, set[tuple[str, str]]] = {
    "12 lead ecg": {("INTERVENTION", "ecg_12_lead")},
    "ecg-12 lead": {("INTERVENTION", "ecg_12_lead")},
    "iv access": {("INTERVENTION", "iv_access")},
    "venous access-peripheral": {("INTERVENTION", "iv_access")},
    "intubation-endotracheal": {("INTERVENTION", "endotracheal_intubation")},
    "cardiac monitor": {("INTERVENTION", "cardiac_monitoring")},
    "oxygen": {("INTERVENTION", "oxygen")},
    "cpap": {("INTERVENTION", "cpap")},
    "normal saline": {("MEDICATION", "normal_saline")},
    "aspirin": {("MEDICATION", "aspirin")},
    "nitroglycerin": {("MEDICATION", "nitroglycerin")},
    "ondansetron": {("MEDICATION", "ondansetron")},
    "fentanyl": {("MEDICATION", "fentanyl")},
    "adenosine": {("MEDICATION", "adenosine")},
    "albuterol": {("MEDICATION", "albuterol")},
    "heparin": {("MEDICATION", "heparin")},
    "chest pain": {("CONDITION", "chest_pain_cardiac")},
    "stroke": {("CONDITION", "stroke_neuro_deficit")},
    "respiratory distress": {("CONDITION", "respiratory_distress")},
    "hip fracture": {("CONDITION", "fracture_dislocation")},
    "allergic reaction": {("CONDITION", "allergic_reaction")},
}


def categorize(name: str) -> set[tuple[str, str]]:
    return STRUCTURED_NAMES.get(name.strip().lower(), set())


class Doc:
    """A narrative and the mentions the pipeline would find in it, located by surface text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[Entity] = []
        self.administrations: list[Administration] = []

    def _find(self, surface: str, nth: int) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(surface, start + 1)
        return start, start + len(surface)

    def ent(self, surface: str, label: str, category: str, assertion: str = "present", nth: int = 0,
            **kw: Any) -> "Doc":
        start, end = self._find(surface, nth)
        self.entities.append(Entity(label, surface, start, end, category, assertion, **kw))
        return self

    def cond(self, surface: str, category: str, assertion: str = "present", nth: int = 0) -> "Doc":
        return self.ent(surface, "CONDITION", category, assertion, nth)

    def proc(self, surface: str, category: str, level: str | None = None, assertion: str = "present") -> "Doc":
        return self.ent(surface, "INTERVENTION", category, assertion, level=level)

    def mob(self, surface: str, category: str, supports: bool | None, assertion: str = "present") -> "Doc":
        return self.ent(surface, "MOBILITY", category, assertion, supports_bed_confinement=supports)

    def med(self, surface: str, category: str, route_class: str | None, count: int = 1,
            prior: bool = False, nth: int = 0, assertion: str = "present") -> "Doc":
        start, end = self._find(surface, nth)
        self.entities.append(Entity("MEDICATION", surface, start, end, category,
                                    "historical" if prior else assertion))
        self.administrations.append(Administration(
            medication=surface, category=category, start=start, end=end, route_class=route_class,
            count=count, crystalloid=category in CRYSTALLOIDS, prior_to_arrival=prior, assertion=assertion,
        ))
        return self

    def evidence(self) -> Evidence:
        return Evidence(self.entities, self.administrations, n_words=len(self.text.split()))


def record(narrative: str, **sections: Any) -> Record:
    """A Record whose ``provided`` set is exactly the sections passed."""
    rec = Record(id=sections.pop("id", "PCR-T"), narrative=narrative)
    builders = {
        "transport": lambda v: Transport(**v),
        "billing": lambda v: Billing(**v),
        "crew": lambda v: [CrewMember(certification=c) for c in v],
        "procedures": lambda v: [Procedure(name=n) for n in v],
        "medications": lambda v: [Medication(**m) if isinstance(m, dict) else Medication(name=m) for m in v],
        "vitals": lambda v: [Vitals(**x) for x in v],
        "impression": lambda v: Impression(primary=v),
        "signatures": lambda v: Signatures(**v),
    }
    for key, value in sections.items():
        if key in builders:
            setattr(rec, key, builders[key](value))
            rec.provided.add(key)
        else:
            setattr(rec, key, value)
    return rec
