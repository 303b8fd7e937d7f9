"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the store written by ``kg build``, safe by default.

The HTTP layer is a Starlette app on uvicorn. Queries do not run in the server process: pyoxigraph cannot
interrupt a running query, so every query runs in a small pool of worker processes, each holding its own
read-only handle on the on-disk store. When a query overruns ``--timeout`` the server kills that worker and
starts a fresh one, so a runaway cartesian product is really stopped (its CPU is given back) and the other
workers keep answering other clients meanwhile. See docs/SERVE.md for the measurements behind this choice.

Safety defaults: bound to 127.0.0.1; SPARQL Update refused (403) unless ``--allow-update``; anything that
makes the server reach the network (``SERVICE`` in queries, ``LOAD`` in updates) refused (403) unless
``--allow-service`` (and the workers then run in an empty network namespace, so nothing that slips past the
check can reach the network either); requests larger than ``--max-query-bytes`` refused (413); results truncated after
``--max-results`` rows/triples (flagged with an ``X-SPARQL-MaxRows`` header); CORS off unless ``--cors``.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import html
import io
import json
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr as xml_quote_attribute

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.graph import PREFIXES
from kg.store import sparql_json_term
from kg.workers import worker_context

logger = logging.getLogger("kg.serve")

KG_NAMESPACE = "https://w3id.org/cnpolicykg/ontology#"

# Declared for every query and update (a PREFIX in the request overrides them), and used to abbreviate
# Turtle / RDF/XML output.
DEFAULT_PREFIXES: dict[str, str] = {**PREFIXES, "owl": "http://www.w3.org/2002/07/owl#"}

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SPARQL_RESULTS_XML_NAMESPACE = "http://www.w3.org/2005/sparql-results#"

