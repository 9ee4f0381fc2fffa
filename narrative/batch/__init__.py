"""Bulk scoring: the streaming runner, the process pool, the Dask engine, cloned narratives.

Every engine scores through :class:`narrative.core.Scorer`; :func:`score_partition` is the
entry point for Dask and Spark partitions.
"""
from .clones import CloneConfig, CloneHit, find_clones
from .partition import ScorerSpec, get_scorer, score_partition
from .runner import run_score, scored_pairs

__all__ = ["CloneConfig", "CloneHit", "ScorerSpec", "find_clones", "get_scorer",
           "run_score", "score_partition", "scored_pairs"]
