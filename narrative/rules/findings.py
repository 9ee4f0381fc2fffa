"""One small rule per CONTRACT finding code.

Severity, message template, fix-it advice, the regulation and the score points live in
resources/findings.yaml; a rule only decides whether its finding applies and fills the
template with specifics. CLONED_NARRATIVE is computed by the batch layer, which builds
it with :func:`make_finding` like every other code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Callable, Iterable

from ..evidence import Administration, Entity, Evidence
from ..records.model import Record
from ..result import Finding
from .levels import (
    ALS2_MIN_ADMINISTRATIONS, CREW_REQUIRED, LevelReason, crew_has, given_by_crew,
    has_als2_procedure, qualifying_count, rank, unpaired_medications,
)
from .necessity import CRITERIA_NAMES, BedStatus, nonemergency_reasons, qualifying_evidence, span
from .tables import (Scope, VitalClaim, categories, compile_all, convenience_phrases, convenience_gates, load_yaml,
                     vital_claims)

Categorize = Callable[[str], "set[tuple[str, str]]"]
Span = dict[str, int]

_LEVELS = load_yaml("levels.yaml")
_CLAIMS = load_yaml("claims.yaml")
_NEGATION = _CLAIMS["convenience_negation"]
_NEGATION_CUES = compile_all(_NEGATION["cues"])
_GENERIC = frozenset({"other", "other_medication"})


@dataclass(frozen=True)
class FindingSpec:
    code: str
    severity: str
    points: int
    high_risk: bool
    message: str
    fix: str
    rule: str


@lru_cache(maxsize=1)
def specs() -> dict[str, FindingSpec]:
    return {
        code: FindingSpec(code, row["severity"], int(row["points"]), bool(row["high_risk"]),
                          row["message"], row["fix"], row["rule"])
        for code, row in load_yaml("findings.yaml").items()
    }


def make_finding(code: str, evidence: Iterable[Span] = (), related: Iterable[str] = (), **params: object) -> Finding:
    """Build a finding from its findings.yaml entry, filling the templates with ``params``."""
    spec = specs()[code]
    return Finding(
        code=code,
        severity=spec.severity,
        message=spec.message.format(**params),
        evidence=_dedupe(evidence),
        rule=spec.rule,
        fix=spec.fix.format(**params),
        points=spec.points,
        related=list(related),
    )


def _dedupe(spans: Iterable[Span]) -> list[Span]:
    seen = {(s["start"], s["end"]) for s in spans}
    return [{"start": a, "end": b} for a, b in sorted(seen)]


@dataclass
class Context:
    """Everything a rule reads, computed once per record by :func:`narrative.rules.reconcile`."""

    record: Record
    evidence: Evidence
    scope: Scope
    categorize: Categorize
    emergency: bool | None
    bed: BedStatus
    supported: str
    billed: str | None
    reasons: list[LevelReason] = field(default_factory=list)

    def provided(self, section: str) -> bool:
        return section in self.record.provided

    def structured_categories(self, name: str | None, code: str | None = None) -> set[str]:
        text = (name or code or "").strip()
        return {category for _label, category in self.categorize(text)} if text else set()


Rule = Callable[[Context], "Finding | None"]


def _join(items: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(items))


# --- medical necessity -------------------------------------------------------------------------

def no_qualifying_condition(ctx: Context) -> Finding | None:
    if ctx.emergency is not True or qualifying_evidence(ctx.evidence):
        return None
    cats = categories()
    weak = [e.text for e in ctx.evidence.present("CONDITION") if not (cats.get(e.category) and cats[e.category].emergency_qualifying)]
    denied = [e.text for e in ctx.evidence.by_label("CONDITION")
              if e.assertion == "negated" and cats.get(e.category) and cats[e.category].emergency_qualifying]
    parts = []
    if weak:
        parts.append(f"documented: {_join(weak)}, which does not qualify by itself")
    if denied:
        parts.append(f"negated: {_join(denied)}")
    return make_finding("NO_QUALIFYING_CONDITION", detail=f" ({'; '.join(parts)})" if parts else "")


def bed_confinement_contradicted(ctx: Context) -> Finding | None:
    if ctx.emergency is not False or not ctx.bed.contradicted:
        return None
    spans = [s for _text, ss in ctx.bed.contradictions for s in ss]
    return make_finding("BED_CONFINEMENT_CONTRADICTED", spans,
                        detail="; ".join(text for text, _ in ctx.bed.contradictions))


def bed_confinement_incomplete(ctx: Context) -> Finding | None:
    bed = ctx.bed
    if ctx.emergency is not False or bed.contradicted or not bed.partial:
        return None
    documented = [CRITERIA_NAMES[c] for c in bed.met] or ["only a bare 'bed confined' statement"]
    spans = [s for ss in bed.met.values() for s in ss] + bed.bare
    return make_finding("BED_CONFINEMENT_INCOMPLETE", spans, documented="; ".join(documented),
                        missing="; ".join(CRITERIA_NAMES[c] for c in bed.missing))


def bed_confinement_not_documented(ctx: Context) -> Finding | None:
    bed = ctx.bed
    if ctx.emergency is not False or bed.contradicted or bed.complete or bed.partial:
        return None
    if nonemergency_reasons(ctx.evidence):
        return None
    return make_finding("BED_CONFINEMENT_NOT_DOCUMENTED")


def convenience_transport(ctx: Context) -> Finding | None:
    text = ctx.record.narrative or ""
    lower = text.lower()
    # most narratives have none: each phrase is searched (case-insensitively, for offsets in the
    # text) only when its gated lower-case form finds it
    live = [phrase for phrase, gate in zip(convenience_phrases(), convenience_gates()) if gate.search(lower)]
    hits: list[tuple[int, int, str]] = []
    for phrase in live:
        for m in phrase.pattern.finditer(text):
            if not _negated_before(text, m.start()) and not any(s < m.end() and m.start() < e for s, e, _ in hits):
                hits.append((m.start(), m.end(), phrase.note))
    if not hits:
        return None
    return make_finding("CONVENIENCE_TRANSPORT", [{"start": s, "end": e} for s, e, _ in hits],
                        reasons=_join(f"{note} ('{text[s:e]}')" for s, e, note in sorted(hits)))


def _negated_before(text: str, start: int) -> bool:
    clause = re.split(r"[.;:!?\n]|\bbut\b|\bhowever\b", text[:start])[-1]
    window = " ".join(clause.split()[-int(_NEGATION["window_words"]):])
    return any(cue.search(window) for cue in _NEGATION_CUES)


# --- level of service ----------------------------------------------------------------------------

def level_not_supported(ctx: Context) -> Finding | None:
    billed, supported = rank(ctx.billed), rank(ctx.supported)
    if billed is None or supported is None or billed <= supported:
        return None
    return make_finding("LEVEL_NOT_SUPPORTED", billed=ctx.billed, supported=ctx.supported,
                        detail=f"; {ctx.billed} needs {_LEVELS['requirements'][ctx.billed]}")


def level_undercoded(ctx: Context) -> Finding | None:
    billed, supported = rank(ctx.billed), rank(ctx.supported)
    if billed is None or supported is None or supported <= billed:
        return None
    top = [r for r in ctx.reasons if r.level == ctx.supported]
    return make_finding("LEVEL_UNDERCODED", [s for r in top for s in r.evidence], billed=ctx.billed,
                        supported=ctx.supported, detail="; ".join(r.reason for r in top))


def als2_medication_count(ctx: Context) -> Finding | None:
    if ctx.billed != "ALS2" or has_als2_procedure(ctx.reasons):
        return None
    given = given_by_crew(ctx.record, ctx.evidence, ctx.categorize)
    count = qualifying_count(given)
    # billed on medications: at least one qualifies. With none (a crystalloid bolus only) the claim does not
    # rest on medications at all, and LEVEL_NOT_SUPPORTED says what is wrong
    if not count or count >= ALS2_MIN_ADMINISTRATIONS:
        return None
    return make_finding("ALS2_MEDICATION_COUNT", [{"start": a.start, "end": a.end} for a, _ in given],
                        count=count, needed=ALS2_MIN_ADMINISTRATIONS)


def crew_level_insufficient(ctx: Context) -> Finding | None:
    needed = CREW_REQUIRED.get(ctx.billed or "")
    known = [m for m in ctx.record.crew if m.certification or m.role]
    if not needed or not known or crew_has(known, needed):
        return None  # no crew certifications listed: nothing to judge
    listed = _join(m.certification or m.role or "" for m in known)
    label = {"als": "Paramedic, AEMT or EMT-Intermediate", "specialty": "specialty staff (RN, critical care paramedic, RT, physician)"}
    return make_finding("CREW_LEVEL_INSUFFICIENT", billed=ctx.billed, needed=label.get(needed, needed), crew=listed)


# --- structured fields versus the narrative -------------------------------------------------------

_ROUTE_IMPLIES = {"iv": ("iv_access",), "infusion": ("iv_access", "infusion_pump"), "io": ("io_access",)}


def procedure_not_in_narrative(ctx: Context) -> Finding | None:
    ev = ctx.evidence
    # "absent from, or negated in": care the narrative says was given (or possibly given) is documented;
    # care offered and refused, planned "if needed", or from the history is not
    given = ("present", "possible")
    mentioned = {e.category for e in ev.entities if e.assertion in given} | {
        a.category for a in ev.administrations if a.assertion in given}
    # a drug given by a route documents the access or device it needs ("norepi drip" -> IV pump)
    mentioned |= {device for a in ev.administrations if a.assertion in given
                  for device in _ROUTE_IMPLIES.get(a.route_class or "", ())}
    items: list[tuple[str, str]] = []
    if ctx.provided("procedures"):
        items += [("procedures", p.name or p.code or "") for p in ctx.record.procedures]
    if ctx.provided("medications"):
        items += [("medications", m.name or m.code or "") for m in ctx.record.medications]
    missing: list[tuple[str, str]] = []
    negated: list[Span] = []
    for kind, name in items:
        cats = ctx.structured_categories(name)
        if not cats:
            continue  # the lexicon does not know this name: nothing to compare
        if cats & mentioned:
            continue
        missing.append((kind, name))
        negated += [span(e) for e in ev.entities if e.category in cats and e.assertion not in given]
    if not missing:
        return None
    kinds = " and ".join(dict.fromkeys(k for k, _ in missing))
    return make_finding("PROCEDURE_NOT_IN_NARRATIVE", negated, kind=kinds, items=_join(n for _, n in missing),
                        negated=" (or only negated)" if negated else "")


def narrative_procedure_not_coded(ctx: Context) -> Finding | None:
    """ALS interventions and crew-given medications in the narrative but not in the structured lists.

    BLS interventions (oxygen, glucose check, splinting...) are not required here: they do not
    change the level and many agencies do not code them.
    """
    if not (ctx.provided("procedures") or ctx.provided("medications")):
        return None
    coded: set[str] = set()
    for p in ctx.record.procedures:
        coded |= ctx.structured_categories(p.name, p.code)
    for m in ctx.record.medications:
        coded |= ctx.structured_categories(m.name, m.code)
    # a coded drug run through a pump has its pump coded with it: NEMSIS records "IV pump" as the drug's
    # route (eMedications.04 9927069), not as a procedure
    if any(a.category in coded and a.route_class == "infusion" for a in ctx.evidence.administrations):
        coded.add("infusion_pump")
    found: dict[str, tuple[str, list[Span]]] = {}

    def add(category: str, text: str, where: Span) -> None:
        if category in coded:
            return
        found.setdefault(category, (text, []))[1].append(where)

    if ctx.provided("procedures"):
        for ent in ctx.evidence.present("INTERVENTION"):
            if ctx.scope.level(ent.category, "INTERVENTION", fallback=ent.level) in ("ALS1", "ALS2"):
                add(ent.category, ent.text, span(ent))
    if ctx.provided("medications"):
        meds: list[Administration | Entity] = [a for a, _ in given_by_crew(ctx.record, ctx.evidence, ctx.categorize)]
        meds += unpaired_medications(ctx.evidence)
        for med in meds:
            add(med.category, getattr(med, "medication", None) or getattr(med, "text"), {"start": med.start, "end": med.end})
    if not found:
        return None
    return make_finding("NARRATIVE_PROCEDURE_NOT_CODED", [s for _, ss in found.values() for s in ss],
                        items=_join(f"'{text}'" for text, _ in found.values()))


def impression_contradicted(ctx: Context) -> Finding | None:
    primary = ctx.record.impression.primary
    if not ctx.provided("impression") or not primary:
        return None
    cats = ctx.structured_categories(primary, ctx.record.impression.icd10) - _GENERIC
    mentions = [e for e in ctx.evidence.entities if e.category in cats]
    negated = [e for e in mentions if e.assertion == "negated"]
    # only what the narrative says of this episode supports it: "hx of anaphylaxis" or "call if CP
    # returns" does not answer "no evidence of allergic reaction"
    if not negated or any(e.assertion in ("present", "possible") for e in mentions):
        return None
    return make_finding("IMPRESSION_CONTRADICTED", [span(e) for e in negated], impression=primary)


@lru_cache(maxsize=8192)
def claims_in(text: str) -> tuple[VitalClaim, ...]:
    """The vital-sign claims a mention's text makes, in table order. Cached: mention texts repeat
    across records ("hypotensive", "tachycardic"), and each claim is a case-insensitive regex."""
    return tuple(claim for claim in vital_claims() if claim.pattern.search(text))


def vitals_contradict_narrative(ctx: Context) -> Finding | None:
    if not ctx.provided("vitals") or not ctx.record.vitals:
        return None
    hits: dict[str, tuple[list[Span], str]] = {}
    for ent in ctx.evidence.present("CONDITION"):
        for claim in claims_in(ent.text):
            if ent.section in claim.reported_sections:
                continue
            if claim.consistent_with and claim.consistent_with.search(ctx.record.narrative or ""):
                continue
            values = [getattr(v, claim.vital) for v in ctx.record.vitals if getattr(v, claim.vital) is not None]
            if values and all(claim.contradicted_by(v) for v in values):
                shown = ", ".join(f"{v:g}" for v in values)
                detail = f"{claim.vital.upper()} {shown} (expected {claim.expected})"
                hits.setdefault(f"'{ent.text}'", ([], detail))[0].append(span(ent))
    if not hits:
        return None
    return make_finding("VITALS_CONTRADICT_NARRATIVE", [s for ss, _ in hits.values() for s in ss],
                        claims=_join(hits), details="; ".join(d for _, d in hits.values()))


# --- claim hygiene ---------------------------------------------------------------------------------

def missing_signature(ctx: Context) -> Finding | None:
    if not ctx.provided("signatures"):
        return None
    sig = ctx.record.signatures
    if sig.patient or (sig.representative and (sig.reason_unable or "").strip()):
        return None
    detail = ("a representative signed without the reason the patient could not sign" if sig.representative
              else "no patient signature and no authorized representative signature")
    return make_finding("MISSING_SIGNATURE", detail=detail)


def missing_pcs(ctx: Context) -> Finding | None:
    # NEMSIS input with a PCS but no signature group provides "signatures.pcs" only
    has_pcs_fields = ctx.provided("signatures") or ctx.provided("signatures.pcs")
    if ctx.emergency is not False or not has_pcs_fields or not ctx.provided("transport"):
        return None
    pcs_rules = _CLAIMS["pcs"]
    transport, sig = ctx.record.transport, ctx.record.signatures
    if transport.scheduled:
        kind, window = "Scheduled non-emergency transport", f"on or before the transport and within {pcs_rules['scheduled_max_age_days']} days of it"
    elif (transport.origin or "").upper() in pcs_rules["facility_origins"]:
        kind = f"Unscheduled non-emergency transport from a facility (origin {transport.origin.upper()})"
        window = f"within {pcs_rules['unscheduled_window_days'] * 24} hours of the transport"
    else:
        return None
    problem = _pcs_problem(sig.pcs, sig.pcs_date, ctx.record.transport_date, bool(transport.scheduled), pcs_rules)
    return make_finding("MISSING_PCS", kind=kind, detail=problem, window=window) if problem else None


def _pcs_problem(pcs: bool | None, pcs_date: str | None, transport_date: str | None,
                 scheduled: bool, rules: dict) -> str | None:
    if not pcs and not pcs_date:
        return "no PCS on file"
    signed = _date(pcs_date)
    if signed is None:
        return "the PCS has no valid date"
    trip = _date(transport_date)
    if trip is None:
        return None  # nothing to measure the window against
    days = (trip - signed).days
    if scheduled:
        if days < 0:
            return f"the PCS ({signed}) is dated after the transport ({trip})"
        if days > rules["scheduled_max_age_days"]:
            return f"the PCS ({signed}) is {days} days old, more than {rules['scheduled_max_age_days']}"
        return None
    if abs(days) > rules["unscheduled_window_days"]:
        return f"the PCS ({signed}) is {abs(days)} days from the transport ({trip}), outside 48 hours"
    return None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def mileage_invalid(ctx: Context) -> Finding | None:
    if not ctx.provided("transport"):
        return None
    rules = _CLAIMS["mileage"]
    t = ctx.record.transport
    miles = t.loaded_miles
    if miles is None:
        detail = "is missing"
    elif miles <= 0:
        detail = f"is {miles:g}, not a positive distance"
    elif abs(miles * 10 ** rules["max_decimals"] - round(miles * 10 ** rules["max_decimals"])) > 1e-6:
        detail = f"{miles:g} has more than {rules['max_decimals']} decimal place (bill to the tenth of a mile)"
    elif ctx.billed in rules["air_levels"] and miles > rules["max_air"]:
        detail = f"{miles:g} is implausible for an air transport (more than {rules['max_air']} miles)"
    elif ctx.billed not in rules["air_levels"] and miles > rules["max_ground"]:
        detail = f"{miles:g} is implausible for a ground transport (more than {rules['max_ground']} miles)"
    elif _same_zip(t.origin_zip, t.destination_zip) and miles > rules["max_same_zip"]:
        detail = f"{miles:g} is implausible for a trip within one ZIP code ({t.origin_zip})"
    else:
        return None
    return make_finding("MILEAGE_INVALID", detail=detail)


def _same_zip(a: str | None, b: str | None) -> bool:
    return bool(a and b and str(a).strip()[:5] == str(b).strip()[:5])


def narrative_too_thin(ctx: Context) -> Finding | None:
    ev = ctx.evidence
    words = ev.n_words or len((ctx.record.narrative or "").split())
    if words < _CLAIMS["narrative"]["min_words"]:
        detail = f"only {words} words"
    elif not ev.present("CONDITION") and not [m for m in ev.by_label("MOBILITY") if m.assertion in ("present", "negated")]:
        detail = "no assessment findings (no condition, symptom or mobility status documented)"
    else:
        return None
    return make_finding("NARRATIVE_TOO_THIN", detail=detail)


RULES: tuple[Rule, ...] = (
    no_qualifying_condition,
    bed_confinement_not_documented,
    bed_confinement_incomplete,
    bed_confinement_contradicted,
    convenience_transport,
    level_not_supported,
    level_undercoded,
    als2_medication_count,
    crew_level_insufficient,
    procedure_not_in_narrative,
    narrative_procedure_not_coded,
    impression_contradicted,
    vitals_contradict_narrative,
    missing_signature,
    missing_pcs,
    mileage_invalid,
    narrative_too_thin,
)
