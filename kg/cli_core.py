"""Core commands: ``kg build``, ``kg extract``, ``kg evaluate``, ``kg ner-eval``."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from kg.read import InputError

err_console = Console(stderr=True)


class _ErrorCounter:
    """Reports each bad input on one stderr line and remembers that some inputs failed."""

    def __init__(self) -> None:
        self.failed = 0

    def __call__(self, err: InputError) -> None:
        skipped = err.reason.endswith("skipped")
        if not skipped:
            self.failed += 1
        print(f"kg: {'note' if skipped else 'error'}: {err}", file=sys.stderr)


Paths = Annotated[list[str], typer.Argument(help="Input files, directories or glob patterns.")]
Split = Annotated[str, typer.Option("--split", help="auto: cut digests at 来源：… lines; none: one document per file.")]
NoNer = Annotated[bool, typer.Option("--no-ner", help="Rules only, without the statistical NER model.")]
Jobs = Annotated[int | None, typer.Option("--jobs", "-j", min=1,
                                          help="Local worker processes (default: the cores available).")]
Scheduler = Annotated[str | None, typer.Option(
    "--scheduler", help="Run extraction on the Dask cluster at this address (tcp://HOST:PORT).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar (there is none off a terminal).")]
BatchSize = Annotated[int, typer.Option(
    "--batch-size", min=1,
    help="Articles per batch sent to a worker (short ones: up to 8x as many, until the batch holds BATCH_SIZE x "
         "2,000 characters).")]


class _CharsPerSecond(ProgressColumn):
    """Characters extracted per second (the task counts characters)."""

    def render(self, task: Task) -> Text:
        # rich's speed needs two samples close in time; fall back on the average (one big batch, or done).
        speed = task.finished_speed or task.speed or (task.completed / task.elapsed if task.elapsed else None)
        return Text(f"{speed:,.0f} chars/s" if speed else "… chars/s", style="progress.data.speed")


class _RichProgress:
    """:class:`kg.parallel.Progress` drawn as a rich bar on stderr: stage, documents, chars/s, ETA."""

    def __init__(self) -> None:
        self._bar = Progress(TextColumn("{task.description:<8}"), BarColumn(),
                             TextColumn("{task.fields[documents]:,}/{task.fields[total_documents]:,} docs"),
                             _CharsPerSecond(), TimeRemainingColumn(), console=err_console, transient=False)
        self._task: Any = None
        self._started = time.perf_counter()

    def __enter__(self) -> _RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def start(self, documents: int, chars: int) -> None:
        self._task = self._bar.add_task("extract", total=max(chars, 1), documents=0, total_documents=documents)

    def advance(self, documents: int, chars: int) -> None:
        if self._task is not None:
            done = self._bar.tasks[self._task].fields["documents"] + documents
            self._bar.update(self._task, advance=chars, documents=done)

    def stage(self, name: str) -> None:
        if self._task is not None and name != "extract":
            self._bar.update(self._task, description=name)


def _progress(quiet: bool) -> Any:
    """A progress bar on a terminal unless ``quiet``; otherwise nothing (None)."""
    return None if quiet or not err_console.is_terminal else _RichProgress()


#: ``kg.cache.CACHE_FILENAME``, spelled here: kg.cache imports spaCy, which the forkserver should import first.
BUILD_CACHE_FILENAME = "build-cache.sqlite"


def _route(jobs: int | None, scheduler: str | None, *, local_workers: bool) -> dict[str, Any]:
    """The build's or the extraction's ``jobs`` and ``scheduler``. ``local_workers``: the command will run local
    worker processes when ``jobs`` > 1 (a first build, an extraction); their forkserver is started here, before
    the command imports the pipeline's code, so that the server's import of the same runs beside this
    process's."""
    from kg.workers import available_cores, start_forkserver

    jobs = jobs or available_cores()
    if local_workers and jobs > 1:
        start_forkserver()
    return {"jobs": jobs, "scheduler": scheduler}


