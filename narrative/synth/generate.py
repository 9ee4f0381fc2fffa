"""The public generator: seeded synthetic PCRs with gold spans, expected findings and an outcome."""
from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..corpus import GoldDoc, GoldSpan
from ..corpus import write_gold as _write_markup
from . import gold, outcome, variants
from .bank import Bank, load_bank
from .render import STYLES, Renderer
from .scenario import Builder, Scenario

HCPCS = {("BLS", True): "A0429", ("BLS", False): "A0428", ("ALS1", True): "A0427", ("ALS1", False): "A0426",
         ("ALS2", True): "A0433", ("ALS2", False): "A0433", ("SCT", True): "A0434", ("SCT", False): "A0434"}
CLONE_FAMILIES = ("dialysis", "snf_hospital", "discharge")


def families() -> tuple[str, ...]:
    """Scenario family names, in file order."""
    return tuple(load_bank().families)


def generate(n: int, seed: int, styles: Iterable[str] | None = None,
             family_names: Iterable[str] | None = None, id_prefix: str = "SYN") -> Iterator[dict[str, Any]]:
    """Yield ``n`` CONTRACT input records, each with ``gold`` and ``outcome``; same seed, same output.

    A cloned-narrative pair (two runs documented with one copy-pasted narrative)
    takes two consecutive slots, and both records carry CLONED_NARRATIVE.
    """
    bank = load_bank()
    style_pool = tuple(styles or STYLES)
    unknown = set(style_pool) - set(STYLES)
    if unknown:
        raise ValueError(f"unknown styles: {sorted(unknown)}; choose from {STYLES}")
    fam_pool = tuple(family_names or bank.families)
    missing = set(fam_pool) - set(bank.families)
    if missing:
        raise ValueError(f"unknown scenario families: {sorted(missing)}")
    renderer = Renderer(bank)
    i = 0
    while i < n:
        rng = random.Random(seed * 1_000_003 + i)
        family = rng.choice(fam_pool)
        style = rng.choice(style_pool)
        pair = (i + 1 < n and family in CLONE_FAMILIES and rng.random() < bank.variants["clone"] * len(fam_pool) / 3)
        sc = Builder(bank, rng).build(family, set() if pair else variants.plan(bank, rng))
        variants.apply(sc, bank, rng)
        rendered = renderer.render(sc.parts, style, rng)
        if pair:
            twin = _clone(sc, rng)
            sc.cloned = True
            for k, s in enumerate((sc, twin)):
                yield _record(bank, s, rendered, style, f"{id_prefix}-{seed}-{i + k:06d}", rng)
            i += 2
        else:
            yield _record(bank, sc, rendered, style, f"{id_prefix}-{seed}-{i:06d}", rng)
            i += 1


def _clone(sc: Scenario, rng: random.Random) -> Scenario:
    """Another run of the same patient documented with the identical narrative."""
    from .scenario import shift

    twin = copy.deepcopy(sc)
    twin.cloned = True
    twin.transport_date = shift(sc.transport_date, rng.choice([2, 3, 7]))
    if twin.signatures.get("pcs_date"):
        twin.signatures["pcs_date"] = sc.signatures["pcs_date"]
    if twin.loaded_miles and twin.loaded_miles > 0:
        twin.loaded_miles = round(max(0.5, twin.loaded_miles + rng.uniform(-0.4, 0.4)), 1)
    twin.variants.append("clone")
    return twin


def _record(bank: Bank, sc: Scenario, rendered: Any, style: str, rid: str, rng: random.Random) -> dict[str, Any]:
    procs = sc.procedures + sc.extra_procedures
    meds = sc.medication_rows(bank)
    findings = gold.findings(sc, bank, [c for c, _ in procs], [c for c, _ in meds])
    supporting = sum(1 for m in sc.mentions() if m.label == "CONDITION" and m.present
                     and (bank.qualifying(m.category) or bank.necessity_reason(m.category)))
    label, p = outcome.draw_outcome(bank, findings, supporting, rendered.typo_rate, rng)
    return {
        "id": rid,
        "narrative": rendered.text,
        "transport": {
            "emergency": sc.emergency, "origin": sc.origin, "destination": sc.destination,
            "loaded_miles": sc.loaded_miles, "origin_zip": _zip(rng), "destination_zip": _zip(rng),
            "scheduled": sc.scheduled, "interfacility": sc.interfacility,
            "moved_to_ambulance": sc.moved_to_ambulance, "moved_from_ambulance": "stretcher",
            "als_dispatch": sc.als_dispatch,
        },
        "billing": {"hcpcs": HCPCS[(sc.billed_level, sc.emergency)], "level": sc.billed_level},
        "crew": [{"certification": c} for c in sc.crew],
        "procedures": [{"name": name} for _, name in procs],
        "medications": [row for _, row in meds],
        "vitals": sc.vitals,
        "impression": {"primary": sc.impression["primary"], "icd10": sc.impression["icd10"]},
        "signatures": dict(sc.signatures),
        "transport_date": sc.transport_date,
        "transport_assessment": sc.transport_assessment,
        "gold": {
            "spans": rendered.spans,
            "supported_level": gold.supported_level(sc, bank),
            "bed_confined": gold.bed_confined(sc),
            "findings": findings,
            "family": sc.family,
            "style": style,
            "variants": sorted(set(sc.variants)),
            "features": rendered.features,
            "mobility_mode": sc.mobility_mode,
            "denial_probability": round(p, 4),
        },
        "outcome": label,
    }


def _zip(rng: random.Random) -> str:
    return f"{rng.randint(10001, 99950):05d}"


def to_gold_doc(record: dict[str, Any]) -> GoldDoc:
    spans = [GoldSpan(s["start"], s["end"], s["label"], s["category"], s["assertion"],
                      s.get("supports_bed_confinement")) for s in record["gold"]["spans"]]
    return GoldDoc(record["id"], record["narrative"], spans)


def write_gold(records: Iterable[dict[str, Any]], path: str | Path) -> None:
    """Write records in the inline-annotated corpus format of docs/annotation.md."""
    _write_markup((to_gold_doc(r) for r in records), path)
