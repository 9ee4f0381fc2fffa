"""`narrative score` options of the batch runner, through the CLI."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from narrative.cli import app

from .builders import write_jsonl


def test_score_command_with_workers_resume_and_no_clones(tmp_path, many_rows):
    src = write_jsonl(tmp_path / "in.jsonl", many_rows[:12])
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    done = runner.invoke(app, ["score", str(src), "-o", str(out), "--workers", "2", "--quiet", "--no-clones"])
    assert done.exit_code == 0, done.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == [r["id"] for r in many_rows[:12]]
    assert not any(f["code"] == "CLONED_NARRATIVE" for r in rows for f in r["findings"])

    out.write_text("".join(json.dumps(r) + "\n" for r in rows[:5]))
    again = runner.invoke(app, ["score", str(src), "-o", str(out), "--workers", "1", "--resume", "--no-clones"])
    assert again.exit_code == 0, again.output
    assert [json.loads(line) for line in out.read_text().splitlines()] == rows


def test_clone_threshold_option_reaches_the_detector(tmp_path, many_rows):
    src = write_jsonl(tmp_path / "in.jsonl", many_rows[:16])  # each template twice
    out = tmp_path / "out.jsonl"
    done = CliRunner().invoke(app, ["score", str(src), "-o", str(out), "--workers", "1", "--quiet",
                                    "--clone-threshold", "0.9"])
    assert done.exit_code == 0, done.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    cloned = [r["id"] for r in rows if any(f["code"] == "CLONED_NARRATIVE" for f in r["findings"])]
    assert len(cloned) == 16


def test_dask_engine_needs_an_output_directory(tmp_path, many_rows):
    src = write_jsonl(tmp_path / "in.jsonl", many_rows[:2])
    done = CliRunner().invoke(app, ["score", str(src), "--engine", "dask"])
    assert done.exit_code != 0
    assert "OUTDIR" in done.output