# Result media types, in the order the server prefers them when the client accepts several equally.
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
SPARQL_CSV = "text/csv"
SPARQL_TSV = "text/tab-separated-values"
SOLUTION_MEDIA_TYPES: tuple[str, ...] = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
SOLUTION_MEDIA_TYPE_ALIASES: dict[str, str] = {
    "application/json": SPARQL_JSON,
    "application/xml": SPARQL_XML,
    "text/xml": SPARQL_XML,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
GRAPH_MEDIA_TYPES: tuple[str, ...] = tuple(GRAPH_FORMATS)
GRAPH_MEDIA_TYPE_ALIASES: dict[str, str] = {
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
    "application/json": "application/ld+json",
}

# Header set when a result was cut at --max-results (the name Virtuoso uses for the same thing).
TRUNCATION_HEADER = "X-SPARQL-MaxRows"

# Seconds a new worker may take to open the store before the server gives up on it.
WORKER_STARTUP_TIMEOUT_S = 60.0


def default_worker_count() -> int:
    """Two workers at least (so one runaway query never blocks everyone), at most four (memory)."""
    return min(4, max(2, os.cpu_count() or 2))


@dataclass(frozen=True)
class ServeConfig:
    """Everything ``kg serve`` needs to know; the defaults are the safe ones."""

    store_path: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout_s: float = 10.0
    max_results: int = 10_000
    max_query_bytes: int = 100_000
    cors: bool = False
    allow_update: bool = False
    allow_service: bool = False
    workers: int = field(default_factory=default_worker_count)
    # Address space a worker may use (RLIMIT_AS); a query that needs more kills its worker, not the machine.
    worker_memory_mb: int | None = 4096
    # Each worker answers from an in-memory copy of the graph: slower to start (seconds per million quads),
    # aggregates several times faster (benchmarks/SPARQL.md). Read-only serving only.
    in_memory: bool = False


class StoreNotFoundError(Exception):
    """OUTDIR does not hold a store that ``kg serve`` can open."""


def locate_store(outdir: Path) -> Path:
    """The store directory of a ``kg build`` output folder (``OUTDIR/store``), or OUTDIR itself if it is one.

    Opens it read-only once so that a broken or missing store is reported before the server starts.
    """
    if not outdir.exists():
        raise StoreNotFoundError(f"{outdir} does not exist (run `kg build` first)")
    if not outdir.is_dir():
        raise StoreNotFoundError(f"{outdir} is not a directory")
    candidates = [outdir / "store", outdir]
    # RocksDB, under Oxigraph, keeps a CURRENT file at the top of every database directory.
    store_path = next((path for path in candidates if (path / "CURRENT").is_file()), None)
    if store_path is None:
        raise StoreNotFoundError(f"no Oxigraph store in {outdir / 'store'} (run `kg build` first)")
    try:
        ox.Store.read_only(str(store_path))
    except OSError as error:
        raise StoreNotFoundError(f"cannot open the store at {store_path}: {error}") from error
    return store_path


# ---------------------------------------------------------------------------------------------------------
# Request checks that need the text of the query: does it reach the network? does it name its dataset?
# ---------------------------------------------------------------------------------------------------------

# The SPARQL tokens inside which a keyword is not a keyword: strings (the four forms of the grammar, exactly),
# IRI references and comments. Outside those a backslash escapes one character (PN_LOCAL_ESC: `ex:a\#b` is a
# prefixed name, not the start of a comment, and `ex:a\'b` opens no string), so the pair is a token of its
# own; otherwise `ex:a\#b . SERVICE <…>` would hide the SERVICE from this scan but not from the parser.
# Oxigraph does not unescape \\u sequences before parsing (checked), so neither do we: we scan the raw text.
_NON_KEYWORD_TOKENS = re.compile(
    r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|\\."
    r"|#[^\n\r]*",
)
# A keyword is a whole word: not part of a variable (?service), a prefixed name (ex:service, service:x),
# or a blank node label (_:service).
_NETWORK_KEYWORDS = re.compile(r"(?<![\w:?$\-])(SERVICE|LOAD)(?![\w:\-])", re.IGNORECASE)
# FROM never directly follows a '.', so ex:a.from is not one (SERVICE can: "?o .SERVICE <x> {}").
_DATASET_KEYWORD = re.compile(r"(?<![\w:?$\-.])FROM(?![\w:\-])", re.IGNORECASE)


def _code_only(sparql_text: str) -> str:
    return _NON_KEYWORD_TOKENS.sub(" ", sparql_text)


def network_keywords(sparql_text: str) -> set[str]:
    """The keywords of ``sparql_text`` that make the server fetch from the network: SERVICE and LOAD.

    Errs on the side of refusing: a token that merely looks like the keyword (``ex:a.service``) counts too.
    """
    return {match.group(1).upper() for match in _NETWORK_KEYWORDS.finditer(_code_only(sparql_text))}


def names_its_dataset(sparql_query: str) -> bool:
    """Whether the query has a FROM or FROM NAMED clause, which must then define its dataset."""
    return _DATASET_KEYWORD.search(_code_only(sparql_query)) is not None


# ---------------------------------------------------------------------------------------------------------
# Content negotiation
# ---------------------------------------------------------------------------------------------------------


def _parse_accept(accept_header: str) -> list[tuple[str, float]]:
    """(media range, q) pairs of an Accept header; malformed q values count as 1."""
    ranges: list[tuple[str, float]] = []
    for item in accept_header.split(","):
        media_range, *parameters = (part.strip() for part in item.split(";"))
        if not media_range:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 1.0
        ranges.append((media_range.lower(), quality))
    return ranges


def _quality(media_type: str, accepted: list[tuple[str, float]]) -> float:
    """q of the most specific range in ``accepted`` that matches ``media_type`` (0 if none does)."""
    main_type = media_type.split("/")[0]
    best_specificity, best_quality = -1, 0.0
    for media_range, quality in accepted:
        if media_range == media_type:
            specificity = 2
        elif media_range == f"{main_type}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, best_quality = specificity, quality
    return best_quality


def negotiate(accept_header: str | None, offered: tuple[str, ...], aliases: dict[str, str]) -> str | None:
    """The offered media type the client prefers, ``offered[0]`` if it says nothing, None if it takes none."""
    if not accept_header or not accept_header.strip():
        return offered[0]
    accepted = _parse_accept(accept_header)
    scores: dict[str, float] = {}
    for media_type in offered:
        scores[media_type] = _quality(media_type, accepted)
    # An alias counts only when named exactly: wildcards already went to the canonical media types.
    explicitly_accepted = dict(accepted)
    for alias, media_type in aliases.items():
        scores[media_type] = max(scores[media_type], explicitly_accepted.get(alias, 0.0))
    best = max(offered, key=lambda media_type: scores[media_type])  # max keeps the first of equals
    return best if scores[best] > 0 else None


# ---------------------------------------------------------------------------------------------------------
# Result serialisation (in the worker). Our own for solutions, because pyoxigraph's serialiser cannot stop
# after N rows; pyoxigraph's for graphs, fed at most N triples.
# ---------------------------------------------------------------------------------------------------------




def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            language = xml_quote_attribute(term.language)
            return f"<literal xml:lang={language}>{xml_escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            datatype = xml_quote_attribute(term.datatype.value)
            return f"<literal datatype={datatype}>{xml_escape(term.value)}</literal>"
        return f"<literal>{xml_escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject>"
                f"<predicate>{_xml_term(term.predicate)}</predicate>"
                f"<object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"unexpected term {term!r}")


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def serialize_solutions(variables: list[str], rows: Iterable[list[Any]], media_type: str) -> bytes:
    """SELECT results (``rows`` hold terms or None, in ``variables`` order) in one of SOLUTION_MEDIA_TYPES."""
    if media_type == SPARQL_JSON:
        bindings = [{name: sparql_json_term(term)
                     for name, term in zip(variables, row, strict=True) if term is not None}
                    for row in rows]
        document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if media_type == SPARQL_XML:
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
                 f'<sparql xmlns="{SPARQL_RESULTS_XML_NAMESPACE}"><head>',
                 *(f"<variable name={xml_quote_attribute(name)}/>" for name in variables),
                 "</head><results>"]
        for row in rows:
            parts.append("<result>")
            parts.extend(f"<binding name={xml_quote_attribute(name)}>{_xml_term(term)}</binding>"
                         for name, term in zip(variables, row, strict=True) if term is not None)
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if media_type == SPARQL_CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(term) for term in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    if media_type == SPARQL_TSV:
        # str() of a pyoxigraph term is its N-Triples form, which escapes tabs and newlines as TSV requires.
        lines = ["\t".join(f"?{name}" for name in variables)]
        lines.extend("\t".join("" if term is None else str(term) for term in row) for row in rows)
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unsupported results media type {media_type}")


