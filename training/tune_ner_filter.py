"""Pick `narrative_ner_categories`' min_similarity / min_margin for a trained model.

    .venv/bin/python training/tune_ner_filter.py models/default [--write]

Tuning data: corpora/annotated/dev2.txt (gold, a second annotator, never trained on) and a
generated split of its own seed (never trained on or tested on). corpora/annotated/test.txt is not
read here. With --write the chosen pair is saved into the model's config.cfg.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
GOLD_TUNE = ROOT / "corpora" / "annotated" / "dev2.txt"
SEED = 31  # not used by build_default_model.py (13, 14) nor measure.py (7 ... 11)
N_GENERATED = 300


def tune_pipeline(nlp: Language) -> dict:
    """Tune the NER filter of `nlp` on dev2 + a generated split and set the chosen thresholds on it."""
    from narrative.corpus import read_gold
    from narrative.synth import generate, to_gold_doc
    from narrative.train.filter import apply, replay, tune

    corpora = {"corpora/annotated/dev2.txt": list(read_gold(GOLD_TUNE)),
               f"generate({N_GENERATED}, seed={SEED})": [to_gold_doc(r) for r in
                                                         generate(N_GENERATED, seed=SEED, id_prefix="TN")]}
    result = tune({name: replay(nlp, docs) for name, docs in corpora.items()})
    apply(nlp, result["best"]["min_similarity"], result["best"]["min_margin"])
    return result


def main(argv: list[str] | None = None) -> int:
    import narrative

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model", type=Path)
    parser.add_argument("--write", action="store_true", help="save the chosen thresholds into the model's config")
    args = parser.parse_args(argv)
    nlp = narrative.load(args.model)
    result = tune_pipeline(nlp)
    if args.write:
        nlp.config.to_disk(args.model / "config.cfg")
    print(json.dumps({k: v for k, v in result.items() if k != "grid"}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
