"""Hand-made synthetic reports and their Result rows for the review page tests.

Offsets are found with str.find on the narrative, never typed by hand.
"""
from __future__ import annotations

from typing import Any

from narrative.evidence import Entity
from narrative.records.model import (Billing, CrewMember, Impression, Medication, Procedure, Record,
                                     Signatures, Transport, Vitals)
from narrative.result import Finding, Result


def span(text: str, phrase: str, after: str = "") -> tuple[int, int]:
    """Offsets of ``phrase`` in ``text`` (first occurrence after ``after``, when given)."""
    start = text.find(phrase, text.find(after) if after else 0)
    assert start >= 0, f"{phrase!r} not in narrative"
    return start, start + len(phrase)


def ent(text: str, phrase: str, label: str, category: str, assertion: str = "present",
        after: str = "", **extra: Any) -> Entity:
    start, end = span(text, phrase, after)
    return Entity(label=label, text=phrase, start=start, end=end, category=category, assertion=assertion, **extra)


def ev(text: str, *phrases: str) -> list[dict[str, int]]:
    out = []
    for phrase in phrases:
        start, end = span(text, phrase)
        out.append({"start": start, "end": end})
    return out


CHEST_PAIN = (
    "S: dispatched emergent to res for 67 y/o m c/o cp x2 hrs, 8/10 pressure radiating to L arm. "
    "pt denies sob. hx of MI w/ stents 2019.\n"
    "O: pt diaphoretic, pale. 12 lead shows ST elevation II, III, aVF. placed on cardiac monitor.\n"
    "A: STEMI\n"
    "P: 18g IV L AC established. ASA 324mg PO, NTG 0.4mg SL x1. pt walked to stretcher w/o difficulty "
    "prior to onset of pain per wife. transported emergent, cath lab notified."
)

DIALYSIS = (
    "CHART C: 82 yo F transported from SNF to dialysis, scheduled. "
    "H: PMH ESRD, CVA w/ L sided weakness, dementia. staff states pt is bedbound at baseline. "
    "A: pt A&Ox2, skin w/d. "
    "R: none. "
    "T: pt ambulated to stretcher w/ standby assist only, then sat in wheelchair at facility while crew did paperwork. "
    "No PCS on file at time of transport."
)

# curly quotes, an accent and an astral emoji before the entities: offsets must survive
OVERDOSE = (
    "Called to Café Olé for unresponsive male 😟 found by staff, pinpoint pupils, RR 6. "
    "Daughter states “he was fine this morning”. BVM assisted ventilations. "
    "IO established R tibia after 2 failed IV attempts. Narcan 0.4mg IVP x2 w/ improvement, "
    "then Zofran 4mg IVP for vomiting. pt now GCS 14, possible aspiration."
)

FALL = (
    "responded to assisted living for 91 yo F s/p fall, c/o R hip pain 9/10 w/ shortening and rotation. "
    "unable to bear weight. unable to sit up in bed w/o max assist. "
    "if pain increases will call med control. fentanyl 50mcg IN. pt moved via 3 person draw sheet "
    "to stretcher."
)


def _chest_pain() -> tuple[Record, dict[str, Any]]:
    t = CHEST_PAIN
    record = Record(
        id="PCR-2024-000123", narrative=t, unit="Medic 12",
        transport=Transport(emergency=True, origin="R", destination="H", loaded_miles=7.3,
                            origin_zip="55414", destination_zip="55455", als_dispatch=True),
        billing=Billing(hcpcs="A0427", level="ALS1"),
        crew=[CrewMember("Paramedic"), CrewMember("EMT")],
        procedures=[Procedure("12 lead ECG", "268400002"), Procedure("IV access")],
        medications=[Medication("aspirin", "PO", dose="324 mg"), Medication("nitroglycerin", "SL", dose="0.4 mg")],
        vitals=[Vitals(sbp=150, dbp=90, hr=104, rr=20, spo2=95, gcs=15, time="14:02")],
        impression=Impression("STEMI", "I21.19"),
        signatures=Signatures(patient=True), transport_date="2024-03-02",
    )
    entities = [
        ent(t, "cp", "CONDITION", "chest_pain_cardiac"),
        ent(t, "sob", "CONDITION", "respiratory_distress", "negated"),
        ent(t, "MI", "CONDITION", "chest_pain_cardiac", "historical"),
        ent(t, "diaphoretic", "CONDITION", "shock_hypotension"),
        ent(t, "12 lead", "INTERVENTION", "ecg_12_lead", level="ALS1"),
        ent(t, "cardiac monitor", "INTERVENTION", "cardiac_monitoring", level="ALS1"),
        ent(t, "STEMI", "CONDITION", "chest_pain_cardiac"),
        ent(t, "IV", "INTERVENTION", "iv_access", after="18g", level="ALS1"),
        ent(t, "ASA", "MEDICATION", "aspirin", level="BLS"),
        ent(t, "NTG", "MEDICATION", "nitroglycerin", level="BLS"),
        ent(t, "walked to stretcher", "MOBILITY", "ambulate", supports_bed_confinement=False),
    ]
    findings = [
        Finding("NARRATIVE_PROCEDURE_NOT_CODED", "warning",
                "Narrative documents cardiac monitoring that is not in the structured procedures.",
                ev(t, "cardiac monitor"), rule="Medicare Benefit Policy Manual ch. 10, 30.1.1",
                fix="Add cardiac monitoring to the structured procedures.", points=-4),
    ]
    result = Result(id=record.id, score=86, risk="low", supported_level="ALS1", billed_level="ALS1",
                    emergency=True, bed_confined=None, entities=entities, findings=findings,
                    score_breakdown=[{"component": "qualifying condition", "points": 40},
                                     {"component": "ALS intervention", "points": 30}])
    return record, result.to_dict()


