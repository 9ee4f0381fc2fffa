"""Train the spaCy NER (training/ner.cfg) with `spacy train`, and put it beside the lexicon.

The saved pipeline is the rule pipeline with `ner` and `narrative_ner_categories` inserted before
`narrative_lexicon`: lexicon and agency matches win on clashes, the NER adds what they lack, and
assertion, mobility and medications then run on both alike.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Config

from .. import pipeline  # noqa: F401  (registers our tokenizer and factories for spacy train)
from ..nlp import DEFAULT_CONFIG
from ..pipeline.ner import SurfaceForm

log = logging.getLogger(__name__)

NER_CONFIG = Path(__file__).resolve().parents[2] / "training" / "ner.cfg"


@dataclass
class NerScores:
    precision: float
    recall: float
    f1: float
    per_label: dict[str, dict[str, float]]


def train_ner(train: Path, dev: Path, output: Path, n_iter: int, seed: int,
              config: Path = NER_CONFIG) -> tuple[Path, NerScores]:
    """Run `spacy train` for exactly `n_iter` epochs; the last model's directory and its dev-set scores.

    The last model rather than `model-best`: with few steps per epoch spaCy may never evaluate after
    step 0, and a fixed number of epochs keeps `make model` reproducible.
    """
    from spacy.cli.train import train as spacy_train

    overrides = {"paths.train": str(train), "paths.dev": str(dev), "system.seed": seed,
                 "training.max_epochs": n_iter, "training.patience": 0, "training.eval_frequency": 10**9}
    spacy_train(config, output, use_gpu=-1, overrides=overrides)
    last = output / "model-last"
    return last, score_ner(spacy.load(last), dev)


def score_ner(nlp: Language, dev: Path) -> NerScores:
    """Entity P/R/F1 of a pipeline against the entities stored in a DocBin."""
    from spacy.tokens import DocBin
    from spacy.training import Example

    gold = list(DocBin().from_disk(dev).get_docs(nlp.vocab))
    scores = nlp.evaluate([Example(nlp.make_doc(d.text), d) for d in gold])
    per_label = {k: {m: round(float(v), 4) for m, v in d.items()} for k, d in (scores.get("ents_per_type") or {}).items()}
    return NerScores(round(float(scores.get("ents_p") or 0), 4), round(float(scores.get("ents_r") or 0), 4),
                     round(float(scores.get("ents_f") or 0), 4), per_label)


def rule_config(lexicons: list[str] | None = None) -> Config:
    """The rule pipeline's config, optionally with another list of lexicon files."""
    cfg = Config().from_disk(DEFAULT_CONFIG)
    if lexicons is not None:
        cfg["components"]["narrative_lexicon"]["lexicons"] = [str(p) for p in lexicons]
    return cfg


def build_rules(lexicons: list[str] | None = None) -> Language:
    return spacy.util.load_model_from_config(rule_config(lexicons), auto_fill=True, validate=True)


def assemble(ner_dir: Path, forms: list[SurfaceForm], lexicons: list[str] | None = None,
             patterns: list[dict] | None = None) -> Language:
    """The rule pipeline with the trained NER and the category component before the lexicon."""
    nlp = build_rules(lexicons)
    trained = spacy.load(ner_dir)
    nlp.add_pipe("ner", source=trained, before="narrative_lexicon")
    categories = nlp.add_pipe("narrative_ner_categories", before="narrative_lexicon")
    categories.set_forms(forms)
    if patterns:
        nlp.get_pipe("narrative_lexicon").add_patterns(patterns, source="agency", origin="patterns")
    return nlp
