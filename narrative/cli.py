"""The `narrative` command line: analyze, score, evaluate, review, train."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

import typer

from .records.model import Record

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Score ambulance PCR narratives for medical necessity and level-of-service support.")

PatternsOpt = typer.Option(None, "--patterns", help="Agency patterns JSONL (CONTRACT.md) added to the lexicon.")
ModelOpt = typer.Option(None, "--model", help="A model directory from `narrative train` (default: rules only).")


def _load(model: Optional[Path], patterns: Optional[Path]):
    from .nlp import load

    try:
        return load(model, patterns)
    except (OSError, ValueError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None


def _text_or_file(source: str) -> str:
    """The narrative itself, or the contents of the file it names."""
    try:
        is_file = "\n" not in source and Path(source).is_file()
    except OSError:  # a narrative longer than a file name may be ("File name too long")
        is_file = False
    return Path(source).read_text(encoding="utf-8", errors="replace") if is_file else source


@app.command()
def analyze(
    source: str = typer.Argument(..., help="Narrative text, or a file holding one."),
    as_json: bool = typer.Option(False, "--json", help="Print the CONTRACT `entities` list as JSON."),
    patterns: Optional[Path] = PatternsOpt,
    model: Optional[Path] = ModelOpt,
) -> None:
    """Show the entities found in one narrative, with category, assertion and section."""
    from .pipeline.evidence import doc_to_evidence

    text = _text_or_file(source)
    evidence = doc_to_evidence(_load(model, patterns)(text))
    if as_json:
        typer.echo(json.dumps([e.to_dict() for e in evidence.entities], indent=2))
        return
    typer.echo(f"{'label':<13}{'category':<28}{'assertion':<13}{'section':<17}text")
    for e in evidence.entities:
        extra = ""
        if e.label == "MOBILITY":
            extra = f"  (supports bed confinement: {e.supports_bed_confinement})"
        elif e.level:
            extra = f"  [{e.level}]"
        typer.echo(f"{e.label:<13}{e.category:<28}{e.assertion:<13}{(e.section or '-'):<17}{e.text}{extra}")
    for a in evidence.administrations:
        typer.echo(f"{'ADMIN':<13}{a.category:<28}{a.assertion:<13}{'':<17}{a.medication} dose={a.dose}{a.unit or ''} "
                   f"route={a.route_class} x{a.count}{' crystalloid' if a.crystalloid else ''}"
                   f"{' prior-to-arrival' if a.prior_to_arrival else ''}")


@app.command()
def score(
    inputs: list[str] = typer.Argument(..., help="JSONL, CSV or NEMSIS XML files, directories or globs (.gz ok)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Output file (default: stdout)."),
    output_format: str = typer.Option("jsonl", "--format", help="jsonl or csv."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="jsonl, csv or nemsis (default: by extension)."),
    review: Optional[Path] = typer.Option(None, "--review", help="Also write the HTML review report here."),
    scope: Optional[Path] = typer.Option(None, "--scope", help="A state scope-of-practice table (CSV) for ALS interventions."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar or summary."),
    patterns: Optional[Path] = PatternsOpt,
    model: Optional[Path] = ModelOpt,
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (default: all cores; 1 = in-process)."),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or dask (-o is then a directory)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    clone_threshold: float = typer.Option(0.8, "--clone-threshold", help="Jaccard similarity for CLONED_NARRATIVE."),
    no_clones: bool = typer.Option(False, "--no-clones", help="Skip cloned-narrative detection."),
    resume: bool = typer.Option(False, "--resume", help="Continue a partially written output instead of starting over."),
) -> None:
    """Score PCRs: one CONTRACT output line per input record, in input order."""
    from .batch import CloneConfig
    from .batch.workers import default_workers

    clones = None if no_clones else CloneConfig(threshold=clone_threshold)
    if engine == "dask":
        from .batch.dask_runner import run_dask

        if output is None:
            raise typer.BadParameter("--engine dask needs -o OUTDIR", param_hint="-o")
        code = run_dask(inputs, output, scheduler=scheduler, workers=workers, clones=clones, resume=resume,
                        model=model, patterns=patterns, scope=scope, input_format=input_format, quiet=quiet)
        raise typer.Exit(code)
    from .batch.runner import run_score

    code = run_score(inputs, output=output, output_format=output_format, input_format=input_format,
                     review=review, scope=scope, quiet=quiet, nlp=_load(model, patterns),
                     workers=workers or default_workers(), clones=clones, resume=resume, model=model, patterns=patterns)
    raise typer.Exit(code)


@app.command()
def review(
    inputs: list[str] = typer.Argument(..., help="PCR inputs (as for `score`) to score and review."),
    output: Path = typer.Option(..., "-o", "--output", help="The HTML report to write."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="jsonl, csv or nemsis (default: by extension)."),
    scope: Optional[Path] = typer.Option(None, "--scope", help="A state scope-of-practice table (CSV)."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar or summary."),
    patterns: Optional[Path] = PatternsOpt,
    model: Optional[Path] = ModelOpt,
) -> None:
    """Score PCRs and write the self-contained HTML review report (worst reports first)."""
    from .batch.runner import run_score

    code = run_score(inputs, output=Path(os.devnull), output_format="jsonl", input_format=input_format,
                     review=output, scope=scope, quiet=quiet, nlp=_load(model, patterns))
    raise typer.Exit(code)


def _print_span_report(report) -> None:
    d = report.to_dict()
    typer.echo(f"{'label':<14}{'P':>8}{'R':>8}{'F1':>8}{'overlapF1':>11}{'support':>9}")
    for lab, m in d["labels"].items():
        typer.echo(f"{lab:<14}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['overlap_f1']:>11.3f}{m['support']:>9}")
    typer.echo(f"micro F1 {d['micro_f1']:.3f} (overlap {d['overlap_micro_f1']:.3f})  assertion accuracy "
               f"{d['assertion_accuracy']:.3f}  category accuracy {d['category_accuracy']:.3f}  "
               f"mobility polarity accuracy {d['polarity_accuracy']:.3f}")


def _echo_errors(reports: list) -> None:
    """The disagreements the reports kept, as JSON lines on stderr."""
    for report in reports:
        for err in report.errors:
            typer.echo(json.dumps(err), err=True)


def _print_record_report(report) -> None:
    d = report.to_dict()
    typer.echo(f"records {d['records']}  level accuracy {d['level_accuracy']:.3f}  bed_confined accuracy "
               f"{d['bed_confined_accuracy']:.3f}  finding P {d['finding_precision']:.3f} R {d['finding_recall']:.3f} "
               f"F1 {d['finding_f1']:.3f}")
    for code, m in d["by_code"].items():
        typer.echo(f"  {code:<32}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}{m['support']:>6}")


@app.command()
def evaluate(
    corpus: Path = typer.Argument(..., help="Gold annotated narratives (.txt), or JSONL records with `expected` "
                                            "(or generated `gold`) outcomes and/or complete gold spans."),
    show_errors: bool = typer.Option(False, "--errors", help="List the disagreements (JSON lines on stderr)."),
    against: Optional[Path] = typer.Option(None, "--against", help="A second annotation (.txt) of the same narratives: "
                                                                   "measure it instead of the pipeline (annotator agreement)."),
    patterns: Optional[Path] = PatternsOpt,
    model: Optional[Path] = ModelOpt,
) -> None:
    """Span P/R/F1 per label and assertion accuracy; level accuracy and finding P/R/F1."""
    from .corpus import read_gold, read_gold_jsonl
    from .evaluate import agreement, evaluate_records, evaluate_spans

    gold_docs = list(read_gold(corpus) if corpus.suffix == ".txt" else read_gold_jsonl(corpus))
    if against is not None:
        try:
            report = agreement(gold_docs, read_gold(against), str(against), keep_errors=show_errors)
        except ValueError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2)
        _print_span_report(report)
        _echo_errors([report])
        return
    nlp = _load(model, patterns)
    reports = []
    if gold_docs:
        reports.append(evaluate_spans(gold_docs, nlp, keep_errors=show_errors))
        _print_span_report(reports[-1])
    if corpus.suffix != ".txt":
        from .core import Scorer
        from .records import read_records

        expected = {}

        def records():
            for item in read_records(corpus):
                if isinstance(item, Record):  # scored corpora say "expected"; generated ones "gold"
                    outcome = item.extra.get("expected") or item.extra.get("gold")
                    if outcome and "supported_level" in outcome:
                        expected[item.id] = outcome
                yield item

        from .batch.clones import find_clones

        hits = find_clones(lambda: read_records(corpus))  # the same cloned-narrative pass as `score`
        pairs = [(expected[r.id], r.to_dict()) for r in Scorer(nlp).score_records(records(), hits) if r.id in expected]
        if pairs:
            reports.append(evaluate_records(pairs))
            _print_record_report(reports[-1])
    if not reports:
        typer.echo(f"error: {corpus} holds no gold spans and no expected outcomes", err=True)
        raise typer.Exit(2)
    if show_errors:  # record reports keep their disagreements always
        _echo_errors(reports)


@app.command()
def train(
    corpus: list[Path] = typer.Argument(..., help="JSONL narratives (id, narrative; optional spans, outcome) or gold .txt; files or directories."),
    output: Path = typer.Option(..., "-o", "--output", help="Model directory to write."),
    patterns: Optional[Path] = PatternsOpt,
    gold_weight: int = typer.Option(1, "--gold-weight", help="Repeat narratives with gold spans this many times."),
    n_iter: int = typer.Option(10, "--n-iter", help="Training epochs."),
    seed: int = typer.Option(0, "--seed"),
    propose_patterns: Optional[Path] = typer.Option(None, "--propose-patterns",
                                                    help="Also write frequent NER spans the lexicon lacks here (agency patterns JSONL)."),
) -> None:
    """Train a NER beside the lexicon (and a denial-risk model when outcomes exist) from an agency's narratives."""
    from .train.recipe import TrainOptions, load_patterns
    from .train.recipe import train as run_train

    try:
        opts = TrainOptions(n_iter=n_iter, seed=seed, gold_weight=gold_weight, patterns=load_patterns(patterns))
        trained = run_train(corpus, output, opts, propose=propose_patterns)
    except (OSError, ValueError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    card = trained.card
    typer.echo(f"wrote {output}: {card.data['narratives']} narratives, NER P {card.ner['precision']:.3f} "
               f"R {card.ner['recall']:.3f} F1 {card.ner['f1']:.3f}", err=True)
    if card.risk:
        typer.echo(f"denial-risk model: ROC AUC {card.risk['model_roc_auc']} Brier {card.risk['model_brier']}", err=True)


def main() -> None:  # pragma: no cover
    app()
