"""Denial risk learned from an agency's outcomes, blended into the rule score.

Features are what the pipeline and the rules already say about a record (finding codes, entity
counts by label, category and assertion, the billed-vs-supported level gap, length) plus the
narrative's words (TF-IDF). A logistic regression, calibrated (CalibratedClassifierCV) so the
probability can be read as one, is saved as `risk_model.joblib` in the model directory; the
scoring core (narrative.core.Scorer) loads it from there and calls :meth:`RiskModel.blend`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import joblib

from ..result import Result
from ..rules import rank
from ..rules import risk as risk_band

FILENAME = "risk_model.joblib"
CODE = "DENIAL_RISK_MODEL"
_RISK_ORDER = {"low": 0, "medium": 1, "high": 2}


def risk_features(result: Result, n_words: int) -> dict[str, float]:
    """Pipeline features of one scored record (before any risk-model blending)."""
    f: dict[str, float] = {"log_words": math.log1p(n_words), "n_findings": len(result.findings)}
    for finding in result.findings:
        f[f"finding={finding.code}"] = 1.0
    for e in result.entities:
        for key in (f"label={e.label}", f"cat={e.label}/{e.category}", f"assert={e.label}/{e.assertion}"):
            f[key] = f.get(key, 0.0) + 1.0
    billed, supported = rank(result.billed_level), rank(result.supported_level)
    if billed is not None and supported is not None:
        f["level_gap"] = float(billed - supported)
    f[f"billed={result.billed_level}"] = 1.0
    f[f"emergency={result.emergency}"] = 1.0
    f[f"bed_confined={result.bed_confined}"] = 1.0
    return {k: (math.log1p(v) if k.startswith(("label=", "cat=", "assert=")) else v) for k, v in f.items()}


def _features(rows: Sequence[tuple[dict, str]]) -> list[dict]:
    return [r[0] for r in rows]


def _texts(rows: Sequence[tuple[dict, str]]) -> list[str]:
    return [r[1] for r in rows]


def _findings_only(rows: Sequence[tuple[dict, str]]) -> list[dict]:
    return [{k: v for k, v in r[0].items() if k.startswith("finding=")} for r in rows]


def make_estimator(seed: int, text: bool = True, findings_only: bool = False):
    """Calibrated logistic regression on pipeline features (+ TF-IDF text unless `text` is False)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer, MaxAbsScaler

    select = _findings_only if findings_only else _features
    parts = [("pipeline", Pipeline([("select", FunctionTransformer(select)), ("vec", DictVectorizer()),
                                    ("scale", MaxAbsScaler())]))]
    if text:
        parts.append(("text", Pipeline([("select", FunctionTransformer(_texts)),
                                        ("tfidf", TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=20000,
                                                                  sublinear_tf=True))])))
    classifier = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
    return Pipeline([("features", FeatureUnion(parts)),
                     ("clf", CalibratedClassifierCV(classifier, method="sigmoid", cv=3))])


@dataclass
class RiskModel:
    """A fitted denial-risk estimator and how much its probability may move the score."""

    estimator: Any
    max_penalty: int = 20  # points taken at p(denied) = 1; nothing below p = 0.5

    def probability(self, features: dict[str, float], text: str) -> float:
        return float(self.estimator.predict_proba([(features, text)])[0, 1])

    def points(self, probability: float) -> int:
        return -round(self.max_penalty * max(0.0, probability - 0.5) * 2)

    def blend(self, result: Result, n_words: int, text: str) -> Result:
        """Add the model's probability and points to a rule-scored result (never below 0)."""
        p = self.probability(risk_features(result, n_words), text)
        points = max(self.points(p), -(result.score or 0))
        result.denial_probability = round(p, 4)
        result.score = (result.score or 0) + points
        result.score_breakdown.append({"code": CODE, "points": points,
                                       "reason": f"Denial-risk model trained on agency outcomes: p(denied) = {p:.2f}."})
        band = risk_band(result.score, False, False)
        if _RISK_ORDER[band] > _RISK_ORDER.get(result.risk or "low", 0):
            result.risk = band
        return result

    def save(self, directory: str | Path) -> Path:
        path = Path(directory) / FILENAME
        joblib.dump(self, path)
        return path


def load_for(model_dir: str | Path | None) -> RiskModel | None:
    """The risk model saved in a model directory, if there is one."""
    if model_dir is None:
        return None
    path = Path(model_dir) / FILENAME
    return joblib.load(path) if path.exists() else None


def evaluate(estimator, rows: Sequence[tuple[dict, str]], y: Sequence[int]) -> dict[str, float]:
    """ROC AUC and Brier score of a fitted estimator on held-out rows."""
    from sklearn.metrics import brier_score_loss, roc_auc_score

    p = estimator.predict_proba(list(rows))[:, 1]
    auc = roc_auc_score(y, p) if len(set(y)) > 1 else float("nan")
    return {"roc_auc": round(float(auc), 4), "brier": round(float(brier_score_loss(y, p)), 4), "n": len(y)}
