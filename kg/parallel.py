"""Extraction of article batches in this process, in a local process pool, or on a Dask cluster.

All three routes run the same function, :func:`extract_batch`, on the same batches, so they give the same
records; only where it runs differs. Batches come back in the order they were sent, and at most a few batches
per worker are in flight at once, so memory is bounded by the batch size, not by the corpus.

>>> from kg.split import Article
>>> batches = [[Article("a", "生态环境部新闻发言人刘友宾介绍了情况。")]]
>>> [(rec["doc"], len(rec["relations"])) for _, records, _ in run_batches(batches, statistical_ner=False)
...  for rec in records]
[('a', 1)]
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Protocol, TypeVar

from kg.cache import (
    DocumentGraph,
    ExtractionRow,
    _graph_term,
    _unpack,
    cache_fields,
    extraction_rows,
    watch_parent,
)
from kg.extraction import Record, _safe_batch
from kg.read import InputError
from kg.split import Article
from kg.workers import release_freed_memory, worker_context

log = logging.getLogger(__name__)

#: The Dask configuration a cluster's workers should start with (``DASK_CONFIG=…``): without Dask's trim
#: threshold and profiler, which cost kg's extraction ~20 % of its CPU time (see the file).
DASK_WORKER_CONFIG = Path(__file__).with_name("dask-worker.yaml")

#: One batch's outcome: its records (failed documents left out) and (doc id, reason) per failed document.
BatchResult = tuple[list[Record], list[tuple[str, str]]]

# Threads of one Dask worker share the process's pipeline; spaCy components are not meant to be run from two
# threads at once (and the GIL gives no speed-up anyway), so one batch at a time per process.
_PIPELINE_LOCK = threading.Lock()

T = TypeVar("T")


class Progress(Protocol):
    """What a build or an extraction reports while it runs (the CLI draws a rich progress bar from it)."""

    def start(self, documents: int, chars: int) -> None:
        """The work ahead: documents and characters still to extract."""

    def advance(self, documents: int, chars: int) -> None:
        """Some documents (and their characters) are done."""

    def stage(self, name: str) -> None:
        """A new stage begins (``extract``, ``resolve``, ``graph``, ``store``)."""


def extract_batch(articles: list[Article], statistical_ner: bool | None = None) -> BatchResult:
    """Run the pipeline (built once per process by :func:`kg.pipeline.default_nlp`) over one batch."""
    from kg.pipeline import default_nlp

    errors: list[tuple[str, str]] = []

    def remember(err: InputError) -> None:
        errors.append((err.path, err.reason))

    with _PIPELINE_LOCK:
        # The previous batch's documents and records are gone by now: their pages go back first. A Dask worker
        # then needs no trim threshold of its own (DASK_WORKER_CONFIG), nor a local worker a parent to tell it.
        release_freed_memory()
        nlp = default_nlp(statistical_ner)
        records = list(_safe_batch(nlp, articles, remember))
    return records, errors


def extract_batch_rows(articles: list[Article], statistical_ner: bool | None = None
                       ) -> tuple[list[ExtractionRow], list[tuple[str, str]]]:
    """:func:`extract_batch` for a build: the records come back as build-cache rows, made in the worker."""
    records, errors = extract_batch(articles, statistical_ner)
    return extraction_rows(records), errors


def _warm_worker(statistical_ner: bool | None) -> None:
    # Build the pipeline when the worker starts, not inside the first batch, so batches time evenly.
    from kg.pipeline import default_nlp

    default_nlp(statistical_ner)


def _in_order(submit: Any, batches: Iterable[list[Article]], in_flight: int
              ) -> Iterator[tuple[list[Article], BatchResult]]:
    """Submit batches with at most ``in_flight`` pending and yield results in submission order."""
    pending: deque[tuple[list[Article], Any]] = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        if len(pending) >= in_flight:
            done, future = pending.popleft()
            yield done, future.result()
    while pending:
        done, future = pending.popleft()
        yield done, future.result()


def run_batches(batches: Iterable[list[Article]], *, statistical_ner: bool | None = None, jobs: int = 1,
                scheduler: str | Any | None = None, task: Any = extract_batch
                ) -> Iterator[tuple[list[Article], list[Any], list[tuple[str, str]]]]:
    """Extract every batch and yield ``(batch, records, errors)`` in the order of ``batches``.

    ``scheduler`` (a ``tcp://host:port`` address or a :class:`distributed.Client`) runs the batches on a Dask
    cluster; otherwise ``jobs`` > 1 runs them in that many local processes, each building the pipeline once;
    ``jobs`` = 1 runs them here. ``task`` (:func:`extract_batch` or :func:`extract_batch_rows`) is what runs
    on each batch.
    """
    if scheduler is not None:
        yield from _run_on_dask(batches, statistical_ner, scheduler, task)
        return
    if jobs <= 1:
        for batch in batches:
            yield (batch, *task(batch, statistical_ner))
        return
    pool = _local_pool(jobs, _warm_worker, (statistical_ner,))
    finished = False
    try:
        def submit(batch: list[Article]) -> Future[BatchResult]:
            return pool.submit(task, batch, statistical_ner)

        for batch, (records, errors) in _in_order(submit, batches, in_flight=2 * jobs):
            yield batch, records, errors
        finished = True
    finally:
        close_pool(pool, stop_workers=not finished)


def _local_pool(jobs: int, initializer: Any, initargs: tuple[Any, ...]) -> ProcessPoolExecutor:
    """``jobs`` local worker processes, each set up once by ``initializer(*initargs)``."""
    # the server preloads the pipeline's code, so each worker starts with spaCy imported
    return ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context(), initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs))


def _start_worker(parent: int, initializer: Any, initargs: tuple[Any, ...]) -> None:
    watch_parent(parent)  # a build killed outright takes its workers along
    initializer(*initargs)


def close_pool(pool: ProcessPoolExecutor, *, stop_workers: bool = False) -> None:
    """Shut a local pool down. ``stop_workers`` (the build failed, was interrupted, or its caller stopped
    reading): queued batches are dropped and the workers terminated at once, rather than left to finish batches
    nobody will read (a SIGTERM reaches only the main process, not its workers)."""
    if stop_workers:
        terminate_workers = getattr(pool, "terminate_workers", None)  # Python 3.14+
        if terminate_workers is not None:
            terminate_workers()
        else:
            # Before 3.14 the executor names its workers only in a private attribute; read defensively.
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in workers:
                process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _run_on_dask(batches: Iterable[list[Article]], statistical_ner: bool | None, scheduler: str | Any,
                 task: Any = extract_batch) -> Iterator[tuple[list[Article], list[Any], list[tuple[str, str]]]]:
    from distributed import Client

    own_client = not isinstance(scheduler, Client)
    client: Any = Client(scheduler) if own_client else scheduler
    try:
        check_cluster_version(client, statistical_ner)
        warn_about_worker_setup(client)
        workers = max(1, sum(client.nthreads().values()))

        def submit(batch: list[Article]) -> Any:
            # pure=False: two batches with equal content are still two tasks (and the key is cheap to make).
            return client.submit(task, batch, statistical_ner, pure=False)

        for batch, (records, errors) in _in_order(submit, batches, in_flight=2 * workers):
            yield batch, records, errors
    finally:
        if own_client:
            client.close()


def _pipeline_version(statistical_ner: bool | None) -> str:
    from kg.pipeline import pipeline_version

    return pipeline_version(statistical_ner)


def check_cluster_version(client: Any, statistical_ner: bool | None) -> None:
    """Raise :class:`ValueError` unless every worker runs this machine's pipeline version.

    A worker with other code, rules or model would give other records, silently; and the build cache, which is
    keyed by this machine's version, would keep them.
    """
    here = _pipeline_version(statistical_ner)
    versions = client.run(_pipeline_version, statistical_ner)
    if not versions:  # a cluster that was just started: give its workers a minute to connect
        try:
            client.wait_for_workers(1, timeout=60)
        except TimeoutError as err:
            raise ValueError("the Dask cluster has no workers") from err
        versions = client.run(_pipeline_version, statistical_ner)
    for worker, version in sorted(versions.items()):
        if version != here:
            raise ValueError(f"Dask worker {worker} runs pipeline version {version}, this machine {here}: "
                             "install the same kg (code, rules, model) on every worker")


def _slow_worker_setup() -> list[str]:
    """What in this Dask worker's set-up slows kg's extraction: the settings :data:`DASK_WORKER_CONFIG` changes."""
    import dask

    found = []
    if os.environ.get("MALLOC_TRIM_THRESHOLD_"):
        found.append(f"MALLOC_TRIM_THRESHOLD_={os.environ['MALLOC_TRIM_THRESHOLD_']}")
    if dask.config.get("distributed.worker.profile.enabled", False):
        found.append("the profiler on")
    return found


def warn_about_worker_setup(client: Any) -> list[str]:
    """Log a warning, and return what it names, when the cluster's workers run with Dask's settings that slow
    kg's extraction (:data:`DASK_WORKER_CONFIG` says which, and why). The build goes on either way."""
    found = sorted({item for items in client.run(_slow_worker_setup).values() for item in items})
    if found:
        log.warning("Dask workers run with %s, which costs kg's extraction ~20 %% more CPU; start them with "
                    "DASK_CONFIG=%s", " and ".join(found), DASK_WORKER_CONFIG)
    return found


# A batch of short articles grows until it holds this many characters per article of ``batch_size`` (a news
# article's ~2,000), up to SHORT_BATCH_GROWTH times as many articles: the pipeline's per-batch and the NER's
# per-call costs then count per character, as for articles of ordinary length (1,656 articles of ~150 characters,
# batches of 32 against 256: the extraction 19 → 14–16 s).
ARTICLE_CHARS = 2_000
SHORT_BATCH_GROWTH = 8


def batched(articles: Iterable[Article], batch_size: int, *, total: int = 0, tail: int = 0) -> Iterator[list[Article]]:
    """Articles in lists of ``batch_size`` (the last one shorter); short articles in longer lists, until a list
    holds ``batch_size`` x :data:`ARTICLE_CHARS` characters or ``SHORT_BATCH_GROWTH`` x ``batch_size`` articles.

    With ``total`` (how many articles come) and ``tail``, the last ``tail`` full batches' worth of articles go in
    batches a quarter the size: several workers then finish at about the same time instead of one waiting for
    the other's last big batch.

    >>> [len(b) for b in batched([Article(str(i), "x" * 2000) for i in range(5)], 2)]
    [2, 2, 1]
    >>> [len(b) for b in batched([Article(str(i), "x" * 2000) for i in range(20)], 8, total=20, tail=1)]
    [8, 8, 2, 2]
    >>> [len(b) for b in batched([Article(str(i), "x" * 500) for i in range(40)], 2)]  # 8 x 500 = 2 x 2,000
    [8, 8, 8, 8, 8]
    >>> [len(b) for b in batched([Article(str(i), "x") for i in range(40)], 2)]  # at most 8 x 2
    [16, 16, 8]
    >>> [len(b) for b in batched([Article(str(i), "x") for i in range(40)], 2, total=40, tail=2)]
    [16, 16, 4, 1, 1, 1, 1]
    """
    def in_tail(seen: int) -> bool:
        return tail > 0 and total - seen <= tail * batch_size

    batch: list[Article] = []
    chars = 0
    size = most = batch_size
    for seen, article in enumerate(articles):
        if not batch:  # a batch's size is set when it starts
            if in_tail(seen):
                size = most = max(1, batch_size // 4)
            else:
                size, most = batch_size, SHORT_BATCH_GROWTH * batch_size
        batch.append(article)
        chars += len(article.text)
        # A batch of short articles stops growing where the tail begins: the tail's small batches stay small.
        if len(batch) >= most or (len(batch) >= size and (chars >= size * ARTICLE_CHARS or in_tail(seen + 1))):
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


# ------------------------------------------------------------------------------------------------ graph stage

_GRAPH_RESOLVER: Any = None


def graph_document(raw_record: Record, resolver: Any) -> DocumentGraph:
    """Resolve one extracted record with the build's settled ``resolver`` and make its named graph.

    Everything the main process then only writes is made here, in a worker process when the build has several:
    the N-Quads as UTF-8 bytes, their compressed form for the build cache, the Turtle section.
    """
    import json
    import zlib

    from kg.graph import BuildReport, document_nquads, turtle_section

    rec = resolver.apply(raw_record)
    report = BuildReport()
    lines, contribution = document_nquads(rec, report)
    contribution["report"] = report.as_dict()
    contribution["canonicals"] = canonicals_by_label(rec)
    nquads = "".join(lines).encode("utf-8")
    graph = _graph_term(lines[0]) if lines else ""
    return DocumentGraph(json.dumps(rec, ensure_ascii=False) + "\n", nquads, zlib.compress(nquads, 1),
                         contribution, turtle_section(nquads, graph) if lines else b"", graph)


def canonicals_by_label(record: Record) -> dict[str, list[str]]:
    """The canonical names of a record's mentions per label, sorted (a build's entity counts per type): one list
    of strings per label, which the build cache decodes far faster than a pair per name.

    >>> mentions = [("ORG", "国务院"), ("LOC", "合肥"), ("ORG", "国务院")]
    >>> canonicals_by_label({"entities": [{"label": label, "canonical": name} for label, name in mentions]})
    {'LOC': ['合肥'], 'ORG': ['国务院']}
    """
    names: dict[str, set[str]] = {}
    for e in record["entities"]:
        names.setdefault(e["label"], set()).add(e["canonical"])
    return {label: sorted(names[label]) for label in sorted(names)}


def _init_graph_worker(rename: dict[str, str], label_of: dict[str, str]) -> None:
    global _GRAPH_RESOLVER
    from kg.resolve import EntityResolver

    _GRAPH_RESOLVER = EntityResolver()
    _GRAPH_RESOLVER.rename, _GRAPH_RESOLVER.label_of = rename, label_of


def _graph_packed(packed_records: list[tuple[bytes, str]], resolver: Any) -> list[DocumentGraph]:
    # Records travel to the worker as the cache holds them (compressed JSON, with the path read this time):
    # the main process neither decompresses nor re-pickles them.
    return [graph_document({**json.loads(_unpack(blob)), "path": path}, resolver) for blob, path in packed_records]


def _graph_chunk(packed_records: list[tuple[bytes, str]]) -> tuple[list[DocumentGraph], bytes]:
    # What the main process of a build needs back, made here: the chunk's N-Quads as one sorted run (written
    # as it is), and per document everything but the N-Quads, with the cache row ready.
    docs = _graph_packed(packed_records, _GRAPH_RESOLVER)
    run = b"".join(sorted({line for doc in docs for line in doc.nquads.splitlines(keepends=True)}))
    return [doc._replace(nquads=b"", cache_row=cache_fields(doc)) for doc in docs], run


class GraphWorkers:
    """Makes documents' named graphs here (``jobs`` = 1) or in ``jobs`` local processes that each hold the
    build's settled resolution (sent once, when the worker starts). :meth:`run` keeps the input order.

    >>> import json, zlib
    >>> from kg.resolve import EntityResolver
    >>> resolver = EntityResolver()
    >>> resolver.rename = {"中科院": "中国科学院"}
    >>> mention = {"start": 0, "end": 3, "label": "ORG", "text": "中科院", "canonical": "中科院"}
    >>> with GraphWorkers(resolver, jobs=1) as workers:
    ...     record = {"doc": "d", "text": "中科院", "entities": [mention], "relations": []}
    ...     [made] = workers.run([(zlib.compress(json.dumps(record).encode()), "d.txt")])
    >>> json.loads(made.record_line)["entities"][0]["canonical"], made.contribution["canonicals"], made.graph
    ('中国科学院', {'ORG': ['中国科学院']}, '<https://w3id.org/cnpolicykg/doc/d>')
    """

    def __init__(self, resolver: Any, jobs: int = 1) -> None:
        self.resolver = resolver
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> GraphWorkers:
        if self.jobs > 1:
            self._pool = _local_pool(self.jobs, _init_graph_worker, (self.resolver.rename, self.resolver.label_of))
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self._pool is not None:
            close_pool(self._pool, stop_workers=exc_type is not None)
            self._pool = None

    def run(self, raw_records: list[tuple[bytes, str]]) -> list[DocumentGraph]:
        """The graphs of ``raw_records`` (a cached raw record, compressed, and the path it was read from this
        time), in order, made in this process (the worker processes take whole windows: :meth:`run_ahead`)."""
        return _graph_packed(raw_records, self.resolver)

    def run_ahead(self, windows: Iterable[tuple[T, list[tuple[bytes, str]]]]
                  ) -> Iterator[tuple[T, list[DocumentGraph], list[bytes]]]:
        """The graphs of each ``(tag, raw_records)`` window, in order, as ``(tag, graphs, runs)``.

        Here (one job) the graphs are whole and ``runs`` is empty. With worker processes each chunk of a window
        comes back as its N-Quads in one sorted run (in ``runs``) and graphs without their N-Quads (and with
        their cache rows made): the main process writes a run as it is instead of sorting lines. The next
        window is already with the workers while the caller takes this one, so the workers do not wait for
        the main process's share (writing, caching, folding the entities graph).
        """
        if self._pool is None:
            for tag, raw_records in windows:
                yield tag, self.run(raw_records), []
            return
        pending: deque[tuple[T, list[Future[tuple[list[DocumentGraph], bytes]]]]] = deque()

        def collect() -> tuple[T, list[DocumentGraph], list[bytes]]:
            done_tag, futures = pending.popleft()
            results = [future.result() for future in futures]
            return done_tag, [graph for graphs, _ in results for graph in graphs], [run for _, run in results]

        for tag, raw_records in windows:
            pending.append((tag, self._submit(raw_records)))
            if len(pending) > 1:
                yield collect()
        while pending:
            yield collect()

    def _submit(self, raw_records: list[tuple[bytes, str]]) -> list[Future[tuple[list[DocumentGraph], bytes]]]:
        assert self._pool is not None
        size = max(1, -(-len(raw_records) // (2 * self.jobs)))  # two chunks per worker evens out uneven documents
        return [self._pool.submit(_graph_chunk, raw_records[i:i + size]) for i in range(0, len(raw_records), size)]
