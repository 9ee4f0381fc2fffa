"""`narrative train`: weak labels + gold -> trained NER beside the lexicon (+ denial-risk model) -> MODEL_DIR."""
from __future__ import annotations

import datetime as _dt
import logging
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from spacy.language import Language

from ..pipeline.lexicon import BUILTIN_LEXICONS, read_patterns
from ..pipeline.ner import SurfaceForm, forms_from_entries, lexicon_forms
from . import risk as risk_mod
from .card import ModelCard
from .data import TrainDoc, read_train
from .ner import NER_CONFIG, assemble, build_rules, train_ner
from .propose import propose_patterns, write_patterns
from .weak import labelled, split, write_docbin

log = logging.getLogger(__name__)


@dataclass
class TrainOptions:
    n_iter: int = 10
    seed: int = 0
    dev_fraction: float = 0.2
    gold_weight: int = 1  # each narrative with gold spans is repeated this many times in the train set
    lexicons: list[str] | None = None  # lexicon files for the rule pipeline (default: built-in)
    patterns: list[dict] = field(default_factory=list)  # agency patterns
    config: Path = NER_CONFIG
    risk_min_outcomes: int = 20
    name: str = "narrative-trained"


@dataclass
class Trained:
    nlp: Language
    card: ModelCard
    risk_model: risk_mod.RiskModel | None


def gold_forms(docs: Iterable[TrainDoc]) -> list[SurfaceForm]:
    """Surface forms of gold spans: the agency's own words for each category."""
    return [SurfaceForm(s["label"], doc.text[s["start"]:s["end"]], s.get("category") or "other",
                        s.get("supports_bed_confinement"))
            for doc in docs for s in doc.spans if s.get("label") and doc.text[s["start"]:s["end"]].strip()]


def train_pipeline(docs: Sequence[TrainDoc], work: Path, opts: TrainOptions) -> tuple[Language, dict, dict]:
    """Weak-label, merge gold, train the NER, assemble the saved pipeline; (nlp, data sizes, NER scores)."""
    rules = build_rules(opts.lexicons)
    if opts.patterns:
        rules.get_pipe("narrative_lexicon").add_patterns(opts.patterns, source="agency", origin="patterns")
    spans = labelled(docs, rules)
    train_idx, dev_idx = split(len(docs), opts.dev_fraction, opts.seed)
    train_items = []
    for i in train_idx:
        train_items += [(docs[i].text, spans[i])] * (max(1, opts.gold_weight) if docs[i].spans else 1)
    n_train = write_docbin(rules, train_items, work / "train.spacy")
    n_dev = write_docbin(rules, [(docs[i].text, spans[i]) for i in dev_idx], work / "dev.spacy")
    best, scores = train_ner(work / "train.spacy", work / "dev.spacy", work / "ner", opts.n_iter, opts.seed, opts.config)
    forms = lexicon_forms(opts.lexicons or BUILTIN_LEXICONS) + forms_from_entries(opts.patterns) + gold_forms(docs)
    nlp = assemble(best, forms, opts.lexicons, opts.patterns)
    data = {"narratives": len(docs), "with_gold_spans": sum(bool(d.spans) for d in docs),
            "train_docs": n_train, "dev_docs": n_dev, "weak_entities": sum(len(s) for s in spans),
            "surface_forms": len(forms)}
    ner = {"precision": scores.precision, "recall": scores.recall, "f1": scores.f1, "per_label": scores.per_label}
    return nlp, data, ner


def risk_rows(nlp: Language, docs: Sequence[TrainDoc]) -> tuple[list[tuple[dict, str]], list[int]]:
    """(features, text) and denied (1/0) for the narratives with an outcome, scored by the pipeline."""
    from ..core import Scorer
    from ..pipeline.evidence import doc_to_evidence
    from ..records import record_from_dict

    scorer = Scorer(nlp, risk_model=None)
    labelled_docs = [d for d in docs if d.denied is not None]
    rows, y = [], []
    for d, doc in zip(labelled_docs, nlp.pipe((d.text for d in labelled_docs), batch_size=128)):
        try:
            record = record_from_dict({**d.record, "id": d.id or "train", "narrative": d.text}, "train")
        except ValueError:
            log.debug("skipping an unparseable record in risk training", exc_info=True)
            continue
        evidence = doc_to_evidence(doc)
        result = scorer.score_evidence(record, evidence)
        rows.append((risk_mod.risk_features(result, evidence.n_words), d.text))
        y.append(int(d.denied))
    return rows, y


def train_risk(rows: list[tuple[dict, str]], y: list[int], seed: int,
               test_fraction: float = 0.25) -> tuple[risk_mod.RiskModel, dict]:
    """Held-out AUC/Brier for the model and a findings-only baseline, then the model refit on all rows."""
    from sklearn.model_selection import train_test_split

    idx = list(range(len(rows)))
    tr, te = train_test_split(idx, test_size=test_fraction, random_state=seed, stratify=y)
    metrics = {}
    for name, est in (("model", risk_mod.make_estimator(seed)),
                      ("baseline_findings_only", risk_mod.make_estimator(seed, text=False, findings_only=True))):
        est.fit([rows[i] for i in tr], [y[i] for i in tr])
        for k, v in risk_mod.evaluate(est, [rows[i] for i in te], [y[i] for i in te]).items():
            metrics[f"{name}_{k}"] = v
    metrics["denied_rate"] = round(sum(y) / len(y), 4)
    final = risk_mod.make_estimator(seed).fit(rows, y)
    return risk_mod.RiskModel(final), metrics


def train(sources: Iterable[str | Path], output: str | Path, opts: TrainOptions | None = None,
          propose: str | Path | None = None, work_dir: str | Path | None = None) -> Trained:
    """Train from narrative files and save the model (pipeline, risk model, card) to `output`."""
    opts = opts or TrainOptions()
    random.seed(opts.seed)
    docs = list(read_train(sources))
    if len(docs) < 2:
        raise ValueError(f"need at least 2 narratives to train, found {len(docs)}")
    output = Path(output)
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        nlp, data, ner = train_pipeline(docs, Path(tmp), opts)
    risk_model = risk_metrics = None
    rows, y = risk_rows(nlp, docs) if sum(d.denied is not None for d in docs) >= opts.risk_min_outcomes else ([], [])
    data["with_outcome"] = len(y)
    if y and 0 < sum(y) < len(y) and min(sum(y), len(y) - sum(y)) >= 4:
        risk_model, risk_metrics = train_risk(rows, y, opts.seed)
    nlp.meta["name"] = opts.name
    nlp.to_disk(output)
    if risk_model is not None:
        risk_model.save(output)
    card = ModelCard(opts.name, _dt.date.today().isoformat(), opts.seed, opts.n_iter, data, ner, risk_metrics,
                     notes=["NER scores are on weak labels merged with gold on the dev split, not on a pure gold set.",
                            "Trained on synthetic or agency narratives only; no real patient text is shipped."])
    card.write(output)
    if propose is not None:
        write_patterns(propose_patterns(nlp, (d.text for d in docs)), propose)
    return Trained(nlp, card, risk_model)


def load_patterns(path: str | Path | None) -> list[dict]:
    return read_patterns(path) if path else []
