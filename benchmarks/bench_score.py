"""Throughput and memory of `narrative score`, against the tokenizer alone and a naive baseline.

    python benchmarks/bench_score.py [-n 2000] [--workers N] [--stream 1000000]

On the same N synthetic records (150-250 words of narrative each, built from narrative.synth),
measures (a) our tokenizer alone (nlp.make_doc), (b) a naive baseline: spacy.blank("en") + an
EntityRuler with the same lexicon patterns + negspacy's Negex with its en_clinical termset, and
(c) the full `narrative score` path (read JSONL, clones, score, write JSONL) in one process and
with all cores. Prints narratives/s, words/s, narratives per CPU-second (robust to a busy
machine), peak RSS and PSS (this process and its children) and the ratios (c)/(a), (c)/(b). ``--stream N`` scores N records generated lazily (never a list) through
the process pool and reports peak RSS: memory must stay flat however long the input.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from itertools import count, cycle, islice
from pathlib import Path
from typing import Any, Callable, Iterator

import psutil

import narrative
from narrative.batch import ScorerSpec, run_score, scored_pairs
from narrative.batch.workers import default_workers
from narrative.records import open_writer, record_from_dict
from narrative.synth import generate

MIN_WORDS, MAX_WORDS = 150, 250


def build_records(n: int, seed: int = 11) -> list[dict[str, Any]]:
    """N records whose narratives run 150-250 words: a generated PCR, continued with later
    reassessment text from other generated PCRs of the same scenario family."""
    rng = random.Random(seed)
    pool = [r for r in generate(max(n, 400), seed=seed)]
    by_family: dict[str, list[dict]] = {}
    for r in pool:
        by_family.setdefault(r["gold"]["family"], []).append(r)
    out = []
    for r in islice(cycle(pool), n):
        target = rng.randint(MIN_WORDS, MAX_WORDS)
        words = r["narrative"].split()
        while len(words) < target:
            words += ["Reassessed", "en", "route:"] + rng.choice(by_family[r["gold"]["family"]])["narrative"].split()
        row = {k: v for k, v in r.items() if k not in ("gold", "outcome")}
        row["id"] = f"BENCH-{len(out):07d}"
        row["narrative"] = " ".join(words[:target])
        out.append(row)
    return out


def memory_mb() -> tuple[float, float]:
    """(RSS, PSS) of this process plus its children, in MB. RSS counts the pages forked workers
    share with the parent (the loaded lexicon) once per process; PSS splits them, so it is what
    the machine really spends (Linux; elsewhere PSS falls back to RSS)."""
    rss = pss = 0
    me = psutil.Process()
    for proc in [me, *me.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20


class PeakMemory:
    """Samples :func:`memory_mb` every 100 ms while a measurement runs."""

    def __init__(self) -> None:
        self.rss = self.pss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _take(self) -> None:
        rss, pss = memory_mb()
        self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._take()
            self._stop.wait(0.1)

    def __enter__(self) -> PeakMemory:
        self._take()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the pool's workers, once shut down)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


@dataclass
class Measure:
    name: str
    seconds: float
    cpu: float
    narratives: int
    words: int
    rss_mb: float
    pss_mb: float

    @property
    def per_s(self) -> float:
        return self.narratives / self.seconds

    def line(self) -> str:
        return (f"{self.name:<40}{self.per_s:>8,.0f} narr/s{self.words / self.seconds:>10,.0f} words/s"
                f"{self.narratives / self.cpu:>8,.0f} narr/cpu-s{self.rss_mb:>7,.0f} MB RSS{self.pss_mb:>7,.0f} MB PSS")


def measure(name: str, fn: Callable[[], None], narratives: int, words: int) -> Measure:
    with PeakMemory() as mem:
        cpu, start = cpu_seconds(), time.perf_counter()
        fn()
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    m = Measure(name, seconds, cpu, narratives, words, mem.rss, mem.pss)
    print(m.line(), flush=True)
    return m


def baseline_nlp():
    """spacy.blank("en") + sentencizer + EntityRuler (our lexicon patterns) + negspacy Negex (en_clinical)."""
    import spacy
    from negspacy.negation import Negex  # noqa: F401  (registers the factory)
    from negspacy.termsets import termset

    from narrative.pipeline.lexicon import BUILTIN_LEXICONS, read_patterns
    from narrative.resources import resource_path

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")  # Negex needs sentence boundaries
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": False})
    entries = [e for lex in BUILTIN_LEXICONS for e in read_patterns(resource_path(lex))]
    ruler.add_patterns([{"label": e["label"], "pattern": e["pattern"]} for e in entries])
    nlp.add_pipe("negex", config={"neg_termset": termset("en_clinical").get_patterns()})
    return nlp


def lazy_records(base: list[dict[str, Any]], n: int) -> Iterator[Any]:
    """N records made on the fly from the base set: new ids, varied vitals; nothing is kept."""
    rng = random.Random(5)
    for i, row in zip(range(n), cycle(base)):
        row = dict(row, id=f"STREAM-{i:08d}",
                   narrative=row["narrative"].replace(" 9", f" {rng.randint(5, 9)}", 1))
        yield record_from_dict(row, f"stream:{i}")


def stream_check(nlp, base: list[dict], n: int, workers: int) -> Measure:
    words = sum(len(r["narrative"].split()) for r in base) * n // len(base)
    every = max(n // 10, 1)

    def run() -> None:
        with open_writer(os.devnull, "jsonl", flush_seconds=0.5) as writer, \
                scored_pairs(lazy_records(base, n), nlp, ScorerSpec(), workers=workers) as pairs:
            for done, (_record, result) in zip(count(1), pairs):
                writer.write(result.to_dict())
                if done % every == 0:
                    rss, pss = memory_mb()
                    print(f"  streamed {done:>10,} records: {rss:,.0f} MB RSS, {pss:,.0f} MB PSS", file=sys.stderr, flush=True)

    return measure(f"(stream) {n:,} records, {workers} workers", run, n, words)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=2000, help="records for the throughput comparison")
    ap.add_argument("--workers", type=int, default=default_workers(), help="processes for the parallel run")
    ap.add_argument("--stream", type=int, default=0, help="also stream this many lazily generated records")
    args = ap.parse_args(argv)

    rows = build_records(args.n)
    texts = [r["narrative"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    print(f"{args.n} records, {words / args.n:.0f} words per narrative on average, {os.cpu_count()} cores")
    nlp = narrative.load()
    a = measure("(a) tokenizer alone (nlp.make_doc)", lambda: [nlp.make_doc(t) for t in texts], args.n, words)
    baseline = baseline_nlp()
    b = measure("(b) blank + EntityRuler + Negex", lambda: list(baseline.pipe(texts, batch_size=256)), args.n, words)
    del baseline
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        c1 = measure("(c) narrative score, 1 process", lambda: run_score([src], nlp, output=out, quiet=True, workers=1),
                     args.n, words)
        cn = measure(f"(c) narrative score, {args.workers} workers",
                     lambda: run_score([src], nlp, output=out, quiet=True, workers=args.workers), args.n, words)
    best = max(c1, cn, key=lambda m: m.per_s)
    print(f"ratio (c)/(a) = {best.per_s / a.per_s:.2f}   (c)/(b) = {best.per_s / b.per_s:.2f}   "
          f"(c, 1 process)/(b) = {c1.per_s / b.per_s:.2f}   per CPU-second: (c)/(a) = "
          f"{(c1.narratives / c1.cpu) / (a.narratives / a.cpu):.2f}  (c)/(b) = {(c1.narratives / c1.cpu) / (b.narratives / b.cpu):.2f}")
    if args.stream:
        stream_check(nlp, rows[:500], args.stream, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
