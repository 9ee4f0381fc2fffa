"""What a narrative asserts, as plain data.

Everything downstream of the spaCy pipeline (reconciliation, scoring, batch
workers, the review report) works on these dataclasses, never on ``Doc``
objects, so they pickle cheaply to worker processes and are testable without
spaCy.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

ASSERTIONS = ("present", "negated", "historical", "hypothetical", "possible")


@dataclass
class Entity:
    """One CONDITION, INTERVENTION, MEDICATION or MOBILITY mention."""

    label: str
    text: str
    start: int  # character offset into the narrative
    end: int
    category: str = "other"
    assertion: str = "present"
    section: str | None = None
    level: str | None = None  # INTERVENTION/MEDICATION: BLS, ALS1 or ALS2
    supports_bed_confinement: bool | None = None  # MOBILITY only
    source: str = "lexicon"  # lexicon | agency | abbreviation | ner

    @property
    def is_present(self) -> bool:
        return self.assertion == "present"

    def to_dict(self) -> dict[str, Any]:
        """The CONTRACT ``entities`` row: label-specific keys only where they apply."""
        row: dict[str, Any] = {
            "label": self.label,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "category": self.category,
            "assertion": self.assertion,
            "section": self.section,
        }
        if self.label in ("INTERVENTION", "MEDICATION"):
            row["level"] = self.level
        if self.label == "MOBILITY":
            row["supports_bed_confinement"] = self.supports_bed_confinement
        return row


@dataclass
class Administration:
    """One medication given, possibly several times ("12 mg IVP x2" is count=2)."""

    medication: str  # surface text of the medication mention
    category: str
    start: int
    end: int
    dose: float | None = None
    unit: str | None = None
    route: str | None = None  # surface route text, e.g. "rapid IVP"
    route_class: str | None = None  # iv | io | infusion | im | in | sl | po | neb | topical | other
    count: int = 1
    crystalloid: bool = False
    prior_to_arrival: bool = False  # given before this unit arrived: never counts toward ALS2
    assertion: str = "present"

    @property
    def counts_toward_als2(self) -> bool:
        """IV/IO push, bolus or infusion of a non-crystalloid, given by this unit (42 CFR 414.605)."""
        return (
            self.assertion == "present"
            and not self.crystalloid
            and not self.prior_to_arrival
            and self.route_class in ("iv", "io", "infusion")
        )

    def to_dict(self) -> dict[str, Any]:
        # every field is a scalar: a shallow copy is what dataclasses.asdict would build, without
        # its recursive deep copy (this runs for every administration of every record)
        return {name: getattr(self, name) for name in _ADMINISTRATION_FIELDS}


_ADMINISTRATION_FIELDS = tuple(f.name for f in fields(Administration))


@dataclass
class Section:
    name: str  # dispatch | chief_complaint | history | assessment | treatment | transport | disposition | other
    start: int
    end: int
    header: str = ""


@dataclass
class Evidence:
    """Everything the pipeline found in one narrative."""

    entities: list[Entity] = field(default_factory=list)
    administrations: list[Administration] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    n_words: int = 0
    n_sentences: int = 0

    def present(self, label: str | None = None) -> list[Entity]:
        return [e for e in self.entities if e.is_present and (label is None or e.label == label)]

    def by_label(self, label: str) -> list[Entity]:
        return [e for e in self.entities if e.label == label]
