"""Expected level, bed confinement and findings, from what the scenario put in.

These follow DOMAIN.md and the CONTRACT finding table, and stay conservative:
the generator only writes scenarios whose answer is unambiguous, so every rule
here is a plain reading of the facts it knows.
"""
from __future__ import annotations

from .bank import Bank
from .scenario import ALS_CERTS, SCT_CERTS, Scenario

LEVELS = ("BLS", "ALS1", "ALS2", "SCT")
ALS2_ROUTES = frozenset({"iv", "io", "infusion"})
CRITERIA = ("get_up_from_bed", "ambulate", "sit_chair")


def rank(level: str) -> int:
    return LEVELS.index(level)


def als2_med_count(sc: Scenario, bank: Bank) -> int:
    """IV/IO push, bolus or infusion of non-crystalloids this unit gave (42 CFR 414.605)."""
    return sum(a.count for a in sc.admins
               if a.mention.present and not a.prior and a.route in ALS2_ROUTES
               and a.category not in bank.crystalloids)


def documented_level(sc: Scenario, bank: Bank) -> str:
    """Highest level the narrative's interventions and medications support (no assessment credit)."""
    level = "BLS"
    for m in sc.mentions():
        if m.label in ("INTERVENTION", "MEDICATION") and m.present and not m.prior:
            lvl = bank.level_of(m.label, m.category)
            if rank(lvl) > rank(level):
                level = lvl
    if als2_med_count(sc, bank) >= 3:
        level = "ALS2"
    if sc.interfacility and SCT_CERTS & set(sc.crew) and any(
            m.label == "INTERVENTION" and m.present and bank.beyond_paramedic(m.category) for m in sc.mentions()):
        level = "SCT"
    return level


def supported_level(sc: Scenario, bank: Bank) -> str:
    level = documented_level(sc, bank)
    if sc.emergency and sc.als_dispatch and ALS_CERTS & set(sc.crew) and level == "BLS":
        level = "ALS1"  # ALS assessment on an emergency call dispatched as ALS
    return level


def mobility_state(sc: Scenario) -> tuple[set[str], bool, bool]:
    """(criteria documented as unmet, contradicted, bare statement) from MOBILITY mentions."""
    met: set[str] = set()
    contradicted = bare = False
    for m in sc.mentions():
        if m.label != "MOBILITY":
            continue
        if m.supports is False:
            contradicted = True
        elif m.supports is True and m.category in CRITERIA:
            met.add(m.category)
        elif m.supports is True and m.category == "bed_confined":
            bare = True
    return met, contradicted, bare


def bed_confined(sc: Scenario) -> bool | None:
    met, contradicted, _ = mobility_state(sc)
    if contradicted:
        return False
    if met == set(CRITERIA):
        return True
    return None


def findings(sc: Scenario, bank: Bank, structured_procs: list[str], structured_meds: list[str]) -> list[str]:
    """Finding codes the record should get (CONTRACT.md), sorted."""
    codes: set[str] = set()
    ms = sc.mentions()
    present_conditions = [m for m in ms if m.label == "CONDITION" and m.present]
    if sc.emergency and not any(bank.qualifying(m.category) for m in present_conditions):
        codes.add("NO_QUALIFYING_CONDITION")
    if not sc.emergency:
        met, contradicted, bare = mobility_state(sc)
        reasons = any(bank.necessity_reason(m.category) for m in present_conditions) or any(
            m.label == "INTERVENTION" and m.present for m in ms)
        if contradicted:
            codes.add("BED_CONFINEMENT_CONTRADICTED")
        elif met == set(CRITERIA):
            pass
        elif met or bare:
            codes.add("BED_CONFINEMENT_INCOMPLETE")
        elif not reasons:
            codes.add("BED_CONFINEMENT_NOT_DOCUMENTED")
    if sc.convenience:
        codes.add("CONVENIENCE_TRANSPORT")
    supported = supported_level(sc, bank)
    if rank(sc.billed_level) > rank(supported):
        codes.add("LEVEL_NOT_SUPPORTED")
    elif rank(sc.billed_level) < rank(supported):
        codes.add("LEVEL_UNDERCODED")
    als2_procedure = any(m.label == "INTERVENTION" and m.present and bank.level_of(m.label, m.category) == "ALS2"
                         for m in ms)
    if sc.billed_level == "ALS2" and not als2_procedure and 0 < als2_med_count(sc, bank) < 3:
        codes.add("ALS2_MEDICATION_COUNT")
    crew = set(sc.crew)
    if (sc.billed_level in ("ALS1", "ALS2") and not ALS_CERTS & crew) or (
            sc.billed_level == "SCT" and not SCT_CERTS & crew):
        codes.add("CREW_LEVEL_INSUFFICIENT")
    narrated = {m.category for m in ms if m.label in ("INTERVENTION", "MEDICATION") and m.present}
    coded = set(structured_procs) | set(structured_meds)
    if coded - narrated:
        codes.add("PROCEDURE_NOT_IN_NARRATIVE")
    if narrated - coded:
        codes.add("NARRATIVE_PROCEDURE_NOT_CODED")
    imp = sc.impression["category"]
    if any(m.category == imp and m.assertion == "negated" for m in ms) and not any(
            m.category == imp and m.present for m in ms):
        codes.add("IMPRESSION_CONTRADICTED")
    if sc.vitals_contradicted:
        codes.add("VITALS_CONTRADICT_NARRATIVE")
    sig = sc.signatures
    if not sig.get("patient") and not (sig.get("representative") and sig.get("reason_unable")):
        codes.add("MISSING_SIGNATURE")
    if sc.needs_pcs and not _pcs_valid(sc):
        codes.add("MISSING_PCS")
    if sc.loaded_miles is None or sc.loaded_miles <= 0:
        codes.add("MILEAGE_INVALID")
    if sc.thin:
        codes.add("NARRATIVE_TOO_THIN")
    if sc.cloned:
        codes.add("CLONED_NARRATIVE")
    return sorted(codes)


def _pcs_valid(sc: Scenario) -> bool:
    from datetime import date

    sig = sc.signatures
    if not sig.get("pcs") or not sig.get("pcs_date"):
        return False
    age = (date.fromisoformat(sc.transport_date) - date.fromisoformat(sig["pcs_date"])).days
    return 0 <= age <= 60 if sc.scheduled else -2 <= age <= 2