def serialize_boolean(answer: bool, media_type: str) -> bytes:
    """ASK results. CSV/TSV define no boolean form; we write a one-column table, as Jena does."""
    literal = "true" if answer else "false"
    if media_type == SPARQL_JSON:
        return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")
    if media_type == SPARQL_XML:
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{SPARQL_RESULTS_XML_NAMESPACE}">'
                f"<head/><boolean>{literal}</boolean></sparql>\n").encode()
    header = "_askResult" if media_type == SPARQL_CSV else "?_askResult"
    line_end = "\r\n" if media_type == SPARQL_CSV else "\n"
    return f"{header}{line_end}{literal}{line_end}".encode()


# ---------------------------------------------------------------------------------------------------------
# Worker processes
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SparqlJob:
    """One query or update, as sent to a worker."""

    operation: str  # "query" or "update"
    text: str
    solution_media_type: str | None = None  # None: the client accepts no results format
    graph_media_type: str | None = None  # None: the client accepts no RDF format
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    union_default_graph: bool = True  # no dataset given: the default graph is the union of the named graphs
    max_results: int = 10_000


@dataclass(frozen=True)
class SparqlReply:
    """A worker's answer: what the HTTP response will carry."""

    status: int
    media_type: str
    body: bytes
    truncated_at: int | None = None  # the row limit, when the result was cut there


def _text_reply(status: int, message: str) -> SparqlReply:
    return SparqlReply(status, "text/plain", (message + "\n").encode("utf-8"))


def _not_acceptable(kind: str, offered: tuple[str, ...]) -> SparqlReply:
    return _text_reply(406, f"no acceptable media type for {kind} results; this endpoint offers "
                            + ", ".join(offered))


