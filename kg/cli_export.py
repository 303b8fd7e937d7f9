"""``kg export``: write a built graph as a browsable page or in the formats other tools read."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer


class ExportFormat(StrEnum):
    html = "html"
    graphml = "graphml"
    gexf = "gexf"
    cytoscape = "cytoscape"
    jsonld = "jsonld"
    nquads = "nquads"


# File name suffix used when -o is not given: OUTDIR/graph.<suffix>.
DEFAULT_SUFFIX = {
    ExportFormat.html: "html",
    ExportFormat.graphml: "graphml",
    ExportFormat.gexf: "gexf",
    ExportFormat.cytoscape: "cyjs",
    ExportFormat.jsonld: "jsonld",
    ExportFormat.nquads: "export.nq",  # not graph.nq: that is the build's own file
}

DEFAULT_TITLE = "知识图谱 Knowledge graph"

# The RDF formats read the build's RDF files directly and need no networkx view.
RDF_FORMATS = {ExportFormat.jsonld, ExportFormat.nquads}


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=1)


def export_command(
    outdir: Annotated[Path, typer.Argument(help="Directory of a built graph (what `kg build` wrote).")],
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.html,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default OUTDIR/graph.EXT).")
    ] = None,
    title: Annotated[str, typer.Option("--title", help="Page title (html only).")] = DEFAULT_TITLE,
) -> None:
    """Export a built graph: offline HTML viewer, GraphML/GEXF (Gephi), Cytoscape JSON, JSON-LD, N-Quads."""
    from kg import export

    if not outdir.is_dir():
        _fail(f"{outdir} is not a directory; run `kg build` first")
    if not any((outdir / name).is_file() for name in ("graph.ttl", "graph.nq")):
        _fail(f"{outdir} is not a built graph (no graph.ttl or graph.nq); run `kg build` first")
    target = output if output is not None else outdir / f"graph.{DEFAULT_SUFFIX[output_format]}"

    try:
        if output_format in RDF_FORMATS:
            if output_format is ExportFormat.jsonld:
                written = export.to_jsonld(outdir, target)
            else:
                written = export.to_nquads(outdir, target)
        else:
            from kg.store import load  # imported here: the store is only needed for these formats

            graph = load(outdir).to_networkx()
            if output_format is ExportFormat.html:
                written = export.to_html(graph, target, title=title)
            elif output_format is ExportFormat.graphml:
                written = export.to_graphml(graph, target)
            elif output_format is ExportFormat.gexf:
                written = export.to_gexf(graph, target)
            else:
                written = export.to_cytoscape_json(graph, target)
    except ImportError as error:
        _fail(f"cannot load the graph store ({error})")
    # rdflib reports bad RDF syntax as SyntaxError; kg.store.StoreError (no store) is a RuntimeError.
    except (OSError, ValueError, SyntaxError, RuntimeError) as error:
        _fail(f"cannot export {outdir}: {error}")
    typer.echo(f"wrote {written}")


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