def _summary_table(summary: dict[str, Any]) -> Table:
    table = Table(title="kg build", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents", str(summary["documents"]))
    for label, n in summary["entities_by_type"].items():
        table.add_row(f"entities · {label}", str(n))
    for rel, n in summary["relations_by_type"].items():
        table.add_row(f"relations · {rel}", str(n))
    if "processed" in summary:
        table.add_row("documents extracted now", str(summary["processed"]))
        table.add_row("documents from the cache", str(summary["cached"]))
    if "conforms" in summary:
        table.add_row("SHACL conforms", str(summary["conforms"]))
    table.add_row("seconds", f"{summary['seconds']:.2f}")
    return table


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """SIGTERM (``kill``, a batch scheduler's time limit) ends the command as Ctrl-C does: the build unwinds,
    its worker processes stop and its temporary files go, instead of the main process vanishing mid-way and
    leaving its workers running."""
    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():  # signal handlers live in the main thread
        yield
        return
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def build_command(
    paths: Paths,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory.")] = Path("out"),
    split: Split = "auto",
    no_ner: NoNer = False,
    validate: Annotated[bool, typer.Option("--validate/--no-validate",
                                           help="Check the graph against ontology/shapes.ttl.")] = True,
    jobs: Jobs = None,
    scheduler: Scheduler = None,
    quiet: Quiet = False,
    batch_size: BatchSize = 32,
) -> None:
    """Build the knowledge graph of PATHS into OUT (graph.ttl, graph.nq, an Oxigraph store, records.jsonl).

    Rebuilding into the same OUT extracts only new or changed documents (OUT/build-cache.sqlite)."""
    # First (a Dask build makes its graphs locally too). A rebuild (OUT has a build cache) usually extracts and
    # graphs a few documents in this process: its pools, if any, start the forkserver when they need it.
    route = _route(jobs, scheduler, local_workers=not (out / BUILD_CACHE_FILENAME).is_file())
    from kg.api import build

    errors = _ErrorCounter()
    progress = _progress(quiet)
    try:
        with _sigterm_unwinds(), progress or contextlib.nullcontext():
            summary = build(paths, out, split=split, statistical_ner=False if no_ner else None, validate=validate,
                            on_error=errors, batch_size=batch_size, progress=progress, **route)
    except (ValueError, OSError) as err:
        print(f"kg: error: {err}", file=sys.stderr)
        raise typer.Exit(2) from err
    Console().print(_summary_table(summary))
    if summary.get("conforms") is False:
        print("kg: error: the graph does not conform to ontology/shapes.ttl (run `kg validate`)", file=sys.stderr)
        raise typer.Exit(1)
    if errors.failed:
        raise typer.Exit(1)


def extract_command(
    paths: Paths,
    split: Split = "auto",
    fmt: Annotated[str, typer.Option("--format", help="jsonl (one record per document).")] = "jsonl",
    no_ner: NoNer = False,
    jobs: Jobs = None,
    scheduler: Scheduler = None,
    quiet: Quiet = False,
    batch_size: BatchSize = 32,
) -> None:
    """Extract entities and relations of PATHS and print one JSON record per document (ANNOTATION.md)."""
    route = _route(jobs, scheduler, local_workers=scheduler is None)  # first: see _route
    from kg.api import iter_extract

    if fmt != "jsonl":
        print(f"kg: error: unknown format {fmt!r} (expected jsonl)", file=sys.stderr)
        raise typer.Exit(2)
    if split not in {"auto", "none"}:
        print(f"kg: error: unknown split mode {split!r} (expected auto or none)", file=sys.stderr)
        raise typer.Exit(2)
    errors = _ErrorCounter()
    out = sys.stdout
    progress = _progress(quiet)
    with progress or contextlib.nullcontext(), _sigterm_unwinds():
        for rec in iter_extract(paths, split=split, statistical_ner=False if no_ner else None, on_error=errors,
                                batch_size=batch_size, progress=progress, **route):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()
    if errors.failed:
        raise typer.Exit(1)


def _score_table(title: str, rows: dict[str, dict[str, Any]]) -> Table:
    table = Table(title=title)
    for col in ("label", "P", "R", "F", "tp", "pred", "gold"):
        table.add_column(col, justify="right" if col != "label" else "left")
    for label, s in rows.items():
        table.add_row(label, f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f']:.3f}", str(s["tp"]), str(s["pred"]),
                      str(s["gold"]))
    return table


def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold records (JSONL, ANNOTATION.md format).")],
    errors: Annotated[bool, typer.Option("--errors", help="List false positives and misses.")] = False,
    no_ner: NoNer = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON only.")] = False,
) -> None:
    """Score extraction on GOLD: mention-level, article-level (canonical, label) and relation P/R/F."""
    from kg.evaluate import evaluate_gold

    if not gold.is_file():
        print(f"kg: error: {gold}: no such file", file=sys.stderr)
        raise typer.Exit(2)
    try:
        result = evaluate_gold(gold, statistical_ner=False if no_ner else None)
    except (ValueError, KeyError) as err:
        print(f"kg: error: {gold}: {err}", file=sys.stderr)
        raise typer.Exit(2) from err
    if as_json:
        print(json.dumps({k: v for k, v in result.items() if errors or k != "errors"}, ensure_ascii=False))
        return
    console = Console()
    console.print(_score_table("entities · mention level (exact span and label)", result["mention"]))
    console.print(_score_table("entities · article level (canonical, label)", result["article"]))
    console.print(_score_table("relations (head, relation, tail)", result["relation"]))
    if errors:
        # Plain tab-separated lines, never truncated, so a rule author can grep and sort them.
        print("# errors: kind\tlabel\terror\tdoc\titem")
        for e in sorted(result["errors"], key=lambda e: (e["kind"], e["label"], e["error"], e["doc"])):
            print(f"{e['kind']}\t{e['label']}\t{e['error']}\t{e['doc']}\t{e['item']}")
    summary = {"entity_f": result["article"]["ALL"]["f"], "mention_f": result["mention"]["ALL"]["f"],
               "relation_f": result["relation"]["ALL"]["f"]}
    print(json.dumps(summary))


def ner_eval_command(
    file: Annotated[Path, typer.Argument(help="Character-tagged file in the MSRA format (char tag per line).")],
) -> None:
    """Score the shipped statistical NER on FILE: per-label P/R/F, then the scores as JSON on the last line."""
    if not file.is_file():
        print(f"kg: error: {file}: no such file", file=sys.stderr)
        raise typer.Exit(2)
    from kg.ner import evaluate_msra

    try:
        result = evaluate_msra(file)
    except (ValueError, FileNotFoundError, OSError) as err:
        print(f"kg: error: {file}: {err}", file=sys.stderr)
        raise typer.Exit(2) from err
    table = Table(title=f"NER on {file.name}")
    for col in ("label", "P", "R", "F"):
        table.add_column(col)
    for label in ("PER", "LOC", "ORG"):
        if label in result:
            s = result[label]
            table.add_row(label, f"{s['p']:.4f}", f"{s['r']:.4f}", f"{s['f']:.4f}")
    table.add_row("overall", f"{result['p']:.4f}", f"{result['r']:.4f}", f"{result['f']:.4f}")
    Console().print(table)
    print(json.dumps(result))


def register(app: typer.Typer) -> None:
    app.command("build")(build_command)
    app.command("extract")(extract_command)
    app.command("evaluate")(evaluate_command)
    app.command("ner-eval")(ner_eval_command)
