"""`narrative evaluate` on the three corpus shapes it reads."""
import json

from typer.testing import CliRunner

from narrative.cli import app

runner = CliRunner()


def test_gold_text_corpus(tmp_path):
    corpus = tmp_path / "gold.txt"
    corpus.write_text("### A\npt denies [CP](CONDITION/chest_pain_cardiac/negated) but c/o "
                      "[SOB](CONDITION/respiratory_distress/present)\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "CONDITION" in result.output and "assertion accuracy 1.000" in result.output


def test_jsonl_with_complete_spans_and_expected_outcome(tmp_path):
    text = "67 y/o M c/o chest pain, 12 lead obtained, ASA 324 mg PO. Transported emergent."
    spans = [{"start": text.index("chest pain"), "end": text.index("chest pain") + 10, "label": "CONDITION",
              "category": "chest_pain_cardiac", "assertion": "present"}]
    row = {"id": "R1", "narrative": text, "spans": spans, "spans_complete": True,
           "transport": {"emergency": True}, "billing": {"level": "ALS1"},
           "expected": {"supported_level": "ALS1", "findings": []}}
    corpus = tmp_path / "agency.jsonl"
    corpus.write_text(json.dumps(row) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "micro F1" in result.output and "level accuracy 1.000" in result.output


def test_corpus_without_gold_is_an_error(tmp_path):
    corpus = tmp_path / "plain.jsonl"
    corpus.write_text(json.dumps({"id": "X", "narrative": "pt c/o CP"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(corpus)])
    assert result.exit_code == 2
