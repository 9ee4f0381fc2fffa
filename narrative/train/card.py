"""The model card: what a trained model was trained on and how well it did, as JSON and Markdown."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ModelCard:
    name: str
    created: str
    seed: int
    n_iter: int
    data: dict[str, Any]  # sizes: narratives, gold, weak-only, outcomes, train/dev split
    ner: dict[str, Any]  # P/R/F1 on the held-out dev split (weak + gold labels)
    risk: dict[str, Any] | None = None  # ROC AUC / Brier on a held-out split, with a findings-only baseline
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. measurements from training/ scripts

    def write(self, directory: str | Path, markdown_name: str = "MODEL_CARD.md") -> None:
        directory = Path(directory)
        (directory / "model_card.json").write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        (directory / markdown_name).write_text(self.markdown(), encoding="utf-8")

    def markdown(self) -> str:
        lines = [f"# Model card: {self.name}", "",
                 f"Created {self.created}, seed {self.seed}, {self.n_iter} epochs. Trained with `narrative train`.", "",
                 "## Data", ""]
        lines += _bullets(self.data)
        lines += ["", "## NER (held-out dev split, weak + gold labels)", "",
                  f"- precision {self.ner.get('precision')}, recall {self.ner.get('recall')}, F1 {self.ner.get('f1')}"]
        for label, m in sorted((self.ner.get("per_label") or {}).items()):
            lines.append(f"  - {label}: P {m.get('p')}, R {m.get('r')}, F1 {m.get('f')}")
        lines += ["", "## Denial-risk classifier", ""]
        if self.risk:
            lines += [f"- {k.replace('_', ' ')}: {v}" for k, v in self.risk.items()]
        else:
            lines.append("- not trained (no outcomes with both paid and denied claims in the training data)")
        for title, body in self.extra.items():
            lines += ["", f"## {title}", ""]
            lines += _bullets(body) if isinstance(body, dict) else [str(body)]
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"


def _bullets(body: dict[str, Any], depth: int = 0) -> list[str]:
    """Nested bullets for nested measurements; a dict of plain numbers stays on one line."""
    lines = []
    for key, value in body.items():
        head = f"{'  ' * depth}- {str(key).replace('_', ' ')}:"
        if isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
            lines += [head] + _bullets(value, depth + 1)
        elif isinstance(value, dict):
            lines.append(f"{head} " + ", ".join(f"{k} {v}" for k, v in value.items()))
        else:
            lines.append(f"{head} {value}")
    return lines