def _dialysis() -> tuple[Record, dict[str, Any]]:
    t = DIALYSIS
    record = Record(
        id="PCR-2024-000377", narrative=t, unit="BLS 4",
        transport=Transport(emergency=False, origin="N", destination="J", loaded_miles=3.0,
                            scheduled=True, moved_to_ambulance="stretcher"),
        billing=Billing(hcpcs="A0428", level="BLS"), crew=[CrewMember("EMT"), CrewMember("EMT")],
        signatures=Signatures(patient=False, representative=False, pcs=False), transport_date="2024-03-04",
    )
    entities = [
        ent(t, "ESRD", "CONDITION", "end_stage_disease", "historical"),
        ent(t, "CVA", "CONDITION", "stroke_neuro_deficit", "historical"),
        ent(t, "L sided weakness", "CONDITION", "stroke_neuro_deficit", "historical"),
        ent(t, "dementia", "CONDITION", "dementia", "historical"),
        ent(t, "bedbound", "MOBILITY", "bed_confined", supports_bed_confinement=True),
        ent(t, "ambulated to stretcher", "MOBILITY", "ambulate", supports_bed_confinement=False),
        ent(t, "sat in wheelchair", "MOBILITY", "sit_chair", supports_bed_confinement=False),
    ]
    findings = [
        Finding("BED_CONFINEMENT_CONTRADICTED", "error",
                "Narrative says the patient walked to the stretcher and sat in a wheelchair; "
                "this contradicts bed confinement.", ev(t, "ambulated to stretcher", "sat in wheelchair"),
                rule="42 CFR 410.40(e)(1)", fix="If the patient needed assistance, document who helped and how; "
                "otherwise do not bill as non-emergency bed-confined.", points=-40),
        Finding("MISSING_PCS", "error", "Scheduled non-emergency transport without a valid PCS.",
                ev(t, "No PCS on file"), rule="42 CFR 410.40(e)(2)",
                fix="Obtain a physician certification statement dated within 60 days before the transport.",
                points=-20),
        Finding("MISSING_SIGNATURE", "error", "No patient signature and no representative with a reason.",
                [], rule="42 CFR 424.36", fix="Obtain the patient's or an authorized representative's signature.",
                points=-10),
    ]
    result = Result(id=record.id, score=18, risk="high", supported_level=None, billed_level="BLS",
                    emergency=False, bed_confined=False, entities=entities, findings=findings)
    return record, result.to_dict()


