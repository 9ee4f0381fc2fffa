"""Review page benchmark: write a 5,000-report page and time it, then time first render in Chromium.

    .venv/bin/python benchmarks/bench_review.py [--rows 5000] [--out out/bench_review.html]

Rows are synthetic (templated narratives with entity and evidence offsets found by str.find), so the
benchmark needs neither the spaCy pipeline nor real data. Time to first render needs Debian's
/usr/bin/chromium (``make chromium``); without it only the write figures are printed.
"""
from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any, Iterator

from narrative.evidence import Entity
from narrative.records.model import Billing, CrewMember, Record, Signatures, Transport, Vitals
from narrative.result import Finding, Result
from narrative.review import write_review

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# (narrative template, entities as (phrase, label, category, assertion, extra), findings as (code, severity,
# evidence phrase or None, points), billed level, emergency)
TEMPLATES: list[tuple[str, list[tuple[str, str, str, str, dict[str, Any]]], list[tuple[str, str, str | None, int]],
                      str, bool]] = [
    ("dispatched emergent to res for {age} y/o {sex} c/o chest pain x{hrs} hrs, denies sob. hx of MI. "
     "12 lead shows sinus tach. 18g IV L AC. ASA 324mg PO. pt walked to stretcher. transported emergent.",
     [("chest pain", "CONDITION", "chest_pain_cardiac", "present", {}),
      ("sob", "CONDITION", "respiratory_distress", "negated", {}),
      ("MI", "CONDITION", "chest_pain_cardiac", "historical", {}),
      ("12 lead", "INTERVENTION", "ecg_12_lead", "present", {"level": "ALS1"}),
      ("IV", "INTERVENTION", "iv_access", "present", {"level": "ALS1"}),
      ("ASA", "MEDICATION", "aspirin", "present", {"level": "BLS"})],
     [("NARRATIVE_PROCEDURE_NOT_CODED", "warning", "12 lead", -4)], "ALS1", True),
    ("CHART C: {age} yo {sex} from SNF to dialysis. H: ESRD, CVA. A: pt bedbound per staff, A&Ox{ox}. "
     "T: pt ambulated to stretcher w/ standby assist, sat in wheelchair at facility.",
     [("ESRD", "CONDITION", "end_stage_disease", "historical", {}),
      ("CVA", "CONDITION", "stroke_neuro_deficit", "historical", {}),
      ("bedbound", "MOBILITY", "bed_confined", "present", {"supports_bed_confinement": True}),
      ("ambulated to stretcher", "MOBILITY", "ambulate", "present", {"supports_bed_confinement": False}),
      ("sat in wheelchair", "MOBILITY", "sit_chair", "present", {"supports_bed_confinement": False})],
     [("BED_CONFINEMENT_CONTRADICTED", "error", "ambulated to stretcher", -40),
      ("MISSING_PCS", "error", None, -20)], "BLS", False),
    ("called to scene for {age} yo {sex} unresponsive, pinpoint pupils, RR {rr}. BVM. IO established. "
     "Narcan 0.4mg IVP x2, Zofran 4mg IVP. pt now GCS 14. possible aspiration. 😟 family on scene.",
     [("unresponsive", "CONDITION", "unconscious_syncope", "present", {}),
      ("BVM", "INTERVENTION", "bvm_ventilation", "present", {"level": "BLS"}),
      ("IO", "INTERVENTION", "io_access", "present", {"level": "ALS2"}),
      ("Narcan", "MEDICATION", "naloxone", "present", {"level": "ALS1"}),
      ("Zofran", "MEDICATION", "ondansetron", "present", {"level": "ALS1"}),
      ("aspiration", "CONDITION", "respiratory_distress", "possible", {})],
     [("ALS2_MEDICATION_COUNT", "warning", "Narcan 0.4mg IVP x2", -5)], "ALS2", True),
    ("pt transported from home to clinic appt, no ride available. pt states feels fine, denies pain. "
     "ambulatory at baseline.",
     [("pain", "CONDITION", "severe_pain", "negated", {}),
      ("ambulatory", "MOBILITY", "ambulate", "present", {"supports_bed_confinement": False})],
     [("CONVENIENCE_TRANSPORT", "error", "no ride available", -30),
      ("BED_CONFINEMENT_NOT_DOCUMENTED", "error", None, -30)], "BLS", False),
]
UNITS = ["Medic 1", "Medic 7", "Medic 12", "BLS 4", "BLS 9"]


