"""The streaming runner behind `narrative score`: read, score and write record by record.

Memory stays flat: records are read lazily, scored in pipeline batches (in this process or
in a pool of worker processes), and each result is written as soon as it is ready.
"""
from __future__ import annotations

import sys
from collections import Counter
from contextlib import ExitStack, contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from tqdm import tqdm

from ..core import Scorer
from ..records import JsonlWriter, RawLine, open_writer, read_records
from ..records.errors import RecordError
from ..records.model import Record
from ..result import Result
from .clones import CloneConfig, find_clones
from .partition import ScorerSpec, preload
from .resume import completed_lines
from .workers import Pool

FLUSH_SECONDS = 0.5  # bulk output is flushed this often, not per row


class Summary:
    """Running counts for the end-of-run table on stderr."""

    def __init__(self) -> None:
        self.records = 0
        self.errors = 0
        self.risks: Counter = Counter()
        self.codes: Counter = Counter()

    def add(self, result: Result) -> None:
        self.count(bool(result.errors), result.risk, [f.code for f in result.findings])

    def count(self, errors: bool, risk: str | None, codes: Iterable[str]) -> None:
        self.records += 1
        self.errors += errors
        if risk:
            self.risks[risk] += 1
        self.codes.update(codes)

    def print(self, out=sys.stderr) -> None:
        print(f"records {self.records}  errors {self.errors}  "
              + "  ".join(f"{k} {self.risks[k]}" for k in ("high", "medium", "low")), file=out)
        for code, count in self.codes.most_common(8):
            print(f"  {count:>8}  {code}", file=out)


def read_all(inputs: Iterable[str | Path], input_format: str | None = None,
             deferred: bool = False) -> Iterator[Record | RecordError | RawLine]:
    return chain.from_iterable(read_records(p, input_format, deferred) for p in inputs)


@contextmanager
def engine(nlp: Language, spec: ScorerSpec, workers: int = 1, chunk_size: int = 256) -> Iterator[Scorer | Pool]:
    """What scores: the in-process Scorer (workers=1) or a process pool; both have ``score_pairs``.

    The parent's pipeline is registered for ``spec`` first, so forked workers inherit it
    instead of loading their own.
    """
    scorer = Scorer(nlp, spec.scope, spec.batch_size)
    if workers <= 1:
        yield scorer
        return
    preload(spec, scorer)
    with Pool(spec, workers, chunk_size) as pool:
        yield pool


@contextmanager
def scored_pairs(items: Iterable[Record | RecordError], nlp: Language, spec: ScorerSpec,
                 workers: int = 1, chunk_size: int = 256) -> Iterator[Iterator[tuple[Record | None, Result]]]:
    """(record, result) pairs in input order, in this process or from a process pool."""
    with engine(nlp, spec, workers, chunk_size) as runner:
        yield runner.score_pairs(items)


def run_score(inputs: Iterable[str | Path], nlp: Language, output: Path | None = None, output_format: str = "jsonl",
              input_format: str | None = None, review: Path | None = None, scope: Path | None = None,
              quiet: bool = False, workers: int = 1, chunk_size: int = 256,
              clones: CloneConfig | None = CloneConfig(), resume: bool = False,
              model: Path | None = None, patterns: Path | None = None) -> int:
    """Score every input record; returns the exit code (1 when any record failed).

    With ``clones`` the inputs are first fingerprinted (no NLP) to find cloned narratives; with
    ``resume`` the records already in a JSONL ``output`` are skipped and the rest appended.
    """
    inputs = list(inputs)
    spec = ScorerSpec.of(model, patterns, scope)
    skip = 0
    if resume:
        if output is None or output_format != "jsonl":
            raise ValueError("--resume needs a JSONL --output file")
        skip = completed_lines(output)
    summary = Summary()
    with ExitStack() as stack:
        runner = stack.enter_context(engine(nlp, spec, workers, chunk_size))
        pool = isinstance(runner, Pool)
        imap = runner.imap if pool else map
        # JSONL lines are parsed where they are scored (in a pool: in its workers), and the clone
        # pass parses only its candidates; the review page needs the records a pool parsed, though
        deferred = not (pool and review)
        # chunks of the pool's size: with fewer chunks than workers the clone pass would not run in parallel
        hits = (find_clones(lambda: read_all(inputs, input_format, deferred), clones, imap, chunk=chunk_size)
                if clones else {})
        hits = {position - skip: hit for position, hit in hits.items() if position >= skip}  # positions in items
        writer = stack.enter_context(open_writer(output if output else "-", output_format, append=skip > 0,
                                                 flush_seconds=FLUSH_SECONDS))
        bar = stack.enter_context(tqdm(unit=" rec", file=sys.stderr, disable=quiet, dynamic_ncols=True,
                                       desc="scoring", smoothing=0.1, initial=skip))
        items = islice(read_all(inputs, input_format, deferred), skip, None)

        def rows() -> Iterator[tuple[Record | None, dict]]:
            for record, result in runner.score_pairs(items, hits):
                row = result.to_dict()
                writer.write(row)
                summary.add(result)
                bar.update(1)
                yield record, row

        if review:
            from ..review import write_review

            write_review(rows(), review)
        elif pool and isinstance(writer, JsonlWriter):
            # the workers score and serialise; this process only writes the lines
            for scored in runner.score_lines(items, hits):
                writer.write_line(scored.line)
                summary.count(scored.errors, scored.risk, scored.codes)
                bar.update(1)
        else:
            for _ in rows():
                pass
    if not quiet:
        if skip:
            print(f"resumed after {skip} records already in {output}", file=sys.stderr)
        summary.print()
    return 1 if summary.errors else 0
