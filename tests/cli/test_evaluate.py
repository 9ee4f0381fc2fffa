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


def _two_annotators(tmp_path, second_text: str):
    first = tmp_path / "a.txt"
    first.write_text("### N1\npt [ambulated to the stretcher](MOBILITY/ambulate/present/false) w/ walker, denies "
                     "[CP](CONDITION/chest_pain_cardiac/negated)\n", encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text(second_text, encoding="utf-8")
    return first, second


def test_against_a_second_annotation_measures_agreement(tmp_path):
    # The second annotator kept the device in the span and read CP as present: one boundary split, one
    # assertion split on the span both marked the same.
    first, second = _two_annotators(tmp_path, "### N1\npt [ambulated to the stretcher w/ walker](MOBILITY/ambulate/"
                                              "present/false), denies [CP](CONDITION/chest_pain_cardiac/present)\n")
    result = runner.invoke(app, ["evaluate", str(first), "--against", str(second)])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines() if line.startswith(("CONDITION", "MOBILITY"))}
    assert lines["CONDITION"][3] == "1.000" and lines["MOBILITY"][3] == "0.000" and lines["MOBILITY"][4] == "1.000"
    assert "assertion accuracy 0.000" in result.output


def test_against_an_annotation_of_other_text_is_an_error(tmp_path):
    first, second = _two_annotators(tmp_path, "### N1\npt walked to the stretcher, denies CP\n")
    result = runner.invoke(app, ["evaluate", str(first), "--against", str(second)])
    assert result.exit_code == 2
    assert "N1: the text differs" in result.output
