"""narrative: does an ambulance PCR narrative prove medical necessity and support the billed level?

Public API::

    nlp = narrative.load()                     # the rule pipeline (or load("models/default"))
    entities = narrative.analyze("67 y/o M c/o CP ...", nlp)
    for result in narrative.score_records(records, nlp): ...
"""
from __future__ import annotations

from .nlp import build, load

__version__ = "0.1.0"


def analyze(text: str, nlp=None):
    """The Evidence (entities, administrations, sections) of one narrative."""
    from .pipeline.evidence import doc_to_evidence

    nlp = nlp or load()
    return doc_to_evidence(nlp(text))


def score_records(records, nlp=None, **kwargs):
    """Score an iterable of Records (or RecordErrors); yields Results in input order."""
    from .core import score_records as _score_records

    return _score_records(records, nlp or load(), **kwargs)


__all__ = ["analyze", "build", "load", "score_records", "__version__"]
