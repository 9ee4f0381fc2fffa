"""Seeded synthetic PCR generator: CONTRACT records with gold spans, findings and an outcome.

    from narrative.synth import generate, write_gold
    records = list(generate(1000, seed=7))
"""
from .generate import families, generate, to_gold_doc, write_gold
from .render import STYLES

__all__ = ["STYLES", "families", "generate", "to_gold_doc", "write_gold"]
