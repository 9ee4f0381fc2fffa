"""Generalization check: hide part of the lexicon, then see what the trained NER gets back.

A seeded slice of each label's literal surface forms is removed from copies of the lexicon files;
the rule pipeline built from those copies no longer knows them. Gold mentions written with a hidden
form are the target: recall on them, rules alone vs rules + NER, tells how much a model trained on
corrected narratives recovers of what the rules were never told.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from spacy.language import Language

from ..corpus import GoldDoc
from ..evaluate import Key, overlaps, tally
from ..pipeline.lexicon import BUILTIN_LEXICONS
from ..resources import read_jsonl


@dataclass(frozen=True)
class HeldOut:
    """The reduced lexicon files and the hidden forms (lowercased) per label."""

    lexicons: list[str]
    forms: dict[str, frozenset[str]]

    def hides(self, label: str, text: str) -> bool:
        return text.lower() in self.forms.get(label, frozenset())


def hold_out(work: Path, fraction: float, seed: int, lexicons: Sequence[str] = BUILTIN_LEXICONS) -> HeldOut:
    """Write copies of `lexicons` without a seeded `fraction` of each label's literal surface forms."""
    rng = random.Random(seed)
    files = {name: list(read_jsonl(name)) for name in lexicons}
    by_label: dict[str, set[str]] = {}
    for entries in files.values():
        for e in entries:
            if isinstance(e.get("pattern"), str):
                by_label.setdefault(e["label"], set()).add(e["pattern"].lower())
    hidden = {}
    for label in sorted(by_label):
        forms = sorted(by_label[label])
        rng.shuffle(forms)
        hidden[label] = frozenset(forms[:int(len(forms) * fraction)])
    work.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, entries in files.items():
        path = work / Path(name).name
        with open(path, "w", encoding="utf-8") as fh:
            for e in entries:
                if not (isinstance(e.get("pattern"), str) and e["pattern"].lower() in hidden.get(e["label"], ())):
                    fh.write(json.dumps(e) + "\n")
        paths.append(str(path))
    return HeldOut(paths, hidden)


def predicted(nlp: Language, docs: Sequence[GoldDoc], batch_size: int = 64) -> list[set[Key]]:
    """(start, end, label) of each narrative's entities."""
    return [{(e.start_char, e.end_char, e.label_) for e in doc.ents}
            for doc in nlp.pipe((d.text for d in docs), batch_size=batch_size)]


def span_scores(gold: Sequence[set[Key]], pred: Sequence[set[Key]]) -> dict:
    """Micro and per-label P/R/F1, exact match and overlap (same label, any shared character)."""
    out: dict = {}
    for name, t in tally(gold, pred).items():
        prf = t.exact_prf
        out[name] = {"exact": {"p": round(prf.precision, 4), "r": round(prf.recall, 4), "f1": round(prf.f1, 4)},
                     "overlap": {"p": round(t.overlap_precision, 4), "r": round(t.overlap_recall, 4)},
                     "support": t.n_gold}
    return {"all": out.pop("all"), **out}


def targets(docs: Sequence[GoldDoc], held: HeldOut) -> list[set[Key]]:
    """Gold mentions written with a hidden surface form."""
    return [{(s.start, s.end, s.label) for s in d.spans if held.hides(s.label, d.text[s.start:s.end])} for d in docs]


def held_out_recall(target: Sequence[set[Key]], pred: Sequence[set[Key]]) -> dict[str, float]:
    """Share of the hidden-form mentions found, exact span and overlapping span."""
    n = sum(map(len, target))
    exact = sum(len(t & p) for t, p in zip(target, pred))
    overlap = sum(overlaps(k, p) for t, p in zip(target, pred) for k in t)
    return {"exact": round(exact / n, 4) if n else 1.0, "overlap": round(overlap / n, 4) if n else 1.0}


def recovered(target: Sequence[set[Key]], rules: Sequence[set[Key]], model: Sequence[set[Key]]) -> dict[str, float]:
    """Of the hidden-form mentions the reduced rules miss (exactly), the share the model finds."""
    missed = [t - r for t, r in zip(target, rules)]
    n = sum(map(len, missed))
    exact = sum(len(m & p) for m, p in zip(missed, model))
    overlap = sum(overlaps(k, p) for m, p in zip(missed, model) for k in m)
    return {"missed_by_rules": n, "exact": round(exact / n, 4) if n else 1.0,
            "overlap": round(overlap / n, 4) if n else 1.0}


def added(gold: Sequence[set[Key]], rules: Sequence[set[Key]], model: Sequence[set[Key]]) -> dict[str, float]:
    """Precision of the spans the model adds to the rules: the NER's own share of the errors."""
    extra = [m - r for m, r in zip(model, rules)]
    n = sum(map(len, extra))
    exact = sum(len(e & g) for e, g in zip(extra, gold))
    overlap = sum(overlaps(k, g) for e, g in zip(extra, gold) for k in e)
    return {"spans": n, "exact_p": round(exact / n, 4) if n else 1.0, "overlap_p": round(overlap / n, 4) if n else 1.0}
