"""The Dask engine on a real two-process LocalCluster: same output as the local runner."""
from __future__ import annotations

import gzip
import json

import pytest

from narrative.batch import run_score
from narrative.batch.dask_runner import MANIFEST, run_dask

from .builders import record, write_jsonl


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def parts(outdir) -> list[dict]:
    manifest = json.loads((outdir / MANIFEST).read_text())
    rows = []
    for part in manifest["parts"]:
        with gzip.open(outdir / part["part"], "rt", encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle]
    return rows


@pytest.mark.slow
def test_dask_output_is_identical_to_the_local_run_and_resumes(tmp_path, nlp, cluster, many_rows):
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", many_rows[:25])
    (folder / "b.jsonl").write_text(json.dumps(record(500, template=3)) + "\n{broken\n"
                                    + "".join(json.dumps(r) + "\n" for r in many_rows[25:40]))
    local = tmp_path / "local.jsonl"
    run_score([folder], nlp, output=local, quiet=True, workers=1)
    expected = [json.loads(line) for line in local.read_text().splitlines()]
    assert any(f["code"] == "CLONED_NARRATIVE" for r in expected for f in r["findings"])

    out = tmp_path / "out"
    code = run_dask([str(folder)], out, scheduler=cluster.scheduler_address, partition_size=9, quiet=True)
    assert code == 1  # the broken line is reported as an error record
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["complete"] and manifest["records"] == 42 and manifest["errors"] == 1
    assert len(manifest["parts"]) == 3 + 2
    assert parts(out) == expected

    dropped = manifest["parts"][1]["part"]
    (out / dropped).unlink()
    kept = {p["part"]: (out / p["part"]).stat().st_mtime_ns for p in manifest["parts"] if p["part"] != dropped}
    run_dask([str(folder)], out, scheduler=cluster.scheduler_address, partition_size=9, quiet=True, resume=True)
    assert {p: (out / p).stat().st_mtime_ns for p in kept} == kept
    assert parts(out) == expected
