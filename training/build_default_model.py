"""Recipe for models/default (`make model`): synthetic train split + the gold dev corpus, fixed seed.

The gold test corpus (corpora/annotated/test.txt) is never used for training. When
corpora/synthetic/train.jsonl is absent the same split is regenerated with narrative.synth.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 13
N_SYNTHETIC = 3000
N_ITER = 8


def synthetic_train(work: Path) -> tuple[Path, str]:
    committed = ROOT / "corpora" / "synthetic" / "train.jsonl"
    if committed.exists():
        return committed, str(committed.relative_to(ROOT))
    from narrative.synth import generate

    path = work / "synthetic_train.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for row in generate(N_SYNTHETIC, seed=SEED):
            fh.write(json.dumps(row) + "\n")
    return path, f"narrative.synth.generate({N_SYNTHETIC}, seed={SEED})"


def main(argv: list[str] | None = None) -> int:
    from narrative.train.recipe import TrainOptions, train

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "models" / "default")
    parser.add_argument("--n-iter", type=int, default=N_ITER)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        synthetic, origin = synthetic_train(Path(tmp))
        gold = ROOT / "corpora" / "annotated" / "dev.txt"
        opts = TrainOptions(n_iter=args.n_iter, seed=SEED, gold_weight=2, name="narrative-default")
        trained = train([synthetic, gold], args.output, opts)
    trained.card.notes.append(f"Training data: {origin} and corpora/annotated/dev.txt (gold, weight 2); "
                              "corpora/annotated/test.txt is never used for training.")
    trained.card.write(args.output)
    print(json.dumps({"ner": trained.card.ner, "risk": trained.card.risk}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
