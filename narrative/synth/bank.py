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
    categories: dict[tuple[str, str], dict[str, str]]  # (label, category) -> row
    scope: dict[str, dict[str, str]]  # category -> row of scope/default.csv
    crystalloids: frozenset[str]

    def qualifying(self, category: str) -> bool:
        """Emergency-qualifying condition family (categories.csv)."""
        return self.categories.get(("CONDITION", category), {}).get("emergency_qualifying") == "true"

    def necessity_reason(self, category: str) -> bool:
        """Non-emergency necessity reason (categories.csv)."""
        return self.categories.get(("CONDITION", category), {}).get("nonemergency_reason") == "true"

    def level_of(self, label: str, category: str) -> str:
        """Service level one documented intervention or medication supports (scope table)."""
        row = self.scope.get(category)
        if row is None and label == "MEDICATION":
            row = self.scope.get("*medication")
        return row["level"] if row else "BLS"

    def beyond_paramedic(self, category: str) -> bool:
        row = self.scope.get(category)
        return bool(row) and row["beyond_paramedic_scope"] == "true"

    def bound_group(self, form: str) -> str | None:
        """The vitals group a condition form stands for ("hypotensive" -> hypotension), if any."""
        for group, spec in self.vitals_terms.items():
            if form in spec["forms"]:
                return group
        return None


@lru_cache(maxsize=1)
def load_bank() -> Bank:
    categories = {(r["label"], r["category"]): r for r in read_csv("categories.csv")}
    scope = {r["category"]: r for r in read_csv("scope/default.csv")}
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
        categories=categories,
        scope=scope,
        crystalloids=crystalloids,
    )
