"""A tiny synthetic agency corpus for the training tests: narratives written for these tests only.

Some narratives use the agency's own word "swimmy" (not in the lexicon) with a gold span; claims
for non-emergency runs where the patient walked are denied, emergencies with a qualifying
condition are paid.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

EMERGENCY = [
    "Dispatched emergent to residence for {age} y/o {sex} c/o {cc}. Pt found sitting on couch, A&Ox4, {swimmy}"
    "skin pale diaphoretic. {tx} Pt tolerated transport, care transferred to ED RN.",
    "resp to nursing home for {age}yo {sex} w/ {cc} x 2 hrs. {swimmy}pt states pain 8/10. {tx} "
    "transported emergent to ER w/o incident, report given.",
    "CHIEF COMPLAINT: {cc}\nHISTORY: {age} y/o {sex}, hx htn, dm. {swimmy}\nTREATMENT: {tx}\n"
    "TRANSPORT: emergent, pt stable, no changes en route.",
]
NONEMERGENCY = [
    "Called for scheduled transfer of {age} y/o {sex} from SNF to dialysis. Pt ambulated to stretcher w/o "
    "assistance, {swimmy}no complaints. Vitals wnl. Transported non emergent.",
    "{age}yo {sex} for routine transport home from hospital, pt walked to cot, sat in wheelchair in lobby. "
    "{swimmy}denies cp, denies sob. non emergent transport uneventful.",
]
COMPLAINTS = ["chest pain", "CP radiating to L arm", "SOB", "difficulty breathing", "syncopal episode",
              "seizure activity", "abd pain with vomiting"]
TREATMENTS = ["IV established 18g L AC, NS TKO. 12 lead showed NSR.", "O2 4L NC applied, ASA 324 mg PO given.",
              "placed on cardiac monitor, BGL 110, IV 20g R hand.", "NRB 15 lpm, albuterol neb given."]
SWIMMY = ["pt reports feeling swimmy, ", "states she is swimmy and weak. ", "c/o feeling swimmy since am. "]


def narrative(rng: random.Random, emergency: bool, swimmy: bool) -> tuple[str, list[dict]]:
    template = rng.choice(EMERGENCY if emergency else NONEMERGENCY)
    phrase = rng.choice(SWIMMY) if swimmy else ""
    slots = {"age": rng.randint(40, 92), "sex": rng.choice(["M", "F", "male", "female"]),
             "cc": rng.choice(COMPLAINTS), "tx": rng.choice(TREATMENTS), "swimmy": phrase}
    text = template.format(**slots)
    spans = []
    if swimmy:
        start = text.index("swimmy")
        spans.append({"start": start, "end": start + len("swimmy"), "label": "CONDITION",
                      "category": "weakness_dizziness", "assertion": "present"})
    return text, spans


def record(rng: random.Random, n: int) -> dict:
    emergency = rng.random() < 0.5
    text, spans = narrative(rng, emergency, swimmy=rng.random() < 0.5)
    denied = (not emergency) if rng.random() < 0.9 else emergency
    return {"id": f"T-{n:04d}", "narrative": text, "spans": spans,
            "transport": {"emergency": emergency, "loaded_miles": round(rng.uniform(2, 20), 1)},
            "billing": {"level": "ALS1" if emergency else "BLS"},
            "crew": [{"certification": "Paramedic"}, {"certification": "EMT"}],
            "signatures": {"patient": True},
            "outcome": "denied" if denied else "paid"}


def write_corpus(path: Path, n: int, seed: int) -> Path:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(record(rng, i)) + "\n")
    return path
