"""Tune the NER span filter of `narrative_ner_categories` (min_similarity, min_margin) on gold text.

The pipeline runs once with the filter open; each NER span is scored by its nearest known form
(similarity, margin over other labels), and every threshold pair on a grid is replayed against the
gold spans: the pair with the best exact-match F1 of rules + NER wins (ties: the more permissive
pair, so spans the rules were never told about are kept where the data allows).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Sequence

from spacy.language import Language

from ..corpus import GoldDoc
from .heldout import Key, span_scores

SIMILARITIES = tuple(round(0.35 + 0.05 * i, 2) for i in range(13)) + (0.99,)  # 0.99: known form up to case
MARGINS = (-1.0, 0.0, 0.05, 0.1, 0.2)


@dataclass(frozen=True)
class Candidate:
    """A NER span the lexicon did not cover, in narrative `doc`."""

    doc: int
    key: Key
    similarity: float
    margin: float


@dataclass
class Replay:
    """Gold spans, the rule spans of the trained pipeline, and its NER candidates, for one corpus."""

    gold: list[set[Key]]
    rules: list[set[Key]]
    candidates: list[Candidate]

    def f1(self, min_similarity: float, min_margin: float) -> float:
        pred = [set(r) for r in self.rules]
        for c in self.candidates:
            if c.similarity >= min_similarity and c.margin >= min_margin:
                pred[c.doc].add(c.key)
        return span_scores(self.gold, pred)["all"]["exact"]["f1"]


def replay(nlp: Language, docs: Sequence[GoldDoc], batch_size: int = 64) -> Replay:
    """Run `nlp` with its NER filter open and record what each threshold pair would keep."""
    categories = nlp.get_pipe("narrative_ner_categories")
    saved = categories.min_similarity, categories.min_margin
    categories.min_similarity, categories.min_margin = 0.0, -1.0
    try:
        gold, rules, candidates = [], [], []
        for i, (d, doc) in enumerate(zip(docs, nlp.pipe((d.text for d in docs), batch_size=batch_size))):
            gold.append({(s.start, s.end, s.label) for s in d.spans})
            rules.append({(e.start_char, e.end_char, e.label_) for e in doc.ents if e._.source != "ner"})
            for e in doc.ents:
                if e._.source == "ner":
                    (nearest,) = categories.categorize(e.label_, [e.text])
                    candidates.append(Candidate(i, (e.start_char, e.end_char, e.label_),
                                                nearest.similarity, nearest.margin))
    finally:
        categories.min_similarity, categories.min_margin = saved
    return Replay(gold, rules, candidates)


def tune(replays: dict[str, Replay], similarities: Sequence[float] = SIMILARITIES,
         margins: Sequence[float] = MARGINS) -> dict:
    """The threshold pair with the best mean F1 over the corpora, and the rules-alone F1 for reference."""
    table = []
    for sim, margin in itertools.product(similarities, margins):
        f1s = {name: r.f1(sim, margin) for name, r in replays.items()}
        table.append({"min_similarity": sim, "min_margin": margin, "f1": f1s,
                      "mean_f1": round(sum(f1s.values()) / len(f1s), 4)})
    best = max(table, key=lambda row: (row["mean_f1"], -row["min_similarity"], -row["min_margin"]))
    rules_only = {name: r.f1(2.0, 2.0) for name, r in replays.items()}
    return {"best": best, "rules_only_f1": rules_only, "grid": table}


def apply(nlp: Language, min_similarity: float, min_margin: float) -> None:
    """Set the filter thresholds on a pipeline, in its config too so `nlp.to_disk` keeps them."""
    categories = nlp.get_pipe("narrative_ner_categories")
    categories.min_similarity, categories.min_margin = min_similarity, min_margin
    categories.cfg.update(min_similarity=min_similarity, min_margin=min_margin)
    nlp.get_pipe_config("narrative_ner_categories").update(min_similarity=min_similarity, min_margin=min_margin)
