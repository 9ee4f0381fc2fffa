"""One scorer per process, and the partition function every distributed engine calls.

Process pools, Dask workers and Spark executors all go through :func:`get_scorer`, a
module-level cache keyed by what defines a pipeline (model path, patterns file, scope
table), so the pipeline is loaded once per worker process, never once per partition.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, NamedTuple

from ..core import Scorer
from ..records import RawLine
from ..records.writers import jsonl_line
from ..records.errors import RecordError
from ..records.model import Record
from ..records.parse import record_from_dict
from ..result import Result

if TYPE_CHECKING:
    from .clones import CloneHit

_SCORERS: dict["ScorerSpec", Scorer] = {}


@dataclass(frozen=True)
class ScorerSpec:
    """What identifies a loaded pipeline: equal specs share one Scorer in a process."""

    model: str | None = None
    patterns: str | None = None
    scope: str | None = None
    batch_size: int = 256

    @classmethod
    def of(cls, model: str | Path | None = None, patterns: str | Path | None = None,
           scope: str | Path | None = None, batch_size: int = 256) -> ScorerSpec:
        return cls(*(str(p) if p is not None else None for p in (model, patterns, scope)), batch_size)


def get_scorer(spec: ScorerSpec) -> Scorer:
    """The process-wide Scorer for ``spec``, loading the pipeline on first use."""
    scorer = _SCORERS.get(spec)
    if scorer is None:
        from ..nlp import load

        scorer = _SCORERS[spec] = Scorer(load(spec.model, spec.patterns), spec.scope, spec.batch_size)
    return scorer


def preload(spec: ScorerSpec, scorer: Scorer) -> None:
    """Register an already-loaded Scorer (forked workers then inherit it copy-on-write)."""
    _SCORERS[spec] = scorer


def _as_record(item: Record | RecordError | Mapping[str, Any], position: int) -> Record | RecordError:
    if isinstance(item, (Record, RecordError)):
        return item
    if hasattr(item, "asDict"):  # a pyspark Row
        item = item.asDict(recursive=True)
    try:
        return record_from_dict(dict(item), f"partition:{position}")
    except RecordError as err:
        return err


def score_partition(rows: Iterable[Record | RecordError | Mapping[str, Any]], model: str | Path | None = None,
                    patterns: str | Path | None = None, scope: str | Path | None = None,
                    clones: Mapping[int, CloneHit] | None = None) -> Iterator[dict[str, Any]]:
    """Score one partition of records (Records, RecordErrors or CONTRACT dicts): output rows in order.

    This is the function to call from Spark's ``mapPartitions`` and what the Dask engine runs;
    ``clones`` maps a position in this partition to its :class:`~narrative.batch.clones.CloneHit`.
    """
    scorer = get_scorer(ScorerSpec.of(model, patterns, scope))
    records = (_as_record(item, i) for i, item in enumerate(rows))
    for result in scorer.score_records(records, clones):
        yield result.to_dict()


def score_chunk(spec: ScorerSpec, chunk: list[tuple[Record | RecordError | RawLine, CloneHit | None]]) -> list[Result]:
    """Score (record, clone hit or None) pairs in this process (the unit of work a pool worker
    receives); deferred JSONL lines are parsed here, in the worker."""
    clones = {i: hit for i, (_, hit) in enumerate(chunk) if hit is not None}
    return list(get_scorer(spec).score_records([item for item, _ in chunk], clones))


class Scored(NamedTuple):
    """One scored record as a pool worker returns it for JSONL output: the finished line and what
    the run summary counts. A short string pickles in a fraction of the time of its Result."""

    line: str
    errors: bool
    risk: str | None
    codes: tuple[str, ...]

    @classmethod
    def of(cls, result: Result) -> Scored:
        return cls(jsonl_line(result.to_dict()), bool(result.errors), result.risk,
                   tuple(f.code for f in result.findings))


def score_chunk_lines(spec: ScorerSpec, chunk: list[tuple[Record | RecordError | RawLine, CloneHit | None]]
                      ) -> list[Scored]:
    """Score (record, clone hit or None) pairs and serialise the results here, in the worker."""
    return [Scored.of(result) for result in score_chunk(spec, chunk)]