def run_job(store: ox.Store, job: SparqlJob) -> SparqlReply:
    """Execute ``job`` against ``store`` and serialise the outcome (runs inside a worker process)."""
    try:
        if job.operation == "update":
            store.update(job.text, prefixes=DEFAULT_PREFIXES)
            return SparqlReply(204, "text/plain", b"")
        # pyoxigraph lets use_default_graph_as_union override a query's own FROM clauses (checked), so the
        # union is asked for only when the request names no dataset.
        dataset_options: dict[str, Any] = {"use_default_graph_as_union": job.union_default_graph}
        if job.default_graph_uris:
            dataset_options = {"default_graph": [ox.NamedNode(uri) for uri in job.default_graph_uris]}
        if job.named_graph_uris:
            dataset_options["named_graphs"] = [ox.NamedNode(uri) for uri in job.named_graph_uris]
        result = store.query(job.text, prefixes=DEFAULT_PREFIXES, **dataset_options)
        if isinstance(result, ox.QueryBoolean):
            if job.solution_media_type is None:
                return _not_acceptable("ASK", SOLUTION_MEDIA_TYPES)
            body = serialize_boolean(bool(result), job.solution_media_type)
            return SparqlReply(200, job.solution_media_type, body)
        if isinstance(result, ox.QuerySolutions):
            if job.solution_media_type is None:
                return _not_acceptable("SELECT", SOLUTION_MEDIA_TYPES)
            variables = [variable.value for variable in result.variables]
            rows: list[list[Any]] = []
            truncated = False
            for solution in result:  # lazily evaluated: stopping here stops the query
                if len(rows) == job.max_results:
                    truncated = True
                    break
                rows.append(list(solution))
            body = serialize_solutions(variables, rows, job.solution_media_type)
            return SparqlReply(200, job.solution_media_type, body, job.max_results if truncated else None)
        if job.graph_media_type is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE", GRAPH_MEDIA_TYPES)
        triples: list[ox.Triple] = []
        truncated = False
        for triple in result:
            if len(triples) == job.max_results:
                truncated = True
                break
            triples.append(triple)
        graph_body = ox.serialize(triples, format=GRAPH_FORMATS[job.graph_media_type], prefixes=DEFAULT_PREFIXES)
        return SparqlReply(200, job.graph_media_type, graph_body or b"", job.max_results if truncated else None)
    except SyntaxError as error:
        return _text_reply(400, f"SPARQL syntax error: {error}")
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return _text_reply(500, f"{type(error).__name__}: {error}")


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies: a crashed server leaves no runaway query behind."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def _isolate_from_network() -> bool:
    """Move this process into a new, empty network namespace (Linux): every connect() then fails.

    The second line of defence behind the SERVICE/LOAD check: even a query that got past it could not reach
    anything. Plain CLONE_NEWNET needs root (CAP_SYS_ADMIN); otherwise a user namespace provides it where the
    kernel allows unprivileged ones (it must be done while the process has one thread: before the store opens).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    return any(libc.unshare(flags) == 0 for flags in (clone_newnet, clone_newuser | clone_newnet))


def _limit_memory(memory_mb: int | None) -> None:
    """Cap this process's address space: past it allocations fail and the worker aborts (and is replaced)."""
    if memory_mb is None:
        return
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def worker_main(connection: multiprocessing.connection.Connection, store_path: str, writable: bool,
                memory_mb: int | None = None, isolate_network: bool = False, in_memory: bool = False) -> None:
    """A worker process: open the store once, then answer jobs from ``connection`` until it closes."""
    # Ctrl-C reaches the whole process group; the server decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    network_isolated = _isolate_from_network() if isolate_network else False
    _limit_memory(memory_mb)
    # OSError (a broken pipe included) on the connection means the server is gone or gave up on this worker.
    with contextlib.suppress(EOFError, OSError):
        try:
            store = ox.Store(store_path) if writable else ox.Store.read_only(store_path)
            if in_memory and not writable:
                from kg.store import copy_to_memory

                store = copy_to_memory(store, Path(store_path), Path(store_path).parent / "graph.nq")
        except OSError as error:
            connection.send(("error", f"cannot open the store at {store_path}: {error}"))
            return
        connection.send(("ready", os.getpid(), network_isolated))
        while (job := connection.recv()) is not None:
            connection.send(run_job(store, job))
        if writable:
            store.flush()


class QueryTimeoutError(Exception):
    """The query ran past the timeout; its worker was killed."""


class ServerBusyError(Exception):
    """No worker became free within the timeout."""


class WorkerDiedError(Exception):
    """The worker exited while running the job (crash, out of memory, killed from outside)."""