def _overdose() -> tuple[Record, dict[str, Any]]:
    t = OVERDOSE
    record = Record(
        id="PCR-2024-000412", narrative=t, unit="Medic 7",
        transport=Transport(emergency=True, origin="S", destination="H", loaded_miles=12.4),
        billing=Billing(hcpcs="A0433", level="ALS2"), crew=[CrewMember("Paramedic"), CrewMember("EMT")],
        medications=[Medication("naloxone", "IV", dose="0.4 mg"), Medication("ondansetron", "IV", dose="4 mg")],
        signatures=Signatures(patient=False, representative=False, reason_unable="unresponsive"),
    )
    entities = [
        ent(t, "unresponsive", "CONDITION", "unconscious_syncope"),
        ent(t, "pinpoint pupils", "CONDITION", "poisoning_overdose"),
        ent(t, "BVM", "INTERVENTION", "bvm_ventilation", level="BLS"),
        ent(t, "IO", "INTERVENTION", "io_access", level="ALS2"),
        ent(t, "IV", "INTERVENTION", "iv_access", "negated", after="failed", level="ALS1"),
        ent(t, "Narcan", "MEDICATION", "naloxone", level="ALS1"),
        ent(t, "Zofran", "MEDICATION", "ondansetron", level="ALS1"),
        ent(t, "vomiting", "CONDITION", "dehydration_gi"),
        ent(t, "aspiration", "CONDITION", "respiratory_distress", "possible"),
    ]
    narcan, zofran = span(t, "Narcan"), span(t, "Zofran")
    administrations = [
        {"medication": "Narcan", "category": "naloxone", "start": narcan[0], "end": narcan[1], "dose": 0.4,
         "unit": "mg", "route": "IVP", "route_class": "iv", "count": 2, "crystalloid": False,
         "prior_to_arrival": False, "assertion": "present"},
        {"medication": "Zofran", "category": "ondansetron", "start": zofran[0], "end": zofran[1], "dose": 4.0,
         "unit": "mg", "route": "IVP", "route_class": "iv", "count": 1, "crystalloid": False,
         "prior_to_arrival": False, "assertion": "present"},
    ]
    findings = [
        Finding("LEVEL_UNDERCODED", "info", "Intraosseous access supports ALS2 on its own.",
                ev(t, "IO established"), rule="42 CFR 414.605 (ALS2)", fix="No change needed.", points=0),
        Finding("ALS2_MEDICATION_COUNT", "warning",
                "ALS2 billed on medications, but 3 qualifying IV administrations are documented only with "
                "Narcan x2; Zofran counts as the third.", ev(t, "Narcan 0.4mg IVP x2", "Zofran 4mg IVP"),
                rule="42 CFR 414.605", fix="Document each IV push with its time.", points=-5),
    ]
    result = Result(id=record.id, score=64, risk="medium", supported_level="ALS2", billed_level="ALS2",
                    emergency=True, bed_confined=None, entities=entities, findings=findings)
    row = result.to_dict()
    row["administrations"] = administrations
    return record, row


def _fall() -> tuple[Record, dict[str, Any]]:
    t = FALL
    record = Record(
        id="PCR-2024-000519", narrative=t, unit="Medic 12",
        transport=Transport(emergency=True, origin="E", destination="H", loaded_miles=None),
        billing=Billing(hcpcs="A0427", level="ALS1"), crew=[CrewMember("EMT"), CrewMember("EMT")],
        medications=[Medication("fentanyl", "IN", dose="50 mcg")],
        signatures=Signatures(patient=True),
    )
    entities = [
        ent(t, "fall", "CONDITION", "major_trauma"),
        ent(t, "R hip pain 9/10", "CONDITION", "severe_pain"),
        ent(t, "shortening and rotation", "CONDITION", "fracture_dislocation"),
        ent(t, "bear weight", "MOBILITY", "ambulate", supports_bed_confinement=True),
        ent(t, "sit up in bed", "MOBILITY", "get_up_from_bed", supports_bed_confinement=True),
        ent(t, "pain increases", "CONDITION", "severe_pain", "hypothetical"),
        ent(t, "fentanyl", "MEDICATION", "fentanyl", level="ALS1"),
    ]
    findings = [
        Finding("CREW_LEVEL_INSUFFICIENT", "error", "ALS1 billed but no crew member is certified above EMT.",
                [], rule="42 CFR 414.605 (ALS personnel)", fix="Record the paramedic's certification in the crew.",
                points=-25),
        Finding("MILEAGE_INVALID", "error", "Loaded mileage is missing.", [], rule="HCPCS A0425",
                fix="Enter loaded miles to one decimal place.", points=-10),
    ]
    result = Result(id=record.id, score=41, risk="high", supported_level="ALS1", billed_level="ALS1",
                    emergency=True, bed_confined=None, entities=entities, findings=findings)
    return record, result.to_dict()


def _unparsed() -> tuple[None, dict[str, Any]]:
    result = Result(id="records.jsonl:7", errors=["records.jsonl:7: invalid JSON (Expecting ',' delimiter)"])
    return None, result.to_dict()


def build_rows() -> list[tuple[Record | None, dict[str, Any]]]:
    return [_chest_pain(), _dialysis(), _overdose(), _fall(), _unparsed()]
