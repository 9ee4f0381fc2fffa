"""One input object (a JSONL line, a CSV row, a NEMSIS report) -> a validated ``Record``.

Every reader funnels through ``record_from_dict`` so the three formats share one
set of rules: types are coerced where that is unambiguous (``"7.3"`` miles, ``"Y"``
signatures), coded values are normalised through the tables in
``narrative/resources`` (HCPCS -> level and emergency flag, level spellings,
origin/destination modifiers, NEMSIS mobility codes, crew certifications), and
anything else raises a ``RecordError`` that names the record and the field.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .coerce import (FieldError, is_blank, to_bool, to_date, to_dict, to_float, to_list,
                     to_str)
from .errors import RecordError
from .model import (Billing, CrewMember, Impression, Medication, Procedure, Record,
                    Signatures, Transport, Vitals)
from .tables import compact, hcpcs_levels, nemsis_codes, record_values, rxnorm_medications, \
    snomed_procedures

LEVELS = ("BLS", "ALS1", "ALS2", "SCT", "PI", "FW", "RW")
# top-level contract keys; anything else goes to Record.extra
SECTIONS = ("transport", "billing", "crew", "procedures", "medications", "vitals",
            "impression", "signatures", "transport_date", "unit", "transport_assessment")
_LISTED = ("procedures", "medications")
HCPCS_RE = re.compile(r"^(A\d{4})([A-Z]{2})?$")

Coercer = Callable[[Any, str], Any]


def normalise_level(value: Any, field: str = "billing.level") -> tuple[str | None, bool | None]:
    """("als 1" | "ALS-1" | "ALS1-Emergency" ...) -> (level, emergency flag the spelling implies)."""
    text = to_str(value, field)
    if text is None:
        return None, None
    hit = record_values()["level"].get(compact(text))
    if hit is None:
        raise FieldError(field, f"unknown level of service {text!r} (expected one of {', '.join(LEVELS)})")
    level, note = hit
    return level, {"emergency": True, "non-emergency": False}.get(note)


def normalise_modifier(value: Any, field: str) -> str | None:
    """Origin/destination modifier letter from a letter or a word ("SNF", "residence")."""
    text = to_str(value, field)
    if text is None:
        return None
    hit = record_values()["modifier"].get(compact(text))
    if hit is None:
        raise FieldError(field, f"unknown origin/destination modifier {text!r} (expected R H N E S P D G J I X)")
    return hit[0]


_NON_WORD = re.compile(r"\W+")


def _slug(text: str) -> str:
    """An unknown value kept as a token: "Unable to sit" -> "unable_to_sit"."""
    return _NON_WORD.sub("_", text.lower()).strip("_")


def _coded_or_spelled(text: str, codes: str, spellings: str, otherwise: str | None) -> str | None:
    """The value a NEMSIS code (nemsis_codes.csv list `codes`) or a known spelling (record_values.csv
    table `spellings`) stands for; `otherwise` when it is neither."""
    coded = nemsis_codes()[codes].get(text)
    if coded is not None:
        return coded.value
    hit = record_values()[spellings].get(compact(text))
    return hit[0] if hit else otherwise


def normalise_moved(value: Any, field: str) -> str | None:
    """How the patient was moved: NEMSIS code (9909013) or text -> walked | chair | stretcher ..."""
    text = to_str(value, field)
    return None if text is None else _coded_or_spelled(text, "moved", "moved", _slug(text))


def normalise_certification(value: Any, field: str) -> str | None:
    """Crew level from common spellings ("EMT-P", "medic", "Paramedic") or a NEMSIS eCrew.02 code."""
    text = to_str(value, field)
    return None if text is None else _coded_or_spelled(text, "crew_level", "certification", text)


def _zip(value: Any, field: str) -> str | None:
    text = to_str(value, field)
    if text is not None and re.fullmatch(r"\d{4}", text):
        text = "0" + text  # a ZIP read as a number lost its leading zero
    return text


def _section(cls: type, obj: Any, specs: dict[str, Coercer], path: str,
             extra: dict[str, Any]) -> Any:
    """Build dataclass ``cls`` from ``obj`` with one coercer per field; unknown keys go to extra."""
    data = to_dict(obj, path)
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        coercer = specs.get(key)
        if coercer is None:
            extra[f"{path}.{key}"] = value
        else:
            kwargs[key] = coercer(value, f"{path}.{key}")
    return cls(**kwargs)


TRANSPORT: dict[str, Coercer] = {
    "emergency": to_bool, "origin": normalise_modifier, "destination": normalise_modifier,
    "loaded_miles": to_float, "origin_zip": _zip, "destination_zip": _zip,
    "scheduled": to_bool, "interfacility": to_bool, "moved_to_ambulance": normalise_moved,
    "moved_from_ambulance": normalise_moved, "als_dispatch": to_bool,
}
SIGNATURES: dict[str, Coercer] = {
    "patient": to_bool, "representative": to_bool, "reason_unable": to_str,
    "pcs": to_bool, "pcs_date": to_date,
}
VITALS: dict[str, Coercer] = {name: to_float for name in
                              ("sbp", "dbp", "hr", "rr", "spo2", "gcs", "glucose", "etco2", "pain")}
VITALS["time"] = to_str
CREW: dict[str, Coercer] = {"certification": normalise_certification, "role": to_str}
PROCEDURE: dict[str, Coercer] = {"name": to_str, "code": to_str,
                                 "prior_to_arrival": lambda v, f: bool(to_bool(v, f))}
MEDICATION: dict[str, Coercer] = {
    "name": to_str, "route": to_str, "code": to_str, "dose": to_str,
    "prior_to_arrival": lambda v, f: bool(to_bool(v, f)),
}


def _vitals(obj: Any, path: str, extra: dict[str, Any]) -> Vitals:
    data = dict(to_dict(obj, path))
    bp = data.pop("bp", None)
    if isinstance(bp, str) and "/" in bp:  # "150/90" in one field
        sbp, _, dbp = bp.partition("/")
        data.setdefault("sbp", sbp)
        data.setdefault("dbp", dbp)
    elif bp is not None:
        raise FieldError(f"{path}.bp", f"expected 'systolic/diastolic', got {bp!r}")
    return _section(Vitals, data, VITALS, path, extra)


def _items(value: Any, path: str, build: Callable[[Any, str], Any], text_key: str | None) -> list[Any]:
    """A list section; a bare string item means ``{text_key: item}`` ("IV access")."""
    items = []
    for i, item in enumerate(to_list(value, path)):
        where = f"{path}[{i}]"
        if isinstance(item, (str, int)) and not isinstance(item, bool) and text_key:
            item = {text_key: item}
        items.append(build(item, where))
    return items


def _billing(obj: Any, extra: dict[str, Any]) -> tuple[Billing, bool | None, tuple[str, str] | None]:
    """Billing with the level derived from HCPCS when absent; also the implied emergency flag
    and any origin/destination modifier pair written after the code ("A0428-RN")."""
    billing = _section(Billing, obj, {"hcpcs": to_str, "level": to_str}, "billing", extra)
    level, emergency = normalise_level(billing.level)
    modifiers = None
    if billing.hcpcs:
        match = HCPCS_RE.match(compact(billing.hcpcs))
        if match:
            billing.hcpcs = match.group(1)
            pair = match.group(2)
            letters = record_values()["modifier"]
            if pair and pair[0] in letters and pair[1] in letters:
                modifiers = (pair[0], pair[1])
            known = hcpcs_levels().get(billing.hcpcs)
            if known is not None:
                level = level or known.level
                if known.emergency is not None:
                    emergency = known.emergency
    billing.level = level
    return billing, emergency, modifiers


def _impression(obj: Any, extra: dict[str, Any]) -> Impression:
    if isinstance(obj, str):
        obj = {"primary": obj}
    data = dict(to_dict(obj, "impression"))
    secondary = data.pop("secondary", None)
    impression = _section(Impression, data, {"primary": to_str, "icd10": to_str}, "impression", extra)
    if isinstance(secondary, str):
        secondary = re.split(r"[;|]", secondary)
    impression.secondary = [s for s in (to_str(v, "impression.secondary") for v in
                                        to_list(secondary, "impression.secondary")) if s]
    return impression


def _assessment(value: Any) -> list[str]:
    """ePayment.41 style tokens: "unable to sit" -> "unable_to_sit"; a code via nemsis_codes.csv."""
    if isinstance(value, str):
        value = re.split(r"[;|,]", value)
    tokens = []
    coded = nemsis_codes()["transport_assessment"]
    for i, item in enumerate(to_list(value, "transport_assessment")):
        text = to_str(item, f"transport_assessment[{i}]")
        if text:
            hit = coded.get(text)
            tokens.append(hit.value if hit else _slug(text))
    return tokens


def _named(items: list[Any], names: dict[str, str]) -> list[Any]:
    """Fill a missing procedure/medication name from its code (SNOMED CT / RxNorm table)."""
    for item in items:
        if not item.name and item.code:
            item.name = names.get(item.code)
    return items


def record_from_dict(obj: Any, source: str) -> Record:
    """Validate and normalise one raw record; raises ``RecordError`` naming id/source and field."""
    if not isinstance(obj, dict):
        raise RecordError(source, f"expected a JSON object, got {type(obj).__name__}")
    record_id: str | None = None
    try:
        record_id = to_str(obj.get("id"), "id")
    except FieldError as err:
        raise RecordError(source, err.message, field="id") from None
    if record_id is None:
        raise RecordError(source, "missing required field", field="id")
    try:
        return _build(obj, record_id, source)
    except FieldError as err:
        raise RecordError(source, err.message, record_id=record_id, field=err.field) from None


def _build(obj: dict[str, Any], record_id: str, source: str) -> Record:
    narrative = obj.get("narrative")
    if narrative is None:
        raise FieldError("narrative", "missing required field")
    if not isinstance(narrative, str):
        raise FieldError("narrative", f"expected text, got {type(narrative).__name__}")
    if not narrative.strip():
        raise FieldError("narrative", "is empty")

    extra: dict[str, Any] = {k: v for k, v in obj.items() if k not in SECTIONS and k not in ("id", "narrative")}
    transport = _section(Transport, obj.get("transport"), TRANSPORT, "transport", extra)
    billing, implied_emergency, modifiers = _billing(obj.get("billing"), extra)
    if transport.emergency is None:
        transport.emergency = implied_emergency
    if modifiers:
        transport.origin = transport.origin or modifiers[0]
        transport.destination = transport.destination or modifiers[1]

    return Record(
        id=record_id,
        narrative=narrative,
        transport=transport,
        billing=billing,
        crew=_items(obj.get("crew"), "crew",
                    lambda o, p: _section(CrewMember, o, CREW, p, extra), "certification"),
        procedures=_named(_items(obj.get("procedures"), "procedures",
                                 lambda o, p: _section(Procedure, o, PROCEDURE, p, extra), "name"),
                          snomed_procedures()),
        medications=_named(_items(obj.get("medications"), "medications",
                                  lambda o, p: _section(Medication, o, MEDICATION, p, extra), "name"),
                           rxnorm_medications()),
        vitals=_items(obj.get("vitals"), "vitals", lambda o, p: _vitals(o, p, extra), None),
        impression=_impression(obj.get("impression"), extra),
        signatures=_section(Signatures, obj.get("signatures"), SIGNATURES, "signatures", extra),
        transport_date=to_date(obj.get("transport_date"), "transport_date"),
        unit=to_str(obj.get("unit"), "unit"),
        transport_assessment=_assessment(obj.get("transport_assessment")),
        extra=extra,
        source=source,
        # an explicit empty list of procedures or medications says "none recorded", which the narrative
        # can contradict; an absent key says nothing
        provided={key for key in SECTIONS if not _empty(obj.get(key)) or (key in _LISTED and obj.get(key) == [])},
    )


def _empty(value: Any) -> bool:
    return is_blank(value) or value == {} or value == []
