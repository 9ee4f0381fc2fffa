"""Measurements for the model card: (a) generalization to held-out lexicon forms, (b) denial-risk
classifier vs a findings-only baseline, (c) training time for 5,000 narratives.

    .venv/bin/python training/measure.py [--card models/default] [--only a,b,c]

(a) hides a seeded 30% of each label's literal lexicon forms, trains on generated narratives with
their gold spans (the generator writes them from its own phrase banks, standing in for an agency's
corrected narratives) plus the gold dev corpus, and compares reduced rules alone with reduced rules
+ NER on a generated test set (another seed) and on corpora/annotated/test.txt (measurement only);
the NER span filter is tuned first on dev2 and a generated split, as for models/default.
Results are printed as JSON and, with --card, added to that model's card under "Measurement ...".
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from narrative.corpus import GoldDoc, read_gold
from narrative.synth import generate, to_gold_doc
from narrative.train import heldout
from narrative.train.data import from_row, read_train
from narrative.train.ner import build_rules
from narrative.train.recipe import TrainOptions, risk_rows, train, train_pipeline, train_risk
from tune_ner_filter import tune_pipeline

ROOT = Path(__file__).resolve().parents[1]
GOLD_DEV = ROOT / "corpora" / "annotated" / "dev.txt"
GOLD_TEST = ROOT / "corpora" / "annotated" / "test.txt"
SEED = 7


def compare(docs: list[GoldDoc], pipelines: dict, held: heldout.HeldOut) -> dict:
    """Span scores of each pipeline, recall on hidden-form mentions, and what the NER recovers."""
    gold = [{(s.start, s.end, s.label) for s in d.spans} for d in docs]
    target = heldout.targets(docs, held)
    pred = {name: heldout.predicted(nlp, docs) for name, nlp in pipelines.items()}
    out: dict = {"narratives": len(docs), "held_out_mentions": sum(map(len, target))}
    for name, p in pred.items():
        out[name] = {"held_out_recall": heldout.held_out_recall(target, p), "spans": heldout.span_scores(gold, p)}
    out["recovered_by_ner"] = heldout.recovered(target, pred["rules_reduced"], pred["rules_reduced_plus_ner"])
    out["added_by_ner"] = heldout.added(gold, pred["rules_reduced"], pred["rules_reduced_plus_ner"])
    return out


def generalization(n_train: int, n_test: int, n_iter: int, fraction: float = 0.3) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        held = heldout.hold_out(work / "lexicon", fraction, SEED)
        docs = [from_row(r) for r in generate(n_train, seed=SEED + 1, id_prefix="TR")] + list(read_train([GOLD_DEV]))
        opts = TrainOptions(n_iter=n_iter, seed=SEED, gold_weight=2, lexicons=held.lexicons)
        nlp, data, ner = train_pipeline(docs, work / "run", opts)
        tuned = tune_pipeline(nlp)["best"]  # the NER filter, tuned as for models/default (no test data)
        pipelines = {"rules_full": build_rules(), "rules_reduced": build_rules(held.lexicons),
                     "rules_reduced_plus_ner": nlp}
        return {"train": f"generate({n_train}, seed={SEED + 1}) gold + corpora/annotated/dev.txt (weight 2), "
                         f"{n_iter} epochs",
                "held_out_fraction": fraction, "hidden_forms": {k: len(v) for k, v in held.forms.items()},
                "ner_dev_f1": ner["f1"],
                "ner_filter": {"min_similarity": tuned["min_similarity"], "min_margin": tuned["min_margin"]},
                "generated_test": compare([to_gold_doc(r) for r in generate(n_test, seed=SEED + 2, id_prefix="TE")],
                                          pipelines, held),
                "annotated_test": compare(list(read_gold(GOLD_TEST)), pipelines, held)}


def denial_risk(n: int) -> dict:
    docs = [from_row(r) for r in generate(n, seed=SEED + 3, id_prefix="RK")]
    rows, y = risk_rows(build_rules(), docs)
    _, metrics = train_risk(rows, y, SEED)
    return {"narratives": n, **metrics}


def training_time(n: int, n_iter: int) -> dict:
    """Wall time of the whole `narrative train` path (weak labels, NER, risk model, save) on n records."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "records.jsonl"
        with open(corpus, "w", encoding="utf-8") as fh:
            for row in generate(n, seed=SEED + 4, id_prefix="TT"):
                fh.write(json.dumps(row) + "\n")
        load = os.getloadavg()[0]
        start = time.perf_counter()
        trained = train([corpus], Path(tmp) / "model", TrainOptions(n_iter=n_iter, seed=SEED))
        seconds = time.perf_counter() - start
    return {"narratives": n, "epochs": n_iter, "minutes": round(seconds / 60, 2), "cpus": os.cpu_count(),
            "load_average_at_start": round(load, 2), "ner_dev_f1": trained.card.ner["f1"]}


def add_to_card(card_dir: Path, measurements: dict) -> None:
    from narrative.train.card import ModelCard

    data = json.loads((card_dir / "model_card.json").read_text(encoding="utf-8"))
    data.setdefault("extra", {}).update(measurements)
    ModelCard(**data).write(card_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--card", type=Path, default=None)
    parser.add_argument("--only", default="a,b,c")
    parser.add_argument("--n-iter", type=int, default=8)
    parser.add_argument("--previous", type=Path, action="append", default=[],
                        help="JSON printed by an earlier run (e.g. before `make model` rebuilt the card) to add too")
    args = parser.parse_args(argv)
    which = set(filter(None, args.only.split(",")))
    results = {}
    for path in args.previous:
        text = path.read_text(encoding="utf-8")
        results.update(json.loads(text[text.index("{\n"):]))  # after spacy train's console output
    if "a" in which:
        results["Measurement (a): held-out lexicon forms"] = generalization(1500, 400, args.n_iter)
    if "b" in which:
        results["Measurement (b): denial-risk classifier"] = denial_risk(3000)
    if "c" in which:
        results["Measurement (c): training time"] = training_time(5000, args.n_iter)
    print(json.dumps(results, indent=2))
    if args.card:
        add_to_card(args.card, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
