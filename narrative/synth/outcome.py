"""A plausible payer: the latent denial model behind the synthetic ``outcome`` label.

Denial probability rises with the expected findings (errors most), falls with
strong documentation, and carries Gaussian noise so the label is learnable but
not a deterministic function of the findings. Weights live in ``outcome.yaml``.
"""
from __future__ import annotations

import math
import random

from .bank import Bank


def denial_probability(bank: Bank, findings: list[str], supporting: int, typo_rate: float, noise: float) -> float:
    cfg = bank.outcome
    z = cfg["intercept"] + noise
    z += sum(cfg["findings"].get(code, 0.0) for code in findings)
    z += cfg["per_supporting_condition"] * min(supporting, 3)
    z += cfg["typo_rate_weight"] * typo_rate
    return 1.0 / (1.0 + math.exp(-z))


def draw_outcome(bank: Bank, findings: list[str], supporting: int, typo_rate: float,
                 rng: random.Random) -> tuple[str, float]:
    """("paid" | "denied", the latent probability of denial)."""
    p = denial_probability(bank, findings, supporting, typo_rate, rng.gauss(0.0, bank.outcome["noise_sd"]))
    return ("denied" if rng.random() < p else "paid"), p
