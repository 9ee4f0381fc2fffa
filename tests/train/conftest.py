import json

import pytest
from typer.testing import CliRunner

from narrative.cli import app

from .agency import write_corpus


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    """A tiny model trained end to end through `narrative train` (60 narratives, 3 epochs)."""
    root = tmp_path_factory.mktemp("train")
    corpus = write_corpus(root / "agency" / "narratives.jsonl", 60, seed=1)
    model, proposed = root / "model", root / "proposed.jsonl"
    result = CliRunner().invoke(app, ["train", str(corpus.parent), "-o", str(model), "--n-iter", "3",
                                      "--gold-weight", "3", "--seed", "0", "--propose-patterns", str(proposed)])
    assert result.exit_code == 0, result.output
    return {"root": root, "model": model, "proposed": proposed,
            "card": json.loads((model / "model_card.json").read_text())}
