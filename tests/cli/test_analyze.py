"""`narrative analyze` on text given inline or in a file."""
import json

from typer.testing import CliRunner

from narrative.cli import app

runner = CliRunner()

LONG = ("Medic 7 responded to SNF for 84 yo F with ALOC per staff. Pt has hx of CVA with L sided weakness, "
        "dementia, CHF. Staff state pt more lethargic than baseline since this am. Cardiac monitor shows a-fib "
        "110s. Pt unable to ambulate or sit up in wheelchair per staff, bedbound at baseline. Transfer of care "
        "to ED RN.")


def test_a_narrative_longer_than_a_file_name_is_read_as_text():
    result = runner.invoke(app, ["analyze", LONG, "--json"])
    assert result.exit_code == 0, result.output
    found = {(e["text"], e["assertion"]) for e in json.loads(result.output)}
    assert ("ALOC", "present") in found and ("ambulate", "negated") in found


def test_a_file_is_read_from_disk(tmp_path):
    path = tmp_path / "narrative.txt"
    path.write_text("pt denies CP, c/o SOB x2 days\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert {(e["text"], e["assertion"]) for e in json.loads(result.output)} == {("CP", "negated"), ("SOB", "present")}
