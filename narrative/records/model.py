"""The PCR record of CONTRACT.md as typed dataclasses.

Readers (JSONL, CSV, NEMSIS XML) all produce these; nothing downstream reads raw
dicts. Field names follow the contract and must stay stable.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Transport:
    emergency: bool | None = None
    origin: str | None = None  # modifier letter: R H N E S P D G J I X
    destination: str | None = None
    loaded_miles: float | None = None
    origin_zip: str | None = None
    destination_zip: str | None = None
    scheduled: bool | None = None
    interfacility: bool | None = None
    # how the patient was moved to / from the ambulance (NEMSIS eDisposition.13/.15),
    # normalised to: walked | chair | carried | stair_chair | stretcher | wheelchair
    moved_to_ambulance: str | None = None
    moved_from_ambulance: str | None = None
    # the information at dispatch called for an ALS crew (an ALS assessment then supports ALS1)
    als_dispatch: bool | None = None


@dataclass
class Billing:
    hcpcs: str | None = None
    level: str | None = None  # BLS ALS1 ALS2 SCT PI FW RW


@dataclass
class CrewMember:
    certification: str | None = None  # EMT, AEMT, Paramedic, RN, ...
    role: str | None = None


@dataclass
class Procedure:
    name: str | None = None
    code: str | None = None
    prior_to_arrival: bool = False  # NEMSIS eProcedures.02: done before this unit's care


@dataclass
class Medication:
    name: str | None = None
    route: str | None = None
    code: str | None = None
    dose: str | None = None
    prior_to_arrival: bool = False  # NEMSIS eMedications.02


@dataclass
class Vitals:
    sbp: float | None = None
    dbp: float | None = None
    hr: float | None = None
    rr: float | None = None
    spo2: float | None = None
    gcs: float | None = None
    glucose: float | None = None
    etco2: float | None = None
    pain: float | None = None
    time: str | None = None


@dataclass
class Impression:
    primary: str | None = None
    icd10: str | None = None
    secondary: list[str] = field(default_factory=list)


@dataclass
class Signatures:
    patient: bool | None = None
    representative: bool | None = None
    reason_unable: str | None = None
    pcs: bool | None = None
    pcs_date: str | None = None  # ISO date


@dataclass
class Record:
    id: str
    narrative: str
    transport: Transport = field(default_factory=Transport)
    billing: Billing = field(default_factory=Billing)
    crew: list[CrewMember] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    medications: list[Medication] = field(default_factory=list)
    vitals: list[Vitals] = field(default_factory=list)
    impression: Impression = field(default_factory=Impression)
    signatures: Signatures = field(default_factory=Signatures)
    transport_date: str | None = None
    unit: str | None = None  # crew/unit identifier, when present (for review filters)
    # ePayment.41 patient transport assessment, e.g. ["unable_to_sit", "unable_to_stand", "unable_to_walk"]
    transport_assessment: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown fields, kept and ignored
    source: str | None = None  # "file.jsonl:12" for error messages
    # top-level contract keys present in the input ("transport", "signatures", ...): checks of a
    # structured section run only when the input carried that section
    provided: set[str] = field(default_factory=set)
