"""Synthetic PCRs for the batch tests: varied layouts, abbreviations, typos, lower case."""
from __future__ import annotations

import json
from pathlib import Path

NARRATIVES = [
    "Medic 4 dispatched emergent to residence for 67 y/o M c/o chest pain x 2 hrs, substernal, radiating to L arm, "
    "8/10, diaphoretic. A&Ox4. Hx CAD HTN. Denies SOB. BP {sbp}/{dbp} HR {hr}. 12 lead shows ST elevation II III aVF, "
    "STEMI alert to Mercy. ASA 324 mg PO, NTG 0.4 mg SL, IV 18g L AC, fentanyl 50 mcg IV. Transported emergent.",
    "C: 82 yof c/o SOB worsening since last night. H: COPD on home O2 2L, CHF. A: tripoding, accessory muscle use, "
    "wheezes all fields, SpO2 {spo2}% on 2L, RR 32. R: duoneb via neb, CPAP 10 cmH2O, IV NS TKO, 12 lead sinus tach. "
    "T: transported emergent to St Luke's, pt improving. E: care transferred to ED RN.",
    "S: pt is a 54 yo male found down by family, unresponsive to verbal, responds to pain. BGL {bgl} mg/dl. "
    "O: pupils pinpoint, RR 6 shallow, snoring resp. A: suspected opioid OD. P: BVM ventilations, narcan 2 mg IN "
    "then 0.4 mg IV, pt became responsive and combative, restrained for safety. transported to county.",
    "pt is a bed confined 88 y/o F resident of Maple Grove SNF going to dialysis. pt unable to get out of bed without "
    "2 person assist, unable to ambulate, cannot sit in wheelchair d/t stage 3 sacral decub and contractures of both "
    "legs. moved via draw sheet to stretcher. vitals BP {sbp}/{dbp} HR {hr}. PCS on file. no changes en route.",
    "responded non emergent to nursing home for scheduled transport to wound clinic. pt ambulated to stretcher with "
    "steady gait, sat in wheelchair while paperwork completed. pt states family couldnt give him a ride today. "
    "a/ox4, no complaints, skin warm dry. BP {sbp}/{dbp}. transported w/o incident",
    "Dispatched for MVC rollover, pt 23 yo F restrained driver, c/o neck pain and L femur deformity. GCS 14. "
    "c-collar applied, SMR on long board, traction splint L leg. 2 large bore IVs, 500 ml NS bolus for BP {sbp}/{dbp}, "
    "HR {hr}. trauma alert, transported emergent to University Hospital level 1.",
    "called to grocery store for witnessed seizure. pt 35 y/o M postictal on arrival, hx epilepsy, missed meds. "
    "seized again on scene x 2 min, versed 5 mg IM given, seizure stopped. BGL {bgl}. SpO2 {spo2}% NRB. "
    "pt remained drowsy, transported to Regional Medical Center, no further seizure activity.",
    "CHIEF COMPLAINT: syncope. HISTORY: 71 yo male passed out at church, LOC approx 1 min per wife, hx afib on "
    "eliquis. ASSESSMENT: pale, HR {hr} irregular, BP {sbp}/{dbp}, 12 lead afib RVR. TREATMENT: IV 20g R hand, "
    "cardiac monitor, diltiazem 10 mg IV push. DISPOSITION: transported emergent, care to ED staff.",
]


def record(i: int, template: int | None = None) -> dict:
    """One synthetic PCR; vitals and ids vary with ``i``."""
    t = NARRATIVES[i % len(NARRATIVES) if template is None else template]
    text = t.format(sbp=100 + i % 60, dbp=60 + i % 30, hr=70 + i % 50, spo2=88 + i % 10, bgl=40 + i % 200)
    emergency = "non emergent" not in text and "dialysis" not in text
    return {"id": f"PCR-{i:06d}", "narrative": text,
            "transport": {"emergency": emergency, "origin": "R", "destination": "H", "loaded_miles": 4.2 + i % 9},
            "billing": {"level": "ALS1" if emergency else "BLS"},
            "crew": [{"certification": "Paramedic"}, {"certification": "EMT"}],
            "signatures": {"patient": True}}


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