def synthetic_rows(n: int, seed: int = 7) -> Iterator[tuple[Record | None, dict[str, Any]]]:
    rng = random.Random(seed)
    for k in range(n):
        if k % 500 == 499:
            yield None, Result(id=f"batch.jsonl:{k + 1}", errors=[f"batch.jsonl:{k + 1}: missing narrative"]).to_dict()
            continue
        text, ents, finds, level, emergency = TEMPLATES[k % len(TEMPLATES)]
        narrative = text.format(age=rng.randint(18, 99), sex=rng.choice("MF"), hrs=rng.randint(1, 6),
                                ox=rng.randint(1, 4), rr=rng.randint(4, 10))
        entities = []
        for phrase, label, category, assertion, extra in ents:
            start = narrative.find(phrase)
            entities.append(Entity(label, phrase, start, start + len(phrase), category, assertion, **extra))
        findings = []
        for code, severity, phrase, points in finds:
            evidence = []
            if phrase:
                start = narrative.find(phrase)
                evidence = [{"start": start, "end": start + len(phrase)}]
            findings.append(Finding(code, severity, f"{code.replace('_', ' ').capitalize()}.", evidence,
                                    rule="42 CFR 410.40", fix="Document the reason in the narrative.", points=points))
        score = max(0, min(100, 100 + sum(f.points for f in findings) - rng.randint(0, 30)))
        record = Record(id=f"PCR-2024-{k:06d}", narrative=narrative, unit=rng.choice(UNITS),
                        transport=Transport(emergency=emergency, origin="R", destination="H",
                                            loaded_miles=round(rng.uniform(1, 30), 1)),
                        billing=Billing(level=level), crew=[CrewMember("Paramedic"), CrewMember("EMT")],
                        vitals=[Vitals(sbp=rng.randint(90, 180), dbp=rng.randint(50, 100), hr=rng.randint(50, 130))],
                        signatures=Signatures(patient=rng.random() > 0.1))
        risk = "high" if score < 50 else "medium" if score < 75 else "low"
        yield record, Result(id=record.id, score=score, risk=risk, supported_level=level, billed_level=level,
                             emergency=emergency, entities=entities, findings=findings).to_dict()


def first_render(path: Path) -> tuple[float, float]:
    """Seconds from navigation to the list being ready, and to a report being opened, in Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        start = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("html[data-ready='true']")
        ready = time.perf_counter() - start
        start = time.perf_counter()
        page.click(".report-item:not(.r-error)")
        page.wait_for_selector("#narrative-text")
        opened = time.perf_counter() - start
        browser.close()
    return ready, opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=Path("out/bench_review.html"))
    args = parser.parse_args()
    start = time.perf_counter()
    stats = write_review(synthetic_rows(args.rows), args.out, title=f"Benchmark batch ({args.rows:,} reports)")
    elapsed = time.perf_counter() - start
    print(f"rows: {stats.reports:,}  file: {stats.bytes / 1e6:.2f} MB ({stats.bytes / stats.reports:.0f} B/report)"
          f"  write: {elapsed:.2f} s")
    if CHROMIUM.exists():
        ready, opened = first_render(args.out)
        print(f"chromium: first render (list ready) {ready:.2f} s, open a report {opened * 1000:.0f} ms")
    else:
        print("chromium: /usr/bin/chromium not found, render time skipped (make chromium)")


if __name__ == "__main__":
    main()
