"""Measure the pipeline against gold: span-level P/R/F1 per label, assertion accuracy, and on
scored records, level accuracy and finding-level P/R/F1."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from spacy.language import Language

from .corpus import GoldDoc
from .errors import Errors
from .pipeline.evidence import doc_to_evidence

LABELS = ("CONDITION", "INTERVENTION", "MEDICATION", "MOBILITY")


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


Key = tuple[int, int, str]  # (start, end, label) of a span


def overlaps(key: Key, others: Iterable[Key]) -> bool:
    """Another span of the same label shares a character with this one."""
    return any(o[2] == key[2] and o[0] < key[1] and key[0] < o[1] for o in others)


@dataclass
class Tally:
    """One label's span counts: exact matches, and overlap matches seen from each side."""

    n_gold: int = 0
    n_pred: int = 0
    exact: int = 0
    found: int = 0  # gold spans some predicted span overlaps
    used: int = 0  # predicted spans that overlap some gold span

    def add(self, gold: set[Key], pred: set[Key]) -> None:
        self.n_gold += len(gold)
        self.n_pred += len(pred)
        self.exact += len(gold & pred)
        self.found += sum(overlaps(k, pred) for k in gold)
        self.used += sum(overlaps(k, gold) for k in pred)

    def __iadd__(self, other: "Tally") -> "Tally":
        for name in ("n_gold", "n_pred", "exact", "found", "used"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def exact_prf(self) -> PRF:
        return PRF(self.exact, self.n_pred - self.exact, self.n_gold - self.exact)

    @property
    def overlap_precision(self) -> float:
        return self.used / self.n_pred if self.n_pred else 1.0

    @property
    def overlap_recall(self) -> float:
        return self.found / self.n_gold if self.n_gold else 1.0

    @property
    def overlap_f1(self) -> float:
        p, r = self.overlap_precision, self.overlap_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def tally(gold: Iterable[set[Key]], pred: Iterable[set[Key]]) -> dict[str, Tally]:
    """Per-label tallies over documents given as (start, end, label) key sets, plus "all"."""
    out = {lab: Tally() for lab in LABELS}
    for g, p in zip(gold, pred):
        for lab in LABELS:
            out[lab].add({k for k in g if k[2] == lab}, {k for k in p if k[2] == lab})
    total = Tally()
    for t in out.values():
        total += t
    out["all"] = total
    return out


@dataclass
class SpanReport:
    tallies: dict[str, Tally] = field(default_factory=dict)
    assertion: Counter = field(default_factory=Counter)  # correct / total over matched spans
    category: Counter = field(default_factory=Counter)
    polarity: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)

    @staticmethod
    def _acc(c: Counter) -> float:
        return c["correct"] / c["total"] if c["total"] else 1.0

    def to_dict(self) -> dict:
        t = self.tallies
        return {
            "labels": {lab: {"precision": round(t[lab].exact_prf.precision, 4), "recall": round(t[lab].exact_prf.recall, 4),
                             "f1": round(t[lab].exact_prf.f1, 4), "overlap_f1": round(t[lab].overlap_f1, 4),
                             "support": t[lab].n_gold} for lab in LABELS},
            "micro_f1": round(t["all"].exact_prf.f1, 4),
            "overlap_micro_f1": round(t["all"].overlap_f1, 4),
            "assertion_accuracy": round(self._acc(self.assertion), 4),
            "category_accuracy": round(self._acc(self.category), 4),
            "polarity_accuracy": round(self._acc(self.polarity), 4),
        }


def evaluate_spans(docs: Iterable[GoldDoc], nlp: Language, keep_errors: bool = False) -> SpanReport:
    """The pipeline's entities measured against the gold spans."""
    docs = list(docs)
    predicted = (doc_to_evidence(doc).entities for doc in nlp.pipe(d.text for d in docs))
    return compare_spans(zip(docs, predicted), keep_errors)


def agreement(first: Iterable[GoldDoc], second: Iterable[GoldDoc], second_path: str = "",
              keep_errors: bool = False) -> SpanReport:
    """Two annotators' spans on the same narratives, the second read as the prediction: the ceiling
    exact-boundary scores can reach when people who follow the same guide still split."""
    others = {d.id: d for d in second}
    pairs = []
    for doc in first:
        other = others.get(doc.id)
        if other is None or other.text != doc.text:
            problem = "missing" if other is None else "the text differs"
            raise ValueError(Errors.E011.format(id=doc.id, problem=problem, path=second_path))
        pairs.append((doc, other.spans))
    return compare_spans(pairs, keep_errors)


