"""``kg query``, ``kg lookup``, ``kg path`` and ``kg validate``: the graph commands of the CLI.

Every failure is one line on stderr and a non-zero exit (1: no such build / not found / does not conform;
2: the SPARQL is malformed), never a traceback.

    kg query out/ 'SELECT ?org WHERE { ?org kg:pursues id:碳达峰 }' --format csv
    kg query out/ queries/goals_by_target_year.rq
    kg lookup out/ 中科院
    kg path out/ 严新平 国网电动汽车公司
    kg validate out/
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from kg.store import KnowledgeGraph

EXIT_FAILURE = 1
EXIT_BAD_QUERY = 2

_stdout = Console(soft_wrap=True)


def _fail(message: str, code: int = EXIT_FAILURE) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _open(outdir: Path) -> KnowledgeGraph:
    from kg.store import StoreError, load  # imported late: keeps `kg --help` fast

    try:
        return load(outdir)
    except FileNotFoundError:
        _fail(f"no build directory at {outdir} (run `kg build` first)")
    except StoreError as error:
        _fail(str(error))


def _read_sparql(text: str) -> str:
    """The query text: the argument itself, ``-`` for stdin, or the contents of a ``.rq`` file / ``@file``."""
    if text == "-":
        return sys.stdin.read()
    candidate = text[1:] if text.startswith("@") else text
    if (text.startswith("@") or candidate.endswith((".rq", ".sparql"))) and "\n" not in candidate:
        path = Path(candidate)
        if not path.is_file():
            _fail(f"no query file at {path}")
        return path.read_text(encoding="utf-8")
    return text


def query_command(
    outdir: Annotated[Path, typer.Argument(help="A build directory (with store/).")],
    sparql: Annotated[str, typer.Argument(help="SPARQL text, a .rq file, @file, or - for stdin.")],
    output_format: Annotated[str, typer.Option("--format", "-f",
                                               help="table, json, csv, tsv or turtle.")] = "table",
) -> None:
    """Run a SPARQL query over the whole graph (all documents); the kg: id: doc: prefixes are predeclared."""
    from kg.store import OUTPUT_FORMATS, QueryError

    if output_format not in OUTPUT_FORMATS:
        _fail(f"unknown format {output_format!r}: use one of {', '.join(OUTPUT_FORMATS)}", EXIT_BAD_QUERY)
    text = _read_sparql(sparql)
    graph = _open(outdir)
    try:
        result = graph.query(text)
    except QueryError as error:
        _fail(f"bad SPARQL: {error}", EXIT_BAD_QUERY)
    if output_format == "table":
        if result.kind == "ask":
            _stdout.print("true" if result.boolean else "false")
            return
        header, cells = result.table_cells()
        table = Table(*header, show_lines=False, title=f"{len(cells)} row{'s' if len(cells) != 1 else ''}")
        for row in cells:
            table.add_row(*row)
        _stdout.print(table)
        return
    try:
        typer.echo(result.format(output_format), nl=False)
    except QueryError as error:
        _fail(str(error), EXIT_BAD_QUERY)


def lookup_command(
    outdir: Annotated[Path, typer.Argument(help="A build directory (with store/).")],
    name: Annotated[str, typer.Argument(help="Canonical name or alias, e.g. 中科院.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the entity as JSON.")] = False,
) -> None:
    """Show an entity (found by name or alias), its relations both ways with evidence, and its mentions."""
    graph = _open(outdir)
    view = graph.lookup(name)
    if view is None:
        hints = graph.suggest(name, limit=5)
        _fail(f"no entity named {name!r}" + (f"; did you mean {', '.join(hints)}?" if hints else ""))
    if as_json:
        typer.echo(json.dumps(view.as_dict(), ensure_ascii=False, indent=2))
        return
    _stdout.print(f"[bold]{view.name}[/bold]  ({view.type})  {view.iri}", highlight=False)
    if view.aliases:
        _stdout.print(f"aliases: {'、'.join(view.aliases)}", highlight=False)
    if view.target_year is not None or view.quantity is not None:
        _stdout.print(f"target year: {view.target_year or '-'}  quantity: {view.quantity or '-'}",
                      highlight=False)
    table = Table("relation", "doc", "offsets", "conf", "evidence", title=f"{len(view.facts)} relations")
    for fact in view.facts:
        table.add_row(fact.describe(view.name), fact.doc, f"{fact.start}-{fact.end}",
                      f"{fact.confidence:.2f}", " ".join(fact.sentence.split()))
    _stdout.print(table)
    _stdout.print(f"mentioned in: {', '.join(view.documents) or '-'} ({len(view.mentions)} mentions)",
                  highlight=False)


def path_command(
    outdir: Annotated[Path, typer.Argument(help="A build directory (with store/).")],
    source: Annotated[str, typer.Argument(metavar="A", help="Start entity (name or alias).")],
    target: Annotated[str, typer.Argument(metavar="B", help="End entity (name or alias).")],
) -> None:
    """The shortest chain of relations between two entities, whatever the edge directions."""
    graph = _open(outdir)
    try:
        steps = graph.path(source, target)
    except KeyError as error:
        _fail(f"no entity named {error.args[0]!r}")
    if steps is None:
        _fail(f"no relation path between {source} and {target}")
    if not steps:
        _stdout.print(f"{graph.name(graph.resolve(source))} is {graph.name(graph.resolve(target))}")
        return
    table = Table("#", "step", "doc", "evidence", title=f"{len(steps)} hop{'s' if len(steps) != 1 else ''}")
    for number, step in enumerate(steps, 1):
        table.add_row(str(number), step.describe(graph.name), str(step.data.get("doc", "")),
                      " ".join(str(step.data.get("sentence", "")).split()))
    _stdout.print(table)


def validate_command(
    outdir: Annotated[Path, typer.Argument(help="A build directory (with graph.ttl).")],
) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl); exit 1 when it does not conform."""
    from kg.graph import validate

    if not outdir.is_dir():
        _fail(f"no build directory at {outdir} (run `kg build` first)")
    try:
        conforms, report = validate(outdir)
    except FileNotFoundError as error:
        _fail(str(error))
    except (SyntaxError, ValueError) as error:  # rdflib reports bad Turtle as one of these
        _fail(f"cannot read the graph in {outdir}: {' '.join(str(error).split())}")
    if conforms:
        typer.echo("conforms: the graph satisfies ontology/shapes.ttl")
        return
    typer.echo(report, err=True)
    _fail("the graph does not conform to ontology/shapes.ttl")


def register(app: typer.Typer) -> None:
    """Add the graph commands to the ``kg`` app."""
    app.command("query")(query_command)
    app.command("lookup")(lookup_command)
    app.command("path")(path_command)
    app.command("validate")(validate_command)
