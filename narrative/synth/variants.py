"""Claim problems injected into a built scenario: one small mutator per problem.

Which problems a record gets is drawn from ``variants.yaml``; a mutator only
applies where its finding would be unambiguous and records its name in
``Scenario.variants``.
"""
from __future__ import annotations

import random
from typing import Callable

from .bank import Bank
from .gold import LEVELS, documented_level, rank, supported_level
from .pieces import Mention, fill
from .scenario import ALS_CERTS, Scenario

PRE_BUILD = ("thin", "impression_contradicted", "vitals_contradict")


def plan(bank: Bank, rng: random.Random) -> set[str]:
    """Variants that shape the narrative itself, drawn before the scenario is built."""
    p = bank.variants
    chosen = {name for name in PRE_BUILD if rng.random() < p[name]}
    if "thin" in chosen:
        chosen = {"thin"}
    return chosen


def apply(sc: Scenario, bank: Bank, rng: random.Random) -> None:
    """Set the billed level, then inject the claim-side problems drawn for this record."""
    sc.billed_level = supported_level(sc, bank)
    p = bank.variants
    for name, mutate in MUTATORS.items():
        if rng.random() < p[name] and mutate(sc, bank, rng):
            sc.variants.append(name)


def _upcode(sc: Scenario, bank: Bank, rng: random.Random) -> bool:
    if sc.thin or sc.billed_level not in ("BLS", "ALS1"):
        return False
    if sc.billed_level == "BLS":
        sc.als_dispatch = False  # no ALS assessment to lean on
        if not ALS_CERTS & set(sc.crew):
            sc.crew = ["Paramedic", "EMT"]
    sc.billed_level = LEVELS[rank(sc.billed_level) + 1]
    return True


def _undercode(sc: Scenario, bank: Bank, rng: random.Random) -> bool:
    if sc.billed_level == "BLS" or "upcode" in sc.variants:
        return False
    sc.billed_level = LEVELS[rank(sc.billed_level) - 1]
    return True


def _crew_insufficient(sc: Scenario, bank: Bank, rng: random.Random) -> bool:
    if sc.billed_level not in ("ALS1", "ALS2") or documented_level(sc, bank) == "BLS":
        return False
    sc.crew = ["EMT", "EMT"]
    return True


def _missing_signature(sc: Scenario, bank: Bank, rng: random.Random) -> bool:
    sc.signatures.update(patient=False, representative=False, reason_unable=None)
    return True


def _missing_pcs(sc: Scenario, bank: Bank, rng: random.Random) -> bool:
    if not sc.needs_pcs:
        return False
    from .scenario import shift

    if sc.scheduled and rng.random() < 0.4:
        sc.signatures.update(pcs=True, pcs_date=shift(sc.transport_date, -rng.randint(75, 240)))
    else:
        sc.signatures.update(pcs=False, pcs_date=None)
    return True


def _bad_mileage(sc: Scenario, bank: Bank, rng: random.Random) -> bool:
    sc.loaded_miles = rng.choice([None, 0.0, -round(rng.uniform(0.5, 9.0), 1)])
    return True


def _procedure_not_in_narrative(sc: Scenario, bank: Bank, rng: random.Random) -> bool:
    """A coded procedure the narrative never mentions, or an IV the narrative says failed."""
    written = {m.category for m in sc.mentions() if m.label == "INTERVENTION"}
    iv_meds = any(a.route in ("iv", "infusion") for a in sc.admins)
    if not sc.thin and "iv_access" not in written and not iv_meds and rng.random() < 0.5:
        spec = bank.interventions["iv_access"]
        m = Mention(rng.choice(spec["forms"]), "INTERVENTION", "iv_access", "negated")
        sc.parts["treatment"].append(fill(rng.choice(spec["negated"]), m=m))
        sc.extra_procedures.append(("iv_access", spec["name"]))
        return True
    pool = [c for c in ("ecg_12_lead", "cardiac_monitoring", "capnography", "glucose_check", "oxygen", "splinting")
            if c not in written]
    if not pool:
        return False
    cat = rng.choice(pool)
    sc.extra_procedures.append((cat, bank.interventions[cat]["name"]))
    return True


def _narrative_not_coded(sc: Scenario, bank: Bank, rng: random.Random) -> bool:
    """Drop one narrated intervention or medication from the structured fields."""
    options = [("proc", c) for c, _ in sc.procedures] + [
        ("med", a.category) for a in sc.admins if a.mention.present and not a.prior]
    if not options:
        return False
    kind, cat = rng.choice(options)
    if kind == "proc":
        sc.procedures = [(c, n) for c, n in sc.procedures if c != cat]
    sc.uncoded.add(cat)
    return True


MUTATORS: dict[str, Callable[[Scenario, Bank, random.Random], bool]] = {
    "procedure_not_in_narrative": _procedure_not_in_narrative,
    "narrative_not_coded": _narrative_not_coded,
    "upcode": _upcode,
    "undercode": _undercode,
    "crew_insufficient": _crew_insufficient,
    "missing_signature": _missing_signature,
    "missing_pcs": _missing_pcs,
    "bad_mileage": _bad_mileage,
}