def compare_spans(pairs: Iterable[tuple[GoldDoc, list]], keep_errors: bool = False) -> SpanReport:
    """Score predicted spans (anything with start, end, label, category, assertion and
    supports_bed_confinement) against each gold document."""
    report = SpanReport()
    gold_sets: list[set[Key]] = []
    pred_sets: list[set[Key]] = []
    for gold, pred in pairs:
        gold_keys = {(s.start, s.end, s.label): s for s in gold.spans}
        pred_keys = {(e.start, e.end, e.label): e for e in pred}
        gold_sets.append(set(gold_keys))
        pred_sets.append(set(pred_keys))
        for key, span in gold_keys.items():
            ent = pred_keys.get(key)
            if ent is None:
                if keep_errors:
                    report.errors.append({"id": gold.id, "kind": "missed", "text": gold.text[key[0]:key[1]], "label": key[2]})
                continue
            for counter, want, got in ((report.assertion, span.assertion, ent.assertion),
                                       (report.category, span.category, ent.category)):
                counter["total"] += 1
                counter["correct"] += want == got
            if span.label == "MOBILITY":
                report.polarity["total"] += 1
                report.polarity["correct"] += span.supports_bed_confinement == ent.supports_bed_confinement
            if keep_errors and (span.assertion != ent.assertion or span.category != ent.category):
                report.errors.append({"id": gold.id, "kind": "attribute", "text": gold.text[key[0]:key[1]],
                                      "gold": [span.category, span.assertion], "pred": [ent.category, ent.assertion]})
        if keep_errors:
            for key in sorted(set(pred_keys) - set(gold_keys)):  # text order, the same on every run
                report.errors.append({"id": gold.id, "kind": "spurious", "text": gold.text[key[0]:key[1]], "label": key[2]})
    report.tallies = tally(gold_sets, pred_sets)
    return report


@dataclass
class RecordReport:
    levels: Counter = field(default_factory=Counter)
    bed: Counter = field(default_factory=Counter)
    findings: dict[str, PRF] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)

    def micro(self) -> PRF:
        return PRF(sum(p.tp for p in self.findings.values()), sum(p.fp for p in self.findings.values()),
                   sum(p.fn for p in self.findings.values()))

    def to_dict(self) -> dict:
        acc = lambda c: round(c["correct"] / c["total"], 4) if c["total"] else 1.0  # noqa: E731
        micro = self.micro()
        return {
            "records": self.levels["total"],
            "level_accuracy": acc(self.levels),
            "bed_confined_accuracy": acc(self.bed),
            "finding_precision": round(micro.precision, 4),
            "finding_recall": round(micro.recall, 4),
            "finding_f1": round(micro.f1, 4),
            "by_code": {code: {"precision": round(p.precision, 4), "recall": round(p.recall, 4), "f1": round(p.f1, 4),
                               "support": p.tp + p.fn} for code, p in sorted(self.findings.items())},
        }


def evaluate_records(pairs: Iterable[tuple[dict, dict]]) -> RecordReport:
    """pairs of (expected, result row): expected has supported_level, bed_confined, findings."""
    report = RecordReport()
    for expected, row in pairs:
        report.levels["total"] += 1
        report.levels["correct"] += expected.get("supported_level") == row.get("supported_level")
        if "bed_confined" in expected:
            report.bed["total"] += 1
            report.bed["correct"] += expected["bed_confined"] == row.get("bed_confined")
        want = set(expected.get("findings", []))
        got = {f["code"] for f in row.get("findings", [])}
        for code in want | got:
            prf = report.findings.setdefault(code, PRF())
            prf.tp += code in want and code in got
            prf.fp += code in got and code not in want
            prf.fn += code in want and code not in got
        if want != got or expected.get("supported_level") != row.get("supported_level"):
            report.errors.append({"id": row.get("id"), "missing": sorted(want - got), "extra": sorted(got - want),
                                  "level": [expected.get("supported_level"), row.get("supported_level")]})
    return report
