"""`narrative score --engine dask`: the same scoring core on a Dask cluster.

Inputs are cut into partitions (one per file, large files in ranges of ``partition_size``
records); each partition is scored on a worker by :func:`~narrative.batch.score_partition`
(the pipeline is loaded once per worker process by its module-level cache) and written as one
part file. ``manifest.json`` lists the parts with their counts and errors, the inputs and the
options; ``--resume`` keeps the parts the manifest already records. Cloned narratives: band
hashes are computed per partition on the workers, collisions found on the driver, and the
candidates verified on a second pass before scoring.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Iterator

from ..records import FORMAT_ALIASES, READERS, _expand, detect_format, open_writer, read_records
from ..records.errors import RecordError
from ..records.model import Record
from .clones import BandIndex, CloneConfig, CloneHit, Member, Signer, cluster, collect, wanted_positions
from .partition import score_partition

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Partition:
    """Records [start, stop) of one input file; ``offset`` is the position of ``start`` in the whole batch."""

    index: int
    path: str
    start: int
    stop: int
    offset: int
    input_format: str | None = None
    name: str | None = None  # the source label the local runner would give this file's records

    @property
    def part(self) -> str:
        return f"part-{self.index:05d}.jsonl.gz"

    def items(self) -> Iterator[Record | RecordError]:
        fmt = FORMAT_ALIASES.get(self.input_format or "", self.input_format) or detect_format(self.path)
        if self.name is None or fmt not in READERS:  # missing input or unknown type: its error row
            return islice(read_records(self.path, self.input_format), self.start, self.stop)
        return islice(READERS[fmt](self.path, self.name), self.start, self.stop)


def _count(path: str, input_format: str | None) -> int:
    return sum(1 for _ in read_records(path, input_format))


def plan(inputs: list[str], partition_size: int, input_format: str | None, client: Any) -> list[Partition]:
    """Partitions in input order (files counted on the workers, in parallel)."""
    files: list[tuple[str, str | None]] = []
    for p in inputs:
        expanded = _expand(p)
        if expanded is None:
            files.append((str(p), None))
        else:
            files += [(str(f), str(f) if len(expanded) > 1 else f.name) for f in expanded]
    counts = client.gather(client.map(_count, [f for f, _ in files], [input_format] * len(files), pure=False))
    parts: list[Partition] = []
    offset = 0
    for (path, name), n in zip(files, counts):
        for start in range(0, max(n, 1), partition_size):
            stop = min(start + partition_size, n)
            parts.append(Partition(len(parts), path, start, stop, offset + start, input_format, name))
        offset += n
    return parts


def _bands(partition: Partition, config: CloneConfig) -> tuple[Any, Any]:
    index = BandIndex(Signer(config))
    for i, item in enumerate(partition.items()):
        if isinstance(item, Record):
            index.add(partition.offset + i, item.narrative)
    return index.arrays()


def _members(partition: Partition, wanted: set[int], config: CloneConfig) -> list[Member]:
    return collect(enumerate(partition.items(), partition.offset), wanted, Signer(config))


def find_clones_dask(client: Any, parts: list[Partition], config: CloneConfig) -> dict[int, CloneHit]:
    """Band hashes per partition on the workers, collisions on the driver, candidates verified."""
    signer = Signer(config)
    index = BandIndex(signer)
    for arrays in client.gather(client.map(_bands, parts, config=config, pure=False)):
        index.extend(arrays)
    groups = index.candidates()
    if not groups:
        return {}
    wanted = wanted_positions(groups)
    local = [{p for p in wanted if part.offset <= p < part.offset + part.stop - part.start} for part in parts]
    members = client.gather(client.map(_members, parts, local, config=config, pure=False))
    return cluster(groups, (m for ms in members for m in ms), config.threshold)


def _score(partition: Partition, outdir: str, model: str | None, patterns: str | None, scope: str | None,
           hits: dict[int, CloneHit]) -> dict[str, Any]:
    local = {pos - partition.offset: hit for pos, hit in hits.items()}
    count = errors = 0
    path = Path(outdir) / partition.part
    tmp = path.with_name(".tmp-" + path.name)  # still .gz: the writer compresses by name
    with open_writer(tmp, "jsonl") as writer:
        for row in score_partition(partition.items(), model, patterns, scope, local):
            writer.write(row)
            count += 1
            errors += bool(row["errors"])
    tmp.replace(path)  # a part exists only when complete
    return {"part": partition.part, "path": partition.path, "start": partition.start, "stop": partition.stop,
            "offset": partition.offset, "records": count, "errors": errors}


def _manifest(outdir: Path) -> dict[str, Any] | None:
    path = outdir / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _write_manifest(outdir: Path, manifest: dict[str, Any]) -> None:
    tmp = outdir / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    tmp.replace(outdir / MANIFEST)


def run_dask(inputs: list[str], outdir: Path, scheduler: str | None = None, workers: int | None = None,
             partition_size: int = 50_000, clones: CloneConfig | None = CloneConfig(), resume: bool = False,
             model: Path | None = None, patterns: Path | None = None, scope: Path | None = None,
             input_format: str | None = None, retries: int = 2, quiet: bool = False) -> int:
    """Score ``inputs`` on a Dask cluster into ``outdir`` (part files + manifest.json); returns the exit code."""
    from distributed import Client, LocalCluster, as_completed

    outdir.mkdir(parents=True, exist_ok=True)
    options = {"model": _str(model), "patterns": _str(patterns), "scope": _str(scope), "input_format": input_format,
               "partition_size": partition_size, "clones": asdict(clones) if clones else None}
    previous = _manifest(outdir) if resume else None
    if previous is not None and (previous["inputs"] != list(inputs) or previous["options"] != options):
        raise ValueError(f"--resume: {outdir / MANIFEST} was written for other inputs or options")
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            parts = plan(list(inputs), partition_size, input_format, client)
            done = {p["part"]: p for p in (previous or {}).get("parts", []) if (outdir / p["part"]).exists()}
            hits = find_clones_dask(client, parts, clones) if clones else {}
            manifest = {"inputs": list(inputs), "options": options, "parts": list(done.values()),
                        "records": 0, "errors": 0, "complete": False}
            todo = [p for p in parts if p.part not in done]
            futures = [client.submit(_score, p, str(outdir), options["model"], options["patterns"], options["scope"],
                                     {k: v for k, v in hits.items() if p.offset <= k < p.offset + p.stop - p.start},
                                     retries=retries, pure=False) for p in todo]
            for future in as_completed(futures):
                manifest["parts"].append(future.result())
                manifest["parts"].sort(key=lambda row: row["part"])
                _write_manifest(outdir, manifest)
            manifest["records"] = sum(p["records"] for p in manifest["parts"])
            manifest["errors"] = sum(p["errors"] for p in manifest["parts"])
            manifest["complete"] = len(manifest["parts"]) == len(parts)
            _write_manifest(outdir, manifest)
    finally:
        if cluster is not None:
            cluster.close()
    if not quiet:
        print(f"records {manifest['records']}  errors {manifest['errors']}  parts {len(manifest['parts'])}  "
              f"-> {outdir}", file=sys.stderr)
    return 1 if manifest["errors"] else 0


def _str(path: Path | str | None) -> str | None:
    return str(path) if path is not None else None