async def _receive(connection: multiprocessing.connection.Connection, timeout_s: float) -> Any:
    """The next message on ``connection``, waiting at most ``timeout_s`` without blocking the event loop."""
    loop = asyncio.get_running_loop()
    readable: asyncio.Future[None] = loop.create_future()

    def mark_readable() -> None:
        if not readable.done():
            readable.set_result(None)

    file_descriptor = connection.fileno()
    loop.add_reader(file_descriptor, mark_readable)
    try:
        await asyncio.wait_for(readable, timeout_s)
    finally:
        loop.remove_reader(file_descriptor)
    # Read in the event loop, not a thread: a thread still reading when the worker is discarded could end up
    # reading from a reused file descriptor. The worker serialised its whole reply before writing it, so this
    # is a memory-speed copy (milliseconds for a --max-results sized reply).
    return connection.recv()


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: multiprocessing.connection.Connection
    pid: int
    store_identity: tuple[int, int] | None  # (device, inode) of the store directory it opened


def _directory_identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


class QueryWorkerPool:
    """Worker processes over one store; a job that overruns its timeout has its worker killed and replaced."""

    def __init__(self, store_path: Path, size: int, *, writable: bool = False,
                 worker_memory_mb: int | None = None, isolate_network: bool = False,
                 in_memory: bool = False) -> None:
        self.store_path = store_path
        self.in_memory = in_memory and not writable
        self.worker_memory_mb = worker_memory_mb
        self.isolate_network = isolate_network
        self.network_isolated = False  # whether the last worker started is really cut off
        self._warned_about_isolation = False
        # A read-write RocksDB store can be open in one process only, so with updates there is one worker.
        self.size = 1 if writable else max(1, size)
        self.writable = writable
        self.queries_stopped_by_timeout = 0
        self.jobs_cancelled = 0  # the client went away (or the server is stopping) while its job ran
        self.workers_replaced = 0
        # a replacement worker is forked from a small clean process that has already imported this module and
        # pyoxigraph (tens of milliseconds), never from the threaded server process itself
        self._context = worker_context(["kg.serve"])
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers: dict[int, _Worker] = {}
        self._background_tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    @property
    def worker_pids(self) -> list[int]:
        return sorted(self._workers)

    @property
    def idle_worker_count(self) -> int:
        return self._idle.qsize()

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        store_identity = _directory_identity(self.store_path)
        parent_end, child_end = self._context.Pipe(duplex=True)
        process = self._context.Process(target=worker_main,
                                        args=(child_end, str(self.store_path), self.writable,
                                              self.worker_memory_mb, self.isolate_network, self.in_memory),
                                        name="kg-serve-worker", daemon=True)
        await asyncio.to_thread(process.start)
        child_end.close()
        try:
            startup_timeout = WORKER_STARTUP_TIMEOUT_S * (10 if self.in_memory else 1)  # copying takes a while
            kind, detail, *ready_details = await _receive(parent_end, startup_timeout)
        except (TimeoutError, EOFError, OSError) as error:
            process.kill()
            parent_end.close()
            await asyncio.to_thread(process.join)
            raise RuntimeError(f"query worker did not start: {error!r}") from error
        if kind != "ready":
            parent_end.close()
            await asyncio.to_thread(process.join)
            raise RuntimeError(detail)
        worker = _Worker(process, parent_end, int(detail), store_identity)
        self._workers[worker.pid] = worker
        network_isolated = bool(ready_details and ready_details[0])
        if self.isolate_network and not network_isolated and not self._warned_about_isolation:
            self._warned_about_isolation = True
            logger.warning("query workers could not be cut off from the network (no network namespaces "
                           "here); SERVICE and LOAD are still refused by the request check")
        self.network_isolated = network_isolated
        return worker

    def _discard(self, worker: _Worker) -> None:
        """Kill ``worker`` now and start its replacement in the background."""
        self._workers.pop(worker.pid, None)
        worker.process.kill()
        worker.connection.close()
        self.workers_replaced += 1
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    async def _replace(self, dead_worker: _Worker) -> None:
        await asyncio.to_thread(dead_worker.process.join)  # reap it: no zombies
        if self._closing:
            return
        # Starting can fail when the machine is short of memory or threads: keep trying, backing off.
        delay_s = 0.5
        while True:
            try:
                replacement = await self._spawn()
                break
            except RuntimeError as error:
                logger.error("could not start a replacement query worker (%s); retrying in %g s",
                             error, delay_s)
                await asyncio.sleep(delay_s)
                delay_s = min(30.0, delay_s * 2)
                if self._closing:
                    return
        if self._closing:
            replacement.process.kill()
            return
        self._idle.put_nowait(replacement)

    async def execute(self, job: SparqlJob, timeout_s: float) -> SparqlReply:
        """Run ``job`` on the first free worker: at most ``timeout_s`` waiting for one, and again running."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout_s)
            # `kg build` replaces OUTDIR/store by renaming a new directory into place. A worker holding the
            # old one is swapped for one that opens the new one, so a rebuild needs no server restart.
            current_store = _directory_identity(self.store_path)
            while current_store is not None and worker.store_identity != current_store:
                self._discard(worker)
                worker = await asyncio.wait_for(self._idle.get(), max(0.0, deadline - loop.time()))
        except TimeoutError as error:
            raise ServerBusyError from error
        try:
            worker.connection.send(job)
            reply = await _receive(worker.connection, timeout_s)
        except TimeoutError as error:
            self.queries_stopped_by_timeout += 1
            self._discard(worker)
            raise QueryTimeoutError from error
        except (EOFError, OSError) as error:
            await asyncio.to_thread(worker.process.join, 5.0)  # it is exiting: collect its exit code
            self._discard(worker)
            raise WorkerDiedError(worker.process.exitcode) from error
        except asyncio.CancelledError:
            # Nobody is waiting for the answer any more; the worker may still be busy, so it goes.
            self.jobs_cancelled += 1
            self._discard(worker)
            raise
        self._idle.put_nowait(worker)
        return reply

    async def close(self) -> None:
        self._closing = True
        for worker in list(self._workers.values()):
            if self.writable:
                # Let the read-write worker flush and release the RocksDB lock cleanly.
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
                await asyncio.to_thread(worker.process.join, 5.0)
            worker.process.kill()
            await asyncio.to_thread(worker.process.join)
            worker.connection.close()
        self._workers.clear()
        for task in list(self._background_tasks):
            task.cancel()


# ---------------------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------------------

_FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
_QUERY_MEDIA_TYPE = "application/sparql-query"
_UPDATE_MEDIA_TYPE = "application/sparql-update"


class RequestTooLargeError(Exception):
    pass


async def _wait_for_disconnect(request: Request) -> None:
    """Return when the client closes the connection (the body has been read: nothing else can arrive)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status)


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (without buffering it) one longer than ``limit`` bytes."""
    declared_length = request.headers.get("content-length")
    if declared_length is not None and declared_length.isdigit() and int(declared_length) > limit:
        raise RequestTooLargeError
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise RequestTooLargeError
        chunks.append(chunk)
    return b"".join(chunks)


def _single(parameters: dict[str, list[str]], name: str) -> str | None:
    values = parameters.get(name, [])
    if len(values) > 1:
        raise ValueError(f"more than one '{name}' parameter")
    return values[0] if values else None


_HOME_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title></head>
<body>
<h1>kg SPARQL endpoint</h1>
<p>A read-{mode} <a href="https://www.w3.org/TR/sparql11-protocol/">SPARQL 1.1 Protocol</a> endpoint over the
Chinese policy and sci-tech news knowledge graph built by <code>kg build</code>. Send queries to
<code>/sparql</code> (or <code>/query</code>) by GET <code>?query=</code> or POST; the default graph is the
union of all documents' graphs. Queries are stopped after {timeout} s and results cut at {max_results}
rows.</p>
<form action="sparql" method="get">
<textarea name="query" rows="10" cols="90">{example}</textarea><br>
<select name="format">
<option value="application/sparql-results+json">JSON</option>
<option value="application/sparql-results+xml">XML</option>
<option value="text/csv">CSV</option>
<option value="text/tab-separated-values">TSV</option>
<option value="text/turtle">Turtle (CONSTRUCT/DESCRIBE)</option>
</select>
<button type="submit">Run query</button>
</form>
</body></html>
"""

