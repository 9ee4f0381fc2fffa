"""The scoring core: records in, CONTRACT results out, in input order.

The CLI, the Python API and the batch runners (multiprocessing, Dask, Spark) all call
`score_records`; nothing else scores a record.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

from spacy.language import Language
from spacy.tokens import Doc

from .errors import Errors
from .evidence import Evidence
from .pipeline.evidence import doc_to_evidence
from .records import RawLine, materialize
from .records.errors import RecordError, error_result
from .records.model import Record
from .result import Result
from .rules import reconcile, score
from .rules.tables import Scope, load_scope

if TYPE_CHECKING:
    from .batch.clones import CloneHit

log = logging.getLogger(__name__)


class Scorer:
    """Everything one process needs to score records: the pipeline and the rule tables, loaded once."""

    def __init__(self, nlp: Language, scope: Scope | str | None = None, batch_size: int = 256,
                 risk_model=None):
        self.nlp = nlp
        self.scope = scope if isinstance(scope, Scope) else load_scope(scope)
        self.batch_size = batch_size
        lexicon = nlp.get_pipe("narrative_lexicon")
        # structured names repeat across a batch ("12 Lead ECG", "Normal Saline"): match each once
        self.categorize = lru_cache(maxsize=8192)(lexicon.categorize)
        # a denial-risk model trained with `narrative train` (narrative/train/risk.py) is saved in the
        # model directory; when present its probability is blended in as a DENIAL_RISK_MODEL entry
        self.risk_model = risk_model or _risk_model_for(nlp)

    def score_evidence(self, record: Record, evidence: Evidence, clone: CloneHit | None = None) -> Result:
        """Reconcile and score one record whose narrative has been analysed; a batch's clone hit is
        scored as one more finding, so the rules and the risk model both see it."""
        rec = reconcile(record, evidence, self.categorize, self.scope)
        if clone is not None:
            rec.findings.append(clone.finding())
        scored = score(rec.findings)
        result = Result(
            id=record.id,
            score=scored.score,
            risk=scored.risk,
            supported_level=rec.supported_level,
            billed_level=rec.billed_level,
            emergency=rec.emergency,
            bed_confined=rec.bed_confined,
            entities=evidence.entities,
            findings=rec.findings,
            score_breakdown=scored.breakdown,
            administrations=[a.to_dict() for a in evidence.administrations],
        )
        if self.risk_model is not None:
            self.risk_model.blend(result, evidence.n_words, record.narrative)
        return result

    def _docs(self, texts: list[str]) -> Iterator[Doc | Exception]:
        """Docs for the texts; a text that makes the pipeline raise yields the exception instead."""
        try:
            yield from list(self.nlp.pipe(texts, batch_size=self.batch_size))
            return
        except Exception:  # find the failing record(s) one by one, keep the rest
            log.debug("pipeline failed on a batch; retrying records one by one", exc_info=True)
        for text in texts:
            try:
                yield self.nlp(text)
            except Exception as err:  # noqa: BLE001 - a bad record must never stop the batch
                yield err

    def score_pairs(self, records: Iterable[Record | RecordError | RawLine], clones: Mapping[int, CloneHit] | None = None
                    ) -> Iterator[tuple[Record | None, Result]]:
        """(record, result) in input order; the record is None for input that could not be read.
        ``clones`` maps a position in ``records`` to its clone hit (narrative.batch.clones.find_clones)."""
        clones = clones or {}
        it = enumerate(map(materialize, records))
        while chunk := list(islice(it, self.batch_size)):
            good = [r for _, r in chunk if isinstance(r, Record)]
            docs = iter(self._docs([r.narrative for r in good]))
            for position, item in chunk:
                if isinstance(item, RecordError):
                    yield None, error_result(item)
                else:
                    yield item, self._score_one(item, next(docs), clones.get(position))

    def score_records(self, records: Iterable[Record | RecordError | RawLine],
                      clones: Mapping[int, CloneHit] | None = None) -> Iterator[Result]:
        return (result for _, result in self.score_pairs(records, clones))

    def _score_one(self, record: Record, doc: Doc | Exception, clone: CloneHit | None) -> Result:
        try:
            if isinstance(doc, Exception):
                raise doc
            return self.score_evidence(record, doc_to_evidence(doc, record.narrative), clone)
        except Exception as err:  # noqa: BLE001
            log.debug("scoring failed for %s", record.id, exc_info=True)
            return Result(id=record.id, errors=[Errors.E007.format(record=record.id, error=type(err).__name__)])


def _risk_model_for(nlp: Language):
    """The risk model saved beside a trained pipeline (nlp.path), or None for the rule pipeline."""
    if nlp.path is None or not (nlp.path / "risk_model.joblib").exists():
        return None
    from .train.risk import load_for

    return load_for(nlp.path)


def score_records(records: Iterable[Record | RecordError], nlp: Language, scope: Scope | str | None = None,
                  batch_size: int = 256) -> Iterator[Result]:
    """Score records (or pass through reader errors) in input order."""
    return Scorer(nlp, scope, batch_size).score_records(records)
