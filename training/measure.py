"""Measurements for the model card: (a) generalization to held-out lexicon forms, (b) denial-risk
classifier vs a findings-only baseline, (c) training time for 5,000 narratives.

    .venv/bin/python training/measure.py [--card models/default] [--only a,b,c]

Results are printed as JSON and, with --card, added to that model's card (model_card.json and
MODEL_CARD.md) under "Measurements".
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from narrative.pipeline.lexicon import BUILTIN_LEXICONS
from narrative.pipeline.ner import pattern_text
from narrative.resources import read_jsonl
from narrative.synth import generate
from narrative.train.data import TrainDoc, from_row
from narrative.train.ner import build_rules
from narrative.train.recipe import TrainOptions, risk_rows, train_pipeline, train_risk

SEED = 7


def holdout_lexicons(work: Path, fraction: float, seed: int) -> tuple[list[str], dict[str, set[str]]]:
    """Copies of the built-in lexicon files without a seeded `fraction` of each label's surface forms."""
    rng = random.Random(seed)
    held: dict[str, set[str]] = {}
    files = {}
    for name in BUILTIN_LEXICONS:
        entries = list(read_jsonl(name))
        files[name] = entries
        forms = sorted({pattern_text(e["pattern"]).lower() for e in entries if isinstance(e["pattern"], str)})
        rng.shuffle(forms)
        label = entries[0]["label"]
        held.setdefault(label, set()).update(forms[:int(len(forms) * fraction)])
    paths = []
    for name, entries in files.items():
        path = work / Path(name).name
        with open(path, "w", encoding="utf-8") as fh:
            for e in entries:
                if not (isinstance(e["pattern"], str) and e["pattern"].lower() in held.get(e["label"], ())):
                    fh.write(json.dumps(e) + "\n")
        paths.append(str(path))
    return paths, held


def unlabeled(rows: list[dict]) -> list[TrainDoc]:
    return [TrainDoc(r["id"], r["narrative"]) for r in rows]


def _ents(nlp, docs: list[TrainDoc]) -> list[set[tuple[int, int, str]]]:
    return [{(e.start_char, e.end_char, e.label_) for e in d.ents} for d in nlp.pipe((t.text for t in docs), batch_size=128)]


def _overlaps(span: tuple[int, int, str], pred: set[tuple[int, int, str]]) -> bool:
    return any(p[2] == span[2] and p[0] < span[1] and span[0] < p[1] for p in pred)


def generalization(n_train: int, n_test: int, n_iter: int, fraction: float = 0.3) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lexicons, held = holdout_lexicons(work, fraction, SEED)
        train_docs = unlabeled(list(generate(n_train, seed=SEED + 1, id_prefix="TR")))
        test_docs = [from_row(r) for r in generate(n_test, seed=SEED + 2, id_prefix="TE")]
        nlp, data, ner = train_pipeline(train_docs, work / "run", TrainOptions(n_iter=n_iter, seed=SEED, lexicons=lexicons))
        rules = build_rules(lexicons)
        gold = [{(s["start"], s["end"], s["label"]) for s in d.spans} for d in test_docs]
        target = [{g for g in gs if d.text[g[0]:g[1]].lower() in held.get(g[2], ())} for d, gs in zip(test_docs, gold)]
        out = {"train_narratives": n_train, "test_narratives": n_test, "held_out_fraction": fraction,
               "held_out_mentions": sum(map(len, target)), "ner_dev_f1_weak": ner["f1"]}
        for name, pipe in (("rules", rules), ("rules_plus_ner", nlp)):
            pred = _ents(pipe, test_docs)
            n_target = max(1, sum(map(len, target)))
            out[f"{name}_held_out_recall_exact"] = round(sum(len(t & p) for t, p in zip(target, pred)) / n_target, 4)
            out[f"{name}_held_out_recall_overlap"] = round(
                sum(_overlaps(t, p) for ts, p in zip(target, pred) for t in ts) / n_target, 4)
            n_pred = max(1, sum(map(len, pred)))
            out[f"{name}_precision_exact"] = round(sum(len(g & p) for g, p in zip(gold, pred)) / n_pred, 4)
            out[f"{name}_precision_overlap"] = round(
                sum(_overlaps(x, g) for p, g in zip(pred, gold) for x in p) / n_pred, 4)
            out[f"{name}_recall_exact"] = round(sum(len(g & p) for g, p in zip(gold, pred)) / max(1, sum(map(len, gold))), 4)
        return out


def denial_risk(n: int) -> dict:
    docs = [from_row(r) for r in generate(n, seed=SEED + 3, id_prefix="RK")]
    rows, y = risk_rows(build_rules(), docs)
    _, metrics = train_risk(rows, y, SEED)
    return {"narratives": n, **metrics}


def training_time(n: int, n_iter: int) -> dict:
    docs = unlabeled(list(generate(n, seed=SEED + 4, id_prefix="TT")))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        _, data, ner = train_pipeline(docs, Path(tmp), TrainOptions(n_iter=n_iter, seed=SEED))
    seconds = time.perf_counter() - start
    return {"narratives": n, "epochs": n_iter, "seconds": round(seconds, 1), "cpus": os.cpu_count(),
            "ner_dev_f1_weak": ner["f1"]}


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
    args = parser.parse_args(argv)
    which = set(args.only.split(","))
    results = {}
    if "a" in which:
        results["Measurement (a): held-out lexicon forms"] = generalization(2000, 400, args.n_iter)
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
