"""A process pool that scores record chunks in parallel and hands results back in input order.

Each worker gets the Scorer once (inherited from the parent when forked, else loaded by the
initializer), then receives chunks of records, never spaCy Docs. At most ``inflight`` chunks are
out at a time, so memory stays flat however large the input. A worker that dies (segfault,
OOM kill, ``os._exit``) breaks the pool: it is restarted, the chunks in flight are re-run one
at a time to find the culprit, and a record that kills its worker ``retries`` times is reported
as an error instead of stopping the batch.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator, Mapping, TypeVar

from ..errors import Errors
from ..records import RawLine, materialize
from ..records.errors import RecordError
from ..records.model import Record
from ..result import Result
from .clones import CloneHit
from .partition import Scored, ScorerSpec, get_scorer, score_chunk, score_chunk_lines

log = logging.getLogger(__name__)

Item = Record | RecordError | RawLine  # a RawLine is parsed in the worker
T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _init(spec: ScorerSpec) -> None:
    get_scorer(spec)  # a no-op when the parent's Scorer was inherited by fork


@dataclass
class _Chunk:
    items: list
    future: Future | None = None


@dataclass(frozen=True)
class _Task:
    """What the workers run on a chunk, and the output for an item that keeps killing them."""

    run: Callable[[ScorerSpec, list], list]
    killed: Callable[[object], object]


class Pool:
    """Ordered, bounded, self-healing parallel scoring of record chunks."""

    def __init__(self, spec: ScorerSpec, workers: int, chunk_size: int = 256, inflight: int | None = None,
                 retries: int = 2, start_method: str | None = None) -> None:
        self.spec = spec
        self.workers = max(1, workers)
        self.chunk_size = chunk_size
        self.inflight = inflight or 2 * self.workers
        self.retries = retries
        methods = mp.get_all_start_methods()
        self.context = mp.get_context(start_method or ("fork" if "fork" in methods else "spawn"))
        self.executor: ProcessPoolExecutor | None = None
        self.restarts = 0

    def _start(self) -> ProcessPoolExecutor:
        if self.executor is None:
            if self.context.get_start_method() == "fork":
                gc.freeze()  # keep the collector from touching (and so copying) the inherited pipeline
            self.executor = ProcessPoolExecutor(self.workers, mp_context=self.context,
                                                initializer=_init, initargs=(self.spec,))
        return self.executor

    def _restart(self) -> None:
        self.close()
        self.restarts += 1
        log.warning("a scoring worker died; restarting the pool (restart %d)", self.restarts)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _future(self, fn: Callable, *args: object) -> Future:
        try:
            return self._start().submit(fn, *args)
        except BrokenProcessPool as err:  # the pool broke since the last result: handled at the head
            future: Future = Future()
            future.set_exception(err)
            return future

    def score_pairs(self, items: Iterable[Item], clones: Mapping[int, CloneHit] | None = None
                    ) -> Iterator[tuple[Record | None, Result]]:
        """(record, result) pairs in input order, like :meth:`narrative.core.Scorer.score_pairs`."""
        for (item, _hit), result in self._ordered(_with_hits(items, clones), _SCORE):
            yield (item if isinstance(item, Record) else None), result

    def score_lines(self, items: Iterable[Item], clones: Mapping[int, CloneHit] | None = None) -> Iterator[Scored]:
        """JSONL output lines in input order: the workers score (clone hits included) and serialise,
        so the parent only writes."""
        for _pair, scored in self._ordered(_with_hits(items, clones), _LINES):
            yield scored

    def _ordered(self, items: Iterable, task: _Task) -> Iterator[tuple[object, object]]:
        """(input, output) in input order, ``task.run`` on chunks in the workers."""
        it = iter(items)
        pending: deque[_Chunk] = deque()
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.inflight:
                batch = list(islice(it, self.chunk_size))
                if not batch:
                    exhausted = True
                    break
                pending.append(_Chunk(batch))
                pending[-1].future = self._future(task.run, self.spec, batch)
            if not pending:
                return
            head = pending[0]
            try:
                results = head.future.result()
            except BrokenProcessPool:
                self._restart()
                for chunk in list(pending):  # re-run every chunk in flight, one at a time
                    yield from self._isolate(chunk.items, task)
                pending.clear()
                continue
            pending.popleft()
            yield from zip(head.items, results, strict=True)

    def imap(self, fn: Callable[[T], R], args: Iterable[T]) -> Iterator[R]:
        """An ordered, bounded map of a picklable function over the workers (the clone pass)."""
        pending: deque[tuple[T, Future]] = deque()
        it = iter(args)
        while True:
            for arg in islice(it, self.inflight - len(pending)):
                pending.append((arg, self._future(fn, arg)))
            if not pending:
                return
            arg, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:  # no pipeline runs here; finish this item in-process
                self._restart()
                pending = deque((a, self._future(fn, a)) for a, _ in pending)
                yield fn(arg)

    def _run_alone(self, items: list, task: _Task) -> list | None:
        """Run the task on items with nothing else in flight; None when the worker died."""
        try:
            return self._start().submit(task.run, self.spec, items).result()
        except BrokenProcessPool:
            self._restart()
            return None

    def _isolate(self, items: list, task: _Task) -> Iterator[tuple[object, object]]:
        results = self._run_alone(items, task)
        if results is not None:
            yield from zip(items, results, strict=True)
            return
        for item in items:  # the culprit is in this chunk: record by record
            for _attempt in range(self.retries):
                single = self._run_alone([item], task)
                if single is not None:
                    yield from zip([item], single, strict=True)
                    break
            else:
                yield item, task.killed(item)


def _with_hits(items: Iterable[Item], clones: Mapping[int, CloneHit] | None) -> Iterator[tuple[Item, CloneHit | None]]:
    """Each item with its clone hit (by input position), so that a chunk carries its own hits."""
    clones = clones or {}
    return ((item, clones.get(position)) for position, item in enumerate(items))


def _killed(pair: tuple[Item, CloneHit | None]) -> Result:
    item = materialize(pair[0])
    ident = item.id if isinstance(item, Record) else item.where
    log.error("record %s kept killing its worker process; reported as an error", ident)
    return Result(id=ident, errors=[Errors.E007.format(record=ident, error="worker process died")])


_SCORE = _Task(score_chunk, _killed)
_LINES = _Task(score_chunk_lines, lambda pair: Scored.of(_killed(pair)))
