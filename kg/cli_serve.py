"""``kg serve``: answer SPARQL queries over a built graph on a local HTTP endpoint (see docs/SERVE.md)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, NoReturn

import typer


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=1)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_command(
    outdir: Annotated[Path, typer.Argument(help="Directory of a built graph (what `kg build` wrote).")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on; loopback only by default.")] = (
        "127.0.0.1"),
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 7878,
    timeout: Annotated[float, typer.Option("--timeout", min=0.01,
                                           help="Seconds a query may run before it is stopped.")] = 10.0,
    max_results: Annotated[int, typer.Option("--max-results", min=1, help=(
        "Rows (or triples) returned at most; longer results are cut, flagged X-SPARQL-MaxRows."))] = 10_000,
    max_query_bytes: Annotated[int, typer.Option("--max-query-bytes", min=1, help=(
        "Largest request body or query string accepted (bigger: HTTP 413)."))] = 100_000,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help=(
        "Query worker processes (default: CPU count, between 2 and 4; 1 with --allow-update)."))] = None,
    worker_memory_mb: Annotated[int, typer.Option("--worker-memory-mb", min=0, help=(
        "Address space each query worker may use; a query needing more is stopped (0: no limit)."))] = 4096,
    cors: Annotated[bool, typer.Option("--cors", help=(
        "Allow browser clients from any origin (Access-Control-Allow-Origin: *)."))] = False,
    allow_update: Annotated[bool, typer.Option("--allow-update", help=(
        "Accept SPARQL Update (the store is opened read-write, one worker)."))] = False,
    allow_service: Annotated[bool, typer.Option("--allow-service", help=(
        "Allow SERVICE (federated queries) and LOAD, which make the server fetch URLs."))] = False,
    in_memory: Annotated[bool, typer.Option("--in-memory", help=(
        "Each worker answers from an in-memory copy of the graph: slower start, faster aggregates."))] = False,
) -> None:
    """Serve a built graph as a SPARQL 1.1 endpoint at http://HOST:PORT/sparql (read-only by default)."""
    from kg.serve import ServeConfig, StoreNotFoundError, default_worker_count, locate_store, serve

    try:
        store_path = locate_store(outdir)
    except StoreNotFoundError as error:
        _fail(str(error))
    if in_memory and allow_update:
        _fail("--in-memory serves a read-only copy; it cannot be combined with --allow-update")
    if not _is_loopback(host):
        typer.echo(f"warning: listening on {host}: anyone who can reach this address can query the graph "
                   "(there is no authentication)", err=True)
    config = ServeConfig(store_path=store_path, host=host, port=port, timeout_s=timeout,
                         max_results=max_results, max_query_bytes=max_query_bytes, cors=cors,
                         allow_update=allow_update, allow_service=allow_service,
                         worker_memory_mb=worker_memory_mb or None, in_memory=in_memory,
                         workers=workers if workers is not None else default_worker_count())
    typer.echo(f"kg serve: SPARQL endpoint at http://{host}:{port}/sparql over {store_path} "
               f"({'read-write' if allow_update else 'read-only'}{', in memory' if in_memory else ''})", err=True)
    serve(config)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