_EXAMPLE_QUERY = """PREFIX kg: <https://w3id.org/cnpolicykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?investor ?project WHERE {
  ?i kg:investsIn ?p .
  ?i rdfs:label ?investor .
  ?p rdfs:label ?project .
} LIMIT 20"""


class SparqlEndpoint:
    """The request handlers, sharing one configuration and one worker pool."""

    def __init__(self, config: ServeConfig, pool: QueryWorkerPool) -> None:
        self.config = config
        self.pool = pool

    async def home(self, request: Request) -> Response:
        page = _HOME_PAGE.format(mode="write" if self.config.allow_update else "only",
                                 timeout=f"{self.config.timeout_s:g}", max_results=self.config.max_results,
                                 example=html.escape(_EXAMPLE_QUERY))
        return HTMLResponse(page)

    async def health(self, request: Request) -> Response:
        return PlainTextResponse("ok\n")

    async def sparql(self, request: Request) -> Response:
        limit = self.config.max_query_bytes
        raw_query_string: bytes = request.scope.get("query_string", b"")
        if len(raw_query_string) > limit:
            return _error(413, f"query string longer than {limit} bytes (--max-query-bytes)")
        url_parameters = parse_qs(raw_query_string.decode("utf-8", "replace"), keep_blank_values=True)
        parameters = url_parameters
        query_text = update_text = None
        try:
            if request.method == "POST":
                try:
                    body = await _read_body(request, limit)
                except RequestTooLargeError:
                    return _error(413, f"request body longer than {limit} bytes (--max-query-bytes)")
                media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
                try:
                    body_text = body.decode("utf-8")
                except UnicodeDecodeError:
                    return _error(400, "request body is not UTF-8")
                if media_type == _QUERY_MEDIA_TYPE:
                    query_text = body_text
                elif media_type == _UPDATE_MEDIA_TYPE:
                    update_text = body_text
                elif media_type == _FORM_MEDIA_TYPE:
                    parameters = parse_qs(body_text, keep_blank_values=True)
                    query_text, update_text = _single(parameters, "query"), _single(parameters, "update")
                else:
                    return _error(415, f"unsupported Content-Type '{media_type}'; send {_QUERY_MEDIA_TYPE}, "
                                       f"{_UPDATE_MEDIA_TYPE} or {_FORM_MEDIA_TYPE}")
            else:
                query_text, update_text = _single(parameters, "query"), _single(parameters, "update")
            default_graph_uris = tuple(parameters.get("default-graph-uri", []))
            named_graph_uris = tuple(parameters.get("named-graph-uri", []))
            for graph_uri in (*default_graph_uris, *named_graph_uris):
                try:
                    ox.NamedNode(graph_uri)
                except ValueError as error:
                    raise ValueError(f"invalid graph IRI {graph_uri!r}: {error}") from error
        except ValueError as error:
            return _error(400, str(error))

        if query_text is not None and update_text is not None:
            return _error(400, "send either 'query' or 'update', not both")
        if update_text is not None:
            return await self._update(request, update_text)
        if query_text is None:
            return _error(400, "missing 'query' parameter (GET ?query=... or POST; see / for a form)")
        # ?format=<media type> (the home page form) overrides Accept; other values (SPARQLWrapper sends
        # format=json, possibly repeated, alongside a proper Accept header) are ignored.
        offered = (*SOLUTION_MEDIA_TYPES, *GRAPH_MEDIA_TYPES)
        format_override = next((value for value in url_parameters.get("format", []) if value in offered),
                               None)
        return await self._query(request, query_text, format_override, default_graph_uris, named_graph_uris)

    async def _query(self, request: Request, query_text: str, format_override: str | None,
                     default_graph_uris: tuple[str, ...], named_graph_uris: tuple[str, ...]) -> Response:
        if not self.config.allow_service and "SERVICE" in network_keywords(query_text):
            return _error(403, "SERVICE (federated query) is disabled on this endpoint; "
                               "start kg serve with --allow-service to allow it")
        accept = format_override or request.headers.get("accept")
        job = SparqlJob(
            operation="query", text=query_text,
            solution_media_type=negotiate(accept, SOLUTION_MEDIA_TYPES, SOLUTION_MEDIA_TYPE_ALIASES),
            graph_media_type=negotiate(accept, GRAPH_MEDIA_TYPES, GRAPH_MEDIA_TYPE_ALIASES),
            default_graph_uris=default_graph_uris, named_graph_uris=named_graph_uris,
            union_default_graph=not default_graph_uris and not named_graph_uris
            and not names_its_dataset(query_text),
            max_results=self.config.max_results)
        if job.solution_media_type is None and job.graph_media_type is None:
            return _error(406, "no acceptable media type; this endpoint offers "
                               + ", ".join((*SOLUTION_MEDIA_TYPES, *GRAPH_MEDIA_TYPES)))
        return await self._run(request, job)

    async def _update(self, request: Request, update_text: str) -> Response:
        if not self.config.allow_update:
            return _error(403, "SPARQL Update is disabled: this endpoint is read-only "
                               "(start kg serve with --allow-update to allow updates)")
        if request.method != "POST":
            return _error(405, "SPARQL Update must be sent with POST")
        if not self.config.allow_service and "LOAD" in network_keywords(update_text):
            return _error(403, "LOAD fetches from the network and is disabled on this endpoint; "
                               "start kg serve with --allow-service to allow it")
        return await self._run(request, SparqlJob(operation="update", text=update_text))

    async def _run(self, request: Request, job: SparqlJob) -> Response:
        timeout_s = self.config.timeout_s
        execution = asyncio.ensure_future(self.pool.execute(job, timeout_s))
        disconnection = asyncio.ensure_future(_wait_for_disconnect(request))
        try:
            await asyncio.wait((execution, disconnection), return_when=asyncio.FIRST_COMPLETED)
        finally:
            disconnection.cancel()
        if not execution.done():
            # The client hung up (a browser tab closed, a client-side timeout): stop its query now rather
            # than at the timeout. Cancelling the execution kills the worker running it.
            execution.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await execution
            return _error(499, "client closed the connection")
        try:
            reply = execution.result()
        except QueryTimeoutError:
            return _error(503, f"{job.operation} stopped: it ran longer than the {timeout_s:g} s limit "
                               "(--timeout)")
        except ServerBusyError:
            return _error(503, f"server busy: no query worker became free within {timeout_s:g} s")
        except WorkerDiedError as error:
            exit_code = error.args[0] if error.args else None
            # Rust aborts (SIGABRT) when an allocation fails: with RLIMIT_AS set, that is the memory limit.
            cause = (f"it needed more than the {self.config.worker_memory_mb} MB a worker may use "
                     "(--worker-memory-mb)" if exit_code == -signal.SIGABRT and self.config.worker_memory_mb
                     else f"exit code {exit_code}")
            return _error(500, f"the query worker died while running this {job.operation}: {cause}")
        headers = {}
        if reply.truncated_at is not None:
            headers[TRUNCATION_HEADER] = str(reply.truncated_at)
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=headers)


