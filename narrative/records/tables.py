"""The code tables the readers normalise with (CSV files under ``narrative/resources``).

Kept as data so an agency can extend them (a local SNOMED code, a state's crew
level) without touching the parsers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import read_csv

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")  # compiled once: re.sub's cache lookup costs as much as the sub


def compact(text: str) -> str:
    """Upper-case letters and digits only: "ALS-1", "als 1" and "Als1" all become "ALS1"."""
    return _NOT_ALNUM.sub("", text.upper())


@dataclass(frozen=True)
class HcpcsLevel:
    level: str
    emergency: bool | None


@dataclass(frozen=True)
class NemsisCode:
    value: str | None
    emergency: bool | None
    interfacility: bool | None
    origin: str | None
    display: str


def _opt_bool(cell: str) -> bool | None:
    return {"true": True, "false": False}.get(cell.strip().lower())


@lru_cache(maxsize=1)
def hcpcs_levels() -> dict[str, HcpcsLevel]:
    """HCPCS ambulance base-rate code -> level of service and emergency flag (hcpcs.csv)."""
    return {r["hcpcs"]: HcpcsLevel(r["level"], _opt_bool(r["emergency"])) for r in read_csv("hcpcs.csv")}


@lru_cache(maxsize=1)
def record_values() -> dict[str, dict[str, tuple[str, str]]]:
    """field -> compact alias -> (value, note) from record_values.csv."""
    table: dict[str, dict[str, tuple[str, str]]] = {}
    for r in read_csv("record_values.csv"):
        table.setdefault(r["field"], {})[compact(r["alias"])] = (r["value"], r["note"])
    return table


@lru_cache(maxsize=1)
def nemsis_codes() -> dict[str, dict[str, NemsisCode]]:
    """NEMSIS code list -> code -> meaning (nemsis_codes.csv)."""
    table: dict[str, dict[str, NemsisCode]] = {}
    for r in read_csv("nemsis_codes.csv"):
        table.setdefault(r["list"], {})[r["code"]] = NemsisCode(
            value=r["value"] or None,
            emergency=_opt_bool(r["emergency"]),
            interfacility=_opt_bool(r["interfacility"]),
            origin=r["origin"] or None,
            display=r["display"],
        )
    return table


@lru_cache(maxsize=1)
def snomed_procedures() -> dict[str, str]:
    """SNOMED CT procedure code -> display name (snomed_procedures.csv)."""
    return {r["code"]: r["name"] for r in read_csv("snomed_procedures.csv")}


@lru_cache(maxsize=1)
def rxnorm_medications() -> dict[str, str]:
    """RxNorm code -> medication name (rxnorm_medications.csv)."""
    return {r["code"]: r["name"] for r in read_csv("rxnorm_medications.csv")}
