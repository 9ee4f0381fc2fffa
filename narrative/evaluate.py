"""Measure the pipeline against gold: span-level P/R/F1 per label, assertion accuracy, and on
scored records, level accuracy and finding-level P/R/F1."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from spacy.language import Language

from .corpus import GoldDoc
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


@dataclass
class SpanReport:
    exact: dict[str, PRF] = field(default_factory=lambda: {lab: PRF() for lab in LABELS})
    overlap: dict[str, PRF] = field(default_factory=lambda: {lab: PRF() for lab in LABELS})
    assertion: Counter = field(default_factory=Counter)  # correct / total over matched spans
    category: Counter = field(default_factory=Counter)
    polarity: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)

    def micro(self, kind: str = "exact") -> PRF:
        table = self.exact if kind == "exact" else self.overlap
        return PRF(sum(p.tp for p in table.values()), sum(p.fp for p in table.values()),
                   sum(p.fn for p in table.values()))

    @staticmethod
    def _acc(c: Counter) -> float:
        return c["correct"] / c["total"] if c["total"] else 1.0

    def to_dict(self) -> dict:
        return {
            "labels": {lab: {"precision": round(self.exact[lab].precision, 4), "recall": round(self.exact[lab].recall, 4),
                             "f1": round(self.exact[lab].f1, 4), "overlap_f1": round(self.overlap[lab].f1, 4),
                             "support": self.exact[lab].tp + self.exact[lab].fn} for lab in LABELS},
            "micro_f1": round(self.micro().f1, 4),
            "overlap_micro_f1": round(self.micro("overlap").f1, 4),
            "assertion_accuracy": round(self._acc(self.assertion), 4),
            "category_accuracy": round(self._acc(self.category), 4),
            "polarity_accuracy": round(self._acc(self.polarity), 4),
        }


def evaluate_spans(docs: Iterable[GoldDoc], nlp: Language, keep_errors: bool = False) -> SpanReport:
    report = SpanReport()
    docs = list(docs)
    for gold, doc in zip(docs, nlp.pipe(d.text for d in docs)):
        pred = doc_to_evidence(doc).entities
        gold_keys = {(s.start, s.end, s.label): s for s in gold.spans}
        pred_keys = {(e.start, e.end, e.label): e for e in pred}
        for lab in LABELS:
            g = {k for k in gold_keys if k[2] == lab}
            p = {k for k in pred_keys if k[2] == lab}
            report.exact[lab].tp += len(g & p)
            report.exact[lab].fp += len(p - g)
            report.exact[lab].fn += len(g - p)
            # overlap: a gold span counts as found when a predicted span of its label overlaps it
            found = {k for k in g if any(q[0] < k[1] and k[0] < q[1] for q in p)}
            used = {q for q in p if any(q[0] < k[1] and k[0] < q[1] for k in g)}
            report.overlap[lab].tp += len(found)
            report.overlap[lab].fn += len(g - found)
            report.overlap[lab].fp += len(p - used)
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
                report.errors.append({"id": gold.id, "kind": "attribute", "text": ent.text,
                                      "gold": [span.category, span.assertion], "pred": [ent.category, ent.assertion]})
        if keep_errors:
            for key in set(pred_keys) - set(gold_keys):
                report.errors.append({"id": gold.id, "kind": "spurious", "text": gold.text[key[0]:key[1]], "label": key[2]})
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
