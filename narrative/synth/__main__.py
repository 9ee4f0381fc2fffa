"""python -m narrative.synth --n 1000 --seed 7 -o out.jsonl [--gold out.md]"""
from __future__ import annotations

import argparse
import json
import sys

from . import STYLES, families, generate, write_gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m narrative.synth", description=__doc__)
    ap.add_argument("--n", type=int, default=100, help="number of records")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", default="-", help="JSONL path ('-' for stdout)")
    ap.add_argument("--styles", nargs="+", choices=STYLES, help="restrict crew styles")
    ap.add_argument("--families", nargs="+", choices=families(), help="restrict scenario families")
    ap.add_argument("--gold", help="also write the inline-annotated gold corpus here")
    args = ap.parse_args(argv)
    records = list(generate(args.n, args.seed, styles=args.styles, family_names=args.families))
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if args.gold:
        write_gold(records, args.gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
