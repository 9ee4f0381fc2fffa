"""Executes notebooks/corpus_analysis.ipynb headless and checks that it shows what `narrative score` says.

The notebook is committed without outputs; this test runs it fresh in a kernel pinned to the test's own
interpreter, then compares its tables with a `narrative score` run over the same corpora.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from narrative.batch.runner import run_score

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "corpus_analysis.ipynb"
CORPORA = [ROOT / "corpora" / "records" / "scored.jsonl", ROOT / "corpora" / "synthetic" / "dev.jsonl"]
CODE_ROW = re.compile(r"^\| ([A-Z][A-Z0-9_]+) \| (error|warning|info) \| (\d+) \|", re.M)


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A "python3" kernelspec that runs this interpreter, first on JUPYTER_PATH.

    A user-level python3 kernelspec (~/.local/share/jupyter) may point at another Python without
    narrative installed; JUPYTER_PATH wins over it, and a fresh CI venv needs nothing installed.
    """
    base = tmp_path_factory.mktemp("jupyter")
    spec = base / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (narrative test)",
        "language": "python",
    }), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(base))
        patch.setenv("JUPYTER_RUNTIME_DIR", str(base / "runtime"))
        yield


@pytest.fixture(scope="module")
def executed(kernel_env: None) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    return nb


@pytest.fixture(scope="module")
def cli_rows(nlp, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The same corpora through `narrative score` (cloned-narrative check included)."""
    out = tmp_path_factory.mktemp("scored") / "scored.jsonl"
    assert run_score(CORPORA, nlp, output=out, quiet=True) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def tagged(nb: nbformat.NotebookNode, tag: str) -> nbformat.NotebookNode:
    (cell,) = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    return cell


def text_of(cell: nbformat.NotebookNode, mime: str | None = None) -> str:
    """Printed text (mime None) or the displayed outputs of one MIME type, concatenated."""
    if mime is None:
        return "".join(o.text for o in cell.outputs if o.output_type == "stream")
    return "".join(o.data[mime] for o in cell.outputs
                   if o.output_type in ("display_data", "execute_result") and mime in o.data)


def pngs(cell: nbformat.NotebookNode) -> int:
    return sum("image/png" in o.get("data", {}) for o in cell.outputs)


def test_runs_without_errors_or_stderr(executed):
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not [o for c in code for o in c.outputs if o.output_type == "stream" and o.name == "stderr"]


def test_scores_every_record_of_both_corpora(executed):
    size = sum(1 for path in CORPORA for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    printed = text_of(tagged(executed, "score"))
    assert re.search(r"^records scored: (\d+)$", printed, re.M).group(1) == str(size)
    assert "records that could not be scored: 0" in printed


def test_findings_table_matches_the_cli(executed, cli_rows):
    table = text_of(tagged(executed, "findings"), "text/markdown")
    shown = {code: (severity, int(n)) for code, severity, n in CODE_ROW.findall(table)}
    expected = Counter(code for row in cli_rows for code in {f["code"] for f in row["findings"]})
    assert len(shown) >= 5
    assert {code: n for code, (_, n) in shown.items()} == dict(expected)
    severities = {f["code"]: f["severity"] for row in cli_rows for f in row["findings"]}
    assert {code: sev for code, (sev, _) in shown.items()} == severities
    assert "CLONED_NARRATIVE" in shown  # the batch-level clone check ran, as in `narrative score`


def test_level_table_matches_the_cli(executed, cli_rows):
    cell = tagged(executed, "levels")
    lines = [line.strip("| ").split(" | ") for line in text_of(cell, "text/markdown").splitlines()]
    supported = lines[0][1:]
    shown = {(row[0], sup): int(n) for row in lines[2:] for sup, n in zip(supported, row[1:]) if n.strip()}
    assert shown == dict(Counter((r["billed_level"] or "-", r["supported_level"] or "-") for r in cli_rows))
    over = re.search(r"billed above documentation: (\d+)", text_of(cell)).group(1)
    assert int(over) == sum(1 for r in cli_rows if any(f["code"] == "LEVEL_NOT_SUPPORTED" for f in r["findings"]))


def test_crew_groups_cover_every_record(executed, cli_rows):
    table = text_of(tagged(executed, "crews"), "text/markdown")
    rows = [line.strip("| ").split(" | ") for line in table.splitlines()[2:]]
    assert sum(int(row[1]) for row in rows) == len(cli_rows)
    assert any(row[0] == "EMT + Paramedic" for row in rows)
    means = [int(row[2]) for row in rows]
    assert means == sorted(means)


def test_worst_narratives_are_the_lowest_scores_with_highlighted_evidence(executed, cli_rows):
    page = text_of(tagged(executed, "worst"), "text/html")
    shown = re.findall(r'<div class="worst-record" data-id="([^"]+)">', page)
    assert shown == [r["id"] for r in sorted(cli_rows, key=lambda r: (r["score"], r["id"]))[:5]]
    assert re.search(r'<mark title="[A-Z_, ]+">[^<]+</mark>', page)


def test_every_chart_is_an_inline_png(executed):
    for tag in ("score-distribution", "findings", "levels", "crews"):
        assert pngs(tagged(executed, tag)) == 1, tag
