"""Load the rule tables under ``narrative/resources``.

Every threshold, phrase list and citation the rules use lives in a data file so an
agency (or a state) can review and override it without touching code. Tables are
parsed once per path and cached.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..resources import read_csv, read_yaml, resource_path
from .literals import GatedPattern

MEDICATION_DEFAULT = "*medication"


@lru_cache(maxsize=None)
def load_yaml(name: str) -> dict[str, Any]:
    return read_yaml(name)


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "yes", "1", "y")


@dataclass(frozen=True)
class CategoryInfo:
    label: str
    category: str
    emergency_qualifying: bool
    nonemergency_reason: bool


@lru_cache(maxsize=1)
def categories() -> dict[str, CategoryInfo]:
    """categories.csv keyed by category id (ids are unique across labels)."""
    return {
        row["category"]: CategoryInfo(
            label=row["label"],
            category=row["category"],
            emergency_qualifying=_truthy(row.get("emergency_qualifying")),
            nonemergency_reason=_truthy(row.get("nonemergency_reason")),
        )
        for row in read_csv(("categories.csv"))
    }


@dataclass(frozen=True)
class ScopeEntry:
    level: str
    beyond_paramedic_scope: bool


@dataclass(frozen=True)
class Scope:
    """Scope-of-practice table: which level each intervention/medication category needs."""

    entries: dict[str, ScopeEntry]

    def level(self, category: str, label: str = "INTERVENTION", fallback: str | None = None) -> str | None:
        entry = self.entry(category, label)
        return entry.level if entry else fallback

    def entry(self, category: str, label: str = "INTERVENTION") -> ScopeEntry | None:
        if category in self.entries:
            return self.entries[category]
        if label == "MEDICATION":
            return self.entries.get(MEDICATION_DEFAULT)
        return None

    def beyond_paramedic(self, category: str, label: str = "INTERVENTION") -> bool:
        entry = self.entry(category, label)
        return bool(entry and entry.beyond_paramedic_scope)


@lru_cache(maxsize=16)
def load_scope(path: str | Path | None = None) -> Scope:
    """Read a scope table (default: resources/scope/default.csv); agencies pass their own path."""
    source = Path(path).absolute() if path else "scope/default.csv"  # an agency path is never a resource name
    return Scope(
        {
            row["category"].strip(): ScopeEntry(
                level=row["level"].strip().upper(),
                beyond_paramedic_scope=_truthy(row.get("beyond_paramedic_scope")),
            )
            for row in read_csv(source)
        }
    )


@dataclass(frozen=True)
class HcpcsEntry:
    level: str
    emergency: bool | None


@lru_cache(maxsize=1)
def hcpcs_table() -> dict[str, HcpcsEntry]:
    """HCPCS code -> level (and emergency flag when the code implies one).

    resources/hcpcs.csv is the shared table; the DOMAIN.md codes in levels.yaml are the
    fallback when it is absent or lacks a code.
    """
    table: dict[str, HcpcsEntry] = {
        code.upper(): HcpcsEntry(row["level"], row.get("emergency"))
        for code, row in load_yaml("levels.yaml")["hcpcs"].items()
    }
    path = resource_path("hcpcs.csv")
    if path.exists():
        for row in read_csv(path):
            code = (row.get("hcpcs") or row.get("code") or "").strip().upper()
            level = (row.get("level") or "").strip().upper()
            if not code or not level:
                continue
            raw = (row.get("emergency") or "").strip().lower()
            emergency = True if raw in ("true", "yes", "1") else False if raw in ("false", "no", "0") else None
            if emergency is None and code in table:
                emergency = table[code].emergency
            table[code] = HcpcsEntry(level, emergency)
    return table


@dataclass(frozen=True)
class Phrase:
    """A regular expression over narrative text, with what it means."""

    pattern: re.Pattern[str]
    note: str


@lru_cache(maxsize=1)
def convenience_gates() -> tuple[GatedPattern, ...]:
    """The convenience phrases, case-sensitive, for lower-cased text (the table is written in lower
    case), in table order: which phrases can match a narrative at all. Each is tried only when the
    text holds the literal words it needs, which is several times faster than one alternation."""
    return tuple(GatedPattern(p.pattern.pattern) for p in convenience_phrases())


@lru_cache(maxsize=1)
def convenience_phrases() -> tuple[Phrase, ...]:
    return tuple(
        Phrase(re.compile(row["pattern"], re.IGNORECASE), row["reason"])
        for row in read_csv(("convenience.csv"))
    )


@dataclass(frozen=True)
class VitalClaim:
    """A narrative claim ("hypotensive") and the recorded values that would contradict it."""

    pattern: re.Pattern[str]
    claim: str
    vital: str
    op: str  # contradicted when every recorded value satisfies `op threshold`
    threshold: float
    expected: str
    # sections where the claim reports an earlier state ("found unresponsive per bystanders") that
    # the crew's own vitals need not show
    reported_sections: frozenset[str] = frozenset()
    # what the narrative also says that agrees with the recorded values, making the claim an earlier
    # state ("found unresponsive ... on arrival A&Ox4" with GCS 15)
    consistent_with: re.Pattern[str] | None = None

    def contradicted_by(self, value: float) -> bool:
        return {
            "ge": value >= self.threshold,
            "le": value <= self.threshold,
            "gt": value > self.threshold,
            "lt": value < self.threshold,
        }[self.op]


@lru_cache(maxsize=1)
def vital_claims() -> tuple[VitalClaim, ...]:
    return tuple(
        VitalClaim(
            pattern=re.compile(row["pattern"], re.IGNORECASE),
            claim=row["claim"],
            vital=row["vital"],
            op=row["contradicted_when"],
            threshold=float(row["threshold"]),
            expected=row["expected"],
            reported_sections=frozenset(x for x in (row.get("reported_sections") or "").split(";") if x),
            consistent_with=re.compile(row["consistent_with"], re.IGNORECASE) if row.get("consistent_with") else None,
        )
        for row in read_csv(("vitals_claims.csv"))
    )


def compile_all(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)
