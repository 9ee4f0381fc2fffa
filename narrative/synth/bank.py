"""The generator's phrase banks and the shared rule tables, loaded once.

Everything the generator writes comes from the YAML files under
``narrative/resources/synth/``; the rule tables (categories, ALS scope,
crystalloids) are the project's own, so the expected levels use the same
defaults the analyzer ships with.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..resources import RESOURCES, read_csv, read_yaml
from ..rules.tables import CategoryInfo, Scope, categories, load_scope

SYNTH = RESOURCES / "synth"


def _yaml(name: str) -> Any:
    return read_yaml(SYNTH / name)


@dataclass(frozen=True)
class Bank:
    conditions: dict[str, Any]
    interventions: dict[str, Any]
    medications: dict[str, Any]
    mobility: dict[str, Any]
    cues: dict[str, Any]
    templates: dict[str, Any]
    families: dict[str, Any]
    layouts: dict[str, Any]
    typos: dict[str, list[str]]
    abbreviations: dict[str, Any]
    vitals_terms: dict[str, Any]
    variants: dict[str, Any]
    outcome: dict[str, Any]
    categories: dict[str, CategoryInfo]  # the analyzer's categories.csv (rules.tables.categories)
    scope: Scope  # the analyzer's default scope of practice (rules.tables.load_scope)
    crystalloids: frozenset[str]

    def _condition(self, category: str) -> CategoryInfo | None:
        info = self.categories.get(category)
        return info if info is not None and info.label == "CONDITION" else None

    def qualifying(self, category: str) -> bool:
        """Emergency-qualifying condition family (categories.csv)."""
        info = self._condition(category)
        return info is not None and info.emergency_qualifying

    def necessity_reason(self, category: str) -> bool:
        """Non-emergency necessity reason (categories.csv)."""
        info = self._condition(category)
        return info is not None and info.nonemergency_reason

    def level_of(self, label: str, category: str) -> str:
        """Service level one documented intervention or medication supports (scope table)."""
        return self.scope.level(category, label, fallback="BLS")

    def beyond_paramedic(self, category: str) -> bool:
        entry = self.scope.entry(category)
        return entry is not None and entry.beyond_paramedic_scope

    def bound_group(self, form: str) -> str | None:
        """The vitals group a condition form stands for ("hypotensive" -> hypotension), if any."""
        for group, spec in self.vitals_terms.items():
            if form in spec["forms"]:
                return group
        return None


@lru_cache(maxsize=1)
def load_bank() -> Bank:
    crystalloids = frozenset(r["category"] for r in read_csv("crystalloids.csv"))
    return Bank(
        conditions=_yaml("conditions.yaml"),
        interventions=_yaml("interventions.yaml"),
        medications=_yaml("medications.yaml"),
        mobility=_yaml("mobility.yaml"),
        cues=_yaml("cues.yaml"),
        templates=_yaml("templates.yaml"),
        families=_yaml("families.yaml"),
        layouts=_yaml("layouts.yaml"),
        typos=_yaml("typos.yaml"),
        abbreviations=_yaml("abbreviations.yaml"),
        vitals_terms=_yaml("vitals_terms.yaml"),
        variants=_yaml("variants.yaml"),
        outcome=_yaml("outcome.yaml"),
        categories=categories(),
        scope=load_scope(),
        crystalloids=crystalloids,
    )
