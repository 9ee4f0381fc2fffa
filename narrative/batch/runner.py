"""The streaming runner behind `narrative score`: read, score and write record by record.

Memory stays flat: records are read lazily, scored in pipeline batches, and each result is
written as soon as it is ready.
"""
from __future__ import annotations

import sys
from collections import Counter
from contextlib import ExitStack
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from tqdm import tqdm

from ..core import Scorer
from ..records import open_writer, read_records
from ..records.errors import RecordError
from ..records.model import Record
from ..result import Result


class Summary:
    """Running counts for the end-of-run table on stderr."""

    def __init__(self) -> None:
        self.records = 0
        self.errors = 0
        self.risks: Counter = Counter()
        self.codes: Counter = Counter()

    def add(self, result: Result) -> None:
        self.records += 1
        self.errors += bool(result.errors)
        if result.risk:
            self.risks[result.risk] += 1
        self.codes.update(f.code for f in result.findings)

    def print(self, out=sys.stderr) -> None:
        print(f"records {self.records}  errors {self.errors}  "
              + "  ".join(f"{k} {self.risks[k]}" for k in ("high", "medium", "low")), file=out)
        for code, count in self.codes.most_common(8):
            print(f"  {count:>8}  {code}", file=out)


def read_all(inputs: Iterable[str | Path], input_format: str | None = None) -> Iterator[Record | RecordError]:
    return chain.from_iterable(read_records(p, input_format) for p in inputs)


def run_score(inputs: Iterable[str | Path], nlp: Language, output: Path | None = None, output_format: str = "jsonl",
              input_format: str | None = None, review: Path | None = None, scope: Path | None = None,
              quiet: bool = False) -> int:
    """Score every input record; returns the exit code (1 when any record failed)."""
    scorer = Scorer(nlp, str(scope) if scope else None)
    summary = Summary()
    with ExitStack() as stack:
        writer = stack.enter_context(open_writer(output if output else "-", output_format))
        bar = stack.enter_context(tqdm(unit=" rec", file=sys.stderr, disable=quiet, dynamic_ncols=True,
                                       desc="scoring", smoothing=0.1))

        def rows() -> Iterator[tuple[Record | None, dict]]:
            for record, result in scorer.score_pairs(read_all(inputs, input_format)):
                row = result.to_dict()
                writer.write(row)
                summary.add(result)
                bar.update(1)
                yield record, row

        if review:
            from ..review import write_review

            write_review(rows(), review)
        else:
            for _ in rows():
                pass
    if not quiet:
        summary.print()
    return 1 if summary.errors else 0