def create_app(config: ServeConfig) -> Starlette:
    """The ASGI app; its worker pool starts and stops with the app's lifespan."""
    pool = QueryWorkerPool(config.store_path, config.workers, writable=config.allow_update,
                           worker_memory_mb=config.worker_memory_mb,
                           isolate_network=not config.allow_service, in_memory=config.in_memory)
    endpoint = SparqlEndpoint(config, pool)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    routes = [
        Route("/", endpoint.home, methods=["GET"]),
        Route("/health", endpoint.health, methods=["GET"]),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
        Route("/query", endpoint.sparql, methods=["GET", "POST"]),
    ]
    middleware = []
    if config.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                     allow_headers=["*"], expose_headers=[TRUNCATION_HEADER], max_age=3600))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool = pool
    app.state.config = config
    return app


def build_server(config: ServeConfig, *, log_level: str = "info", access_log: bool = True) -> Any:
    """A ``uvicorn.Server`` for ``config`` (not started)."""
    import uvicorn

    uvicorn_config = uvicorn.Config(
        create_app(config), host=config.host, port=config.port, log_level=log_level, access_log=access_log,
        # h11 refuses request lines longer than this with a bare 400; keep it above --max-query-bytes so
        # that an oversized query string reaches the endpoint and gets its 413.
        h11_max_incomplete_event_size=max(64 * 1024, 2 * config.max_query_bytes + 16 * 1024),
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(uvicorn_config)


def serve(config: ServeConfig) -> None:
    """Run the endpoint until interrupted."""
    build_server(config).run()
