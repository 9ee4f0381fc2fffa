"""Build, load and save the pipeline."""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Config

from . import pipeline  # noqa: F401  (registers the factories and the tokenizer)
from .errors import Errors
from .pipeline.lexicon import read_patterns

DEFAULT_CONFIG = Path(__file__).parent / "default_config.cfg"
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "default"


def build(config: str | Path = DEFAULT_CONFIG) -> Language:
    """The rule pipeline from a config file, starting from spacy.blank("en")."""
    cfg = Config().from_disk(config)
    return spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)


def load(path: str | Path | None = None, patterns: str | Path | list[dict] | None = None) -> Language:
    """The pipeline: from `path` (a saved or trained model directory) or the built-in config.

    `patterns` (an agency patterns JSONL file or a list of entries) is added to the lexicon and wins
    over built-in entries.
    """
    if path is None:
        nlp = build()
    else:
        path = Path(path)
        if not (path / "config.cfg").exists():
            raise FileNotFoundError(Errors.E008.format(path=path))
        nlp = spacy.load(path)
    if patterns is not None:
        entries = read_patterns(patterns) if isinstance(patterns, (str, Path)) else list(patterns)
        nlp.get_pipe("narrative_lexicon").add_patterns(entries, source="agency", origin=str(patterns))
    return nlp
