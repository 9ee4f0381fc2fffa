"""NEMSIS v3.5 XML reader (``EMSDataSet`` > ``Header`` > ``PatientCareReport``), streamed.

Parsed with defusedxml's ``iterparse`` with DTDs forbidden, so external entities and
entity-expansion bombs are refused; each ``PatientCareReport`` is turned into a
contract dict, validated by ``record_from_dict`` and then cleared from memory.
Code lists (service level, type of service, routes, crew levels, mobility,
destination types) live in ``narrative/resources/nemsis_codes.csv``.

Element choices worth knowing:
- emergency: ePayment.50 when it says (ALS1/BLS emergency or not), else eResponse.05.
- loaded miles: eResponse.21 (patient destination odometer) minus eResponse.20 (on-scene
  odometer), to the tenth of a mile; NEMSIS has no loaded-mileage element of its own.
- als_dispatch: ePayment.49 (ALS assessment performed and warranted) = Yes.
- impression: eSituation.11 ICD-10 code; ``primary`` is the chief complaint text
  (eSituation.04), which is what crews and narratives phrase; eSituation.12 -> secondary.
- signatures: eOther.SignatureGroup (eOther.12 who signed, eOther.15 status; a "Not Signed - ..."
  status of the patient becomes ``reason_unable``) and the PCS (ePayment.02/.03). A report
  with a PCS but no signature group carries "signatures.pcs" in ``provided``, not
  "signatures", so an absent eOther section is not read as a missing patient signature.
- id: eRecord.01, else the PatientCareReport UUID attribute.
- Elements with xsi:nil, an NV (not value) or a PN (pertinent negative) attribute are
  "not documented": a medication or procedure with a PN was not given/done.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .coerce import FieldError, to_float
from .errors import RecordError
from .files import open_binary
from .model import Record
from .parse import record_from_dict
from .tables import NemsisCode, nemsis_codes

XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
NOT_DOCUMENTED_ATTRS = ("NV", "PN")
VITALS = {"eVitals.06": "sbp", "eVitals.07": "dbp", "eVitals.10": "hr", "eVitals.14": "rr",
          "eVitals.12": "spo2", "eVitals.23": "gcs", "eVitals.18": "glucose",
          "eVitals.16": "etco2", "eVitals.27": "pain", "eVitals.01": "time"}
DATE_ELEMENTS = ("eTimes.09", "eTimes.07", "eTimes.06", "eTimes.05", "eTimes.03")


def local(tag: str) -> str:
    """Element name without its namespace ("{http://www.nemsis.org}eRecord.01" -> "eRecord.01")."""
    return tag.rsplit("}", 1)[-1]


def value(elem: Element | None) -> str | None:
    """Element text, or None when nil / NV / PN ("not documented", never an error)."""
    if elem is None or elem.get(XSI_NIL) in ("true", "1"):
        return None
    if any(elem.get(attr) for attr in NOT_DOCUMENTED_ATTRS):
        return None
    text = (elem.text or "").strip()
    return text or None


class Index:
    """Elements of one report (or one group inside it) by local name, in document order."""

    def __init__(self, root: Element) -> None:
        self.by_name: dict[str, list[Element]] = defaultdict(list)
        for elem in root.iter():
            self.by_name[local(elem.tag)].append(elem)

    def get(self, name: str) -> str | None:
        for elem in self.by_name.get(name, ()):
            text = value(elem)
            if text is not None:
                return text
        return None

    def all(self, name: str) -> list[str]:
        return [t for t in (value(e) for e in self.by_name.get(name, ())) if t is not None]

    def groups(self, name: str) -> list[Index]:
        return [Index(e) for e in self.by_name.get(name, ())]

    def has(self, name: str) -> bool:
        return name in self.by_name


def _code(list_name: str, code: str | None) -> NemsisCode | None:
    return nemsis_codes()[list_name].get(code) if code else None


def read_nemsis(path: str | Path, name: str | None = None) -> Iterator[Record | RecordError]:
    """Yield one ``Record | RecordError`` per PatientCareReport; one RecordError for a bad file."""
    label = name or Path(path).name
    try:
        handle = open_binary(path)
    except OSError as err:
        yield RecordError(label, f"cannot open file: {err.strerror or err}")
        return
    count = 0
    with handle:
        stack: list[Element] = []
        try:
            for event, elem in SafeET.iterparse(handle, events=("start", "end"), forbid_dtd=True,
                                                forbid_entities=True, forbid_external=True):
                if event == "start":
                    stack.append(elem)
                    continue
                stack.pop()
                if local(elem.tag) == "PatientCareReport":
                    count += 1
                    yield report_to_record(elem, f"{label}:PatientCareReport[{count}]")
                    elem.clear()
                    if stack:
                        stack[-1].remove(elem)
        except DefusedXmlException as err:
            yield RecordError(label, f"XML refused: DTDs and entity declarations are not allowed "
                                     f"in NEMSIS input ({type(err).__name__})")
            return
        except ParseError as err:
            yield RecordError(label, f"XML does not parse: {err}")
            return
        except (OSError, EOFError) as err:
            yield RecordError(label, f"cannot read file: {err}")
            return
    if count == 0:
        yield RecordError(label, "no PatientCareReport element found (expected a NEMSIS v3.5 EMSDataSet)")


def report_to_record(report: Element, source: str) -> Record | RecordError:
    """One PatientCareReport element -> Record (or RecordError naming the report)."""
    idx = Index(report)
    record_id = idx.get("eRecord.01") or report.get("UUID")
    try:
        obj = report_to_dict(idx, record_id)
    except FieldError as err:
        return RecordError(source, err.message, record_id=record_id, field=err.field)
    try:
        record = record_from_dict(obj, source)
    except RecordError as err:
        return err
    if "signatures" in record.provided and not idx.has("eOther.SignatureGroup"):
        record.provided.discard("signatures")
        record.provided.add("signatures.pcs")
    return record


def report_to_dict(idx: Index, record_id: str | None) -> dict[str, Any]:
    """The contract dict of one report (codes are mapped; unknown codes are kept as given)."""
    service = _code("type_of_service", idx.get("eResponse.05"))
    level = _code("service_level", idx.get("ePayment.50"))
    emergency = level.emergency if level and level.emergency is not None else (
        service.emergency if service else None)
    destination = _code("destination_type", idx.get("eDisposition.21"))
    als = _code("yes_no", idx.get("ePayment.49"))
    transport = {
        "emergency": emergency,
        "interfacility": service.interfacility if service else None,
        "origin": service.origin if service else None,
        "destination": destination.value if destination else None,
        "origin_zip": idx.get("eScene.19"),
        "destination_zip": idx.get("eDisposition.07"),
        "loaded_miles": _loaded_miles(idx),
        "moved_to_ambulance": idx.get("eDisposition.13"),
        "moved_from_ambulance": idx.get("eDisposition.15"),
        "als_dispatch": als.value == "true" if als and als.value else None,
    }
    obj: dict[str, Any] = {
        "id": record_id,
        "narrative": _narrative(idx),
        "transport": _present(transport),
        "billing": {"level": level.value} if level else {},
        "crew": [{"certification": g.get("eCrew.02")} for g in idx.groups("eCrew.CrewGroup")
                 if g.get("eCrew.02")],
        "procedures": _procedures(idx),
        "medications": _medications(idx),
        "vitals": _vitals(idx),
        "impression": _present({"primary": idx.get("eSituation.04"), "icd10": idx.get("eSituation.11"),
                                "secondary": idx.all("eSituation.12")}),
        "transport_date": next((t for t in map(idx.get, DATE_ELEMENTS) if t), None),
        "unit": idx.get("eResponse.13") or idx.get("eResponse.14"),
        "transport_assessment": idx.all("ePayment.41"),
        "nemsis": {name: code for name in ("eResponse.05", "ePayment.50", "eDisposition.21",
                                           "eDisposition.13", "eDisposition.15")
                   if (code := idx.get(name))},
    }
    signatures = _signatures(idx)
    pcs = _code("yes_no_unknown", idx.get("ePayment.02"))
    if pcs is not None or idx.get("ePayment.03"):
        signatures.update(pcs=pcs.value if pcs else None, pcs_date=idx.get("ePayment.03"))
    if signatures:
        obj["signatures"] = signatures
    return obj


def _signatures(idx: Index) -> dict[str, Any]:
    """Patient / representative signatures from eOther.SignatureGroup (empty when none)."""
    groups = idx.groups("eOther.SignatureGroup")
    if not groups:
        return {}
    signed = {"patient": False, "representative": False}
    reasons = []
    for group in groups:
        signer = _code("signer", group.get("eOther.12"))
        who = signer.value if signer else None
        if who not in signed:
            continue  # crew, witnesses, receiving staff
        status = _code("signature_status", group.get("eOther.15"))
        if status is None or status.value == "signed":
            signed[who] = True
        elif who == "patient":
            reasons.append(status.display)
    return {**signed, "reason_unable": "; ".join(reasons) or None}


def _present(section: dict[str, Any]) -> dict[str, Any]:
    """Only the documented fields, so an all-nil section does not count as provided."""
    return {k: v for k, v in section.items() if v is not None and v != []}


def _narrative(idx: Index) -> str | None:
    elems = idx.by_name.get("eNarrative.01", ())
    return elems[0].text if elems and value(elems[0]) is not None else None


def _loaded_miles(idx: Index) -> float | None:
    scene = to_float(idx.get("eResponse.20"), "eResponse.20")
    destination = to_float(idx.get("eResponse.21"), "eResponse.21")
    if scene is None or destination is None:
        return None
    return round(destination - scene, 1)


def _procedures(idx: Index) -> list[dict[str, Any]]:
    rows = []
    for group in idx.groups("eProcedures.ProcedureGroup"):
        code = group.get("eProcedures.03")
        if code:
            prior = _code("yes_no", group.get("eProcedures.02"))
            rows.append({"code": code, "prior_to_arrival": bool(prior and prior.value == "true")})
    return rows


def _medications(idx: Index) -> list[dict[str, Any]]:
    rows = []
    for group in idx.groups("eMedications.MedicationGroup"):
        code = group.get("eMedications.03")
        if not code:
            continue
        route_code = group.get("eMedications.04")
        route = _code("route", route_code)
        prior = _code("yes_no", group.get("eMedications.02"))
        rows.append({"code": code, "route": route.value if route else route_code,
                     "dose": group.get("eMedications.05"),
                     "prior_to_arrival": bool(prior and prior.value == "true")})
    return rows


def _vitals(idx: Index) -> list[dict[str, Any]]:
    rows = []
    for group in idx.groups("eVitals.VitalGroup"):
        row = {field: group.get(name) for name, field in VITALS.items()}
        if any(v is not None for k, v in row.items() if k != "time"):
            rows.append({k: v for k, v in row.items() if v is not None})
    return rows
