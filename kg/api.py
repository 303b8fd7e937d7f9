"""The Python API, the same operations as the CLI (sqlite-utils style: a small CLI over these functions).

>>> import kg
>>> rec = kg.extract_text("生态环境部新闻发言人刘友宾介绍了情况。", statistical_ner=False)
>>> [(r["head"], r["relation"], r["tail"]) for r in rec["relations"]]
[('刘友宾', 'affiliated_with', '生态环境部')]
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from kg.evaluate import evaluate_gold as evaluate
from kg.extraction import (
    ErrorHandler,
    Record,
    _print_error,
    extract_records,
    extract_text,
    iter_articles,
    iter_file_articles,
)
from kg.parallel import GraphWorkers, Progress, batched, extract_batch_rows, run_batches
from kg.read import InputError, expand_inputs
from kg.resolve import EntityResolver
from kg.split import Article
from kg.workers import release_freed_memory

__all__ = ["build", "evaluate", "extract", "extract_text", "iter_extract", "load"]


def extract(paths: Iterable[str | Path], split: str = "auto", statistical_ner: bool | None = None,
            on_error: ErrorHandler = _print_error, *, jobs: int = 1, scheduler: str | Any | None = None,
            batch_size: int = 32) -> list[Record]:
    """Records (``ANNOTATION.md`` format plus provenance) of every article of ``paths``, in input order.

    ``jobs`` > 1 extracts in that many local processes, ``scheduler`` (``tcp://host:port`` or a
    :class:`distributed.Client`) on a Dask cluster; the records are the same either way.
    """
    return list(iter_extract(paths, split, statistical_ner, on_error, jobs=jobs, scheduler=scheduler,
                             batch_size=batch_size))


def iter_extract(paths: Iterable[str | Path], split: str = "auto", statistical_ner: bool | None = None,
                 on_error: ErrorHandler = _print_error, *, jobs: int = 1, scheduler: str | Any | None = None,
                 batch_size: int = 32, progress: Progress | None = None) -> Iterator[Record]:
    """:func:`extract` as a stream: records come out batch by batch, in input order, as they are done."""
    if jobs <= 1 and scheduler is None and progress is None:
        yield from extract_records(paths, split=split, statistical_ner=statistical_ner, on_error=on_error)
        return
    documents = chars = 0
    for article in iter_articles(paths, split, on_error=_ignore):  # a cheap first pass: how much work
        documents += 1
        chars += len(article.text)
    if progress is not None:
        progress.stage("extract")
        progress.start(documents, chars)
    articles = iter_articles(paths, split, on_error)
    extract_jobs = _useful_jobs(jobs, documents, batch_size)
    tail = extract_jobs if _in_workers(extract_jobs, scheduler) else 0  # the workers' last batches are smaller
    for batch, records, errors in run_batches(batched(articles, batch_size, total=documents, tail=tail),
                                              statistical_ner=statistical_ner, jobs=extract_jobs,
                                              scheduler=scheduler):
        for doc_id, reason in errors:
            on_error(InputError(doc_id, reason))
        if progress is not None:
            progress.advance(len(batch), sum(len(a.text) for a in batch))
        yield from records


class _Stages:
    """Seconds per build stage (scan, extract, resolve, graph, store, validate), told to ``progress`` too."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self._name, self._since = "scan", time.perf_counter()

    def enter(self, name: str) -> None:
        release_freed_memory()
        now = time.perf_counter()
        self.seconds[self._name] = round(now - self._since, 2)
        self._name, self._since = name, now
        if self.progress is not None:
            self.progress.stage(name)

    def finish(self) -> dict[str, float]:
        self.enter("done")
        return self.seconds


def _useful_jobs(jobs: int, documents: int, batch_size: int) -> int:
    """No more processes than batches: starting a worker (spaCy, the pipeline) costs seconds.

    >>> _useful_jobs(4, 40, 32), _useful_jobs(4, 1000, 32)
    (2, 4)
    """
    return max(1, min(jobs, -(-documents // batch_size)))


def _in_workers(jobs: int, scheduler: str | Any | None) -> bool:
    """Whether :func:`kg.parallel.run_batches` extracts in worker processes or on a cluster (else in this one)."""
    return jobs > 1 or scheduler is not None


def _ignore(err: InputError) -> None:
    """Swallows input errors of a second pass over inputs whose errors the first pass reported."""


class _KeptSection(NamedTuple):
    """An unchanged document of a patched build whose record line and Turtle section are copied from the
    previous files (:meth:`kg.cache.GraphWriter.copy_section`): where they are there, and its contribution."""

    section: Any  # kg.cache.Section (kg.cache is imported only by the functions that build)
    contribution: dict[str, Any]


def _scan(paths: Iterable[str | Path], split: str, on_error: ErrorHandler, cache: Any) -> Iterator[tuple[Path, Any]]:
    """Every input file's articles as :class:`kg.cache.ScannedArticle` (content hash, length, path), in input
    order. A file the build cache saw before with the same :func:`kg.cache.scan_signature` is not read again: a
    rebuild reads only new and changed files (the extraction then reads those that hold a document to extract)."""
    from kg.cache import ScannedArticle, content_hash, scan_signature

    items = list(expand_inputs(paths))  # memory: the file list, not the files
    signatures = {str(item): signature for item in items if isinstance(item, Path) and _storable(str(item))
                  if (signature := scan_signature(item)) is not None}
    known = cache.scanned(signatures, split)
    fresh: list[tuple[str, str, str, list[ScannedArticle]]] = []
    for item in items:
        if isinstance(item, InputError):
            on_error(item)
            continue
        name = str(item)
        if name in known:
            for article in known[name]:
                yield item, article
            continue
        articles = [ScannedArticle(content_hash(article), len(article.text), article.path)
                    for _, article in iter_file_articles([item], split, on_error)]
        if articles and name in signatures:  # taken before the read: a file changed meanwhile is read next time
            fresh.append((name, split, signatures[name], articles))
        for article in articles:
            yield item, article
        if len(fresh) >= 500:
            cache.put_scanned(fresh)
            fresh = []
    cache.put_scanned(fresh)


def _storable(name: str) -> bool:
    """Whether a file name can be a key of the build cache (a name that is not UTF-8 on disk cannot)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _account(contribution: dict[str, Any], report: Any, entities: dict[str, set[str]]) -> None:
    """Add one document's report and entities to the build's totals."""
    doc_report = contribution["report"]
    for name in ("documents", "mentions", "relations", "dropped_relations"):
        setattr(report, name, getattr(report, name) + doc_report[name])
    report.warnings.extend(doc_report["warnings"])
    for label, canonicals in contribution["canonicals"].items():
        entities.setdefault(label, set()).update(canonicals)


def build(paths: Iterable[str | Path], outdir: str | Path, split: str = "auto",
          statistical_ner: bool | None = None, validate: bool = False,
          on_error: ErrorHandler = _print_error, *, jobs: int = 1, scheduler: str | Any | None = None,
          batch_size: int = 32, progress: Progress | None = None) -> dict[str, Any]:
    """Extract ``paths``, resolve entities across documents and write ``outdir`` (graph.ttl, graph.nq, the
    Oxigraph store, records.jsonl). Returns a summary: documents, entities and relations per type, seconds,
    and ``processed``/``cached``: documents extracted now / taken from the build cache.

    The build streams: articles go to the pipeline in batches of ``batch_size`` (here, in ``jobs`` local
    processes, or on the Dask cluster at ``scheduler``), each record is cached in ``OUTDIR/build-cache.sqlite``
    as it comes, and the graph is written from per-document N-Quads in sorted runs (in ``jobs`` local processes,
    Dask builds included); memory follows the batch, not the corpus. A rebuild extracts only documents whose
    content (or the pipeline version) changed, and redoes the graph of only those whose resolution changed;
    documents no longer in ``paths`` leave the graph.
    Every output file is replaced by a rename, so a killed build leaves the previous OUTDIR usable.

    >>> import tempfile
    >>> from pathlib import Path
    >>> corpus = Path(tempfile.mkdtemp())
    >>> _ = (corpus / "a.txt").write_text("生态环境部新闻发言人刘友宾介绍了情况。", encoding="utf-8")
    >>> out = corpus / "out"
    >>> first = build([corpus / "a.txt"], out, statistical_ner=False)
    >>> first["processed"], first["cached"], first["relations_by_type"]
    (1, 0, {'affiliated_with': 1})
    >>> second = build([corpus / "a.txt"], out, statistical_ner=False)
    >>> second["processed"], second["cached"]
    (0, 1)
    """
    from kg.cache import (
        PATCH_MAX_CHANGE,
        BuildCache,
        DocumentGraph,
        GraphWriter,
        Section,
        StoreLoaderProcess,
        clean_stale_builds,
        content_hash,
        current_source,
        graph_key,
        section_file_signatures,
        update_store,
    )
    from kg.graph import BuildReport, entities_nquads
    from kg.pipeline import graph_version, pipeline_version

    t0 = time.perf_counter()
    stages = _Stages(progress)
    if split not in {"auto", "none"}:
        raise ValueError(f"unknown split mode {split!r} (expected 'auto' or 'none')")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    clean_stale_builds(outdir)
    cache = BuildCache(outdir, pipeline_version(statistical_ner), graph_version(statistical_ner))
    try:
        # Scan: every document's content hash, in input order, and which of them the cache lacks.
        order: list[str] = []
        chars_of: dict[str, int] = {}
        path_of: dict[str, str] = {}
        file_of: dict[str, Path] = {}
        for file, article in _scan(paths, split, on_error, cache):
            h = article.content_hash
            order.append(h)
            chars_of[h] = article.chars
            path_of[h] = article.path
            file_of[h] = file
        cached = cache.known(order)
        todo = set(order) - cached
        stages.enter("extract")
        if progress is not None:
            progress.start(len(todo), sum(chars_of[h] for h in todo))

        def articles_to_extract() -> Iterator[Article]:
            sent: set[str] = set()
            # Only the files that hold a document to extract are read again: a rebuild after adding one
            # document reads one file here, not the corpus.
            files = list(dict.fromkeys(file_of[h] for h in order if h in todo))
            for article in iter_articles(files, split, on_error=_ignore):
                h = content_hash(article)
                if h in todo and h not in sent:
                    sent.add(h)
                    yield article

        processed = 0
        extract_jobs = _useful_jobs(jobs, len(todo), batch_size)
        in_workers = _in_workers(extract_jobs, scheduler)
        # With several workers the last batches are smaller, so the workers finish together.
        tail = extract_jobs if in_workers else 0
        for batch, rows, errors in run_batches(batched(articles_to_extract(), batch_size, total=len(todo), tail=tail),
                                               statistical_ner=statistical_ner, jobs=extract_jobs,
                                               scheduler=scheduler, task=extract_batch_rows):
            cache.put_extraction_rows(rows)
            processed += len(rows)
            if in_workers:
                release_freed_memory()  # this process's rows; an extraction here trims at each batch itself
            for doc_id, reason in errors:
                on_error(InputError(doc_id, reason))
            if progress is not None:
                progress.advance(len(batch), sum(len(a.text) for a in batch))
        if not in_workers:
            # Extracted here: the pipeline (the NER's ~180 MB) has done its work, and the graph stage's tables
            # should not stack on it.
            from kg.pipeline import release_default_nlp
            release_default_nlp()
        extracted = cache.known(order)
        documents = [h for h in order if h in extracted]  # documents the pipeline failed on are left out

        # Resolve: two passes over per-document entity evidence; only per-name tables stay in memory.
        stages.enter("resolve")
        resolver = EntityResolver()
        for evidence in cache.evidence_of(documents):
            resolver.observe_names(evidence)
        resolver.settle_names()
        for evidence in cache.evidence_of(documents):
            resolver.observe_labels(evidence)
        resolver.settle_labels()

        # Graph: each document's named graph, from the cache when it resolves as before.
        stages.enter("graph")
        report = BuildReport()
        writer = GraphWriter(outdir)
        entities: dict[str, set[str]] = {}
        regraphed = 0
        keys = {h: graph_key(resolver.context_key(names), path_of[h])
                for h, names in zip(documents, cache.names_of(documents), strict=True)}
        # A patched build: the store holds the graph.nq the build cache says it wrote, and few documents changed;
        # then only their named graphs (and the entities graph) are rewritten, in the files and in the store.
        source = current_source(outdir)
        built_source, built = cache.built()
        changed = {h for h in documents if built.get(h, ("", ""))[0] != keys[h]}
        drop_graphs = {graph for h, (key, graph) in built.items() if keys.get(h) != key}
        patching = (source is not None and source == built_source
                    and len(changed) + len(drop_graphs) <= PATCH_MAX_CHANGE * max(len(documents), 1))
        graph_of: dict[str, str] = {}
        # Where each document's record line and Turtle section go in the new records.jsonl and graph.ttl; a patched
        # build copies an unchanged document's from the previous files when they are still what the cache says.
        section_of: dict[str, Section] = {}
        previous_sections = cache.built_sections(outdir) if patching else None
        doc_lines: list[bytes] = []
        # What the previous graph.nq holds of the graphs that go (from the cache, read before this build's graphs
        # replace the rows) lets the patch splice the file; None: it reads every line instead.
        before = cache.built_graph() if patching else None
        dropped_lines: list[bytes] | None = [] if before is not None else None
        if dropped_lines is not None and drop_graphs & {graph for h, (key, graph) in built.items()
                                                        if keys.get(h) == key}:
            dropped_lines = None  # a graph IRI that a kept document shares goes whole: only a full read finds it
        for h, (key, _graph) in built.items():
            if dropped_lines is None:
                break
            if keys.get(h) != key:
                old_nquads = cache.graph_nquads(h, key)
                if old_nquads is None:
                    dropped_lines = None
                else:
                    dropped_lines.extend(old_nquads.splitlines(keepends=True))
        # The graph stage in local processes too when the build has them and enough documents need graphs. A
        # Dask build makes its graphs here as well, on this machine's `jobs` cores: the cluster's workers have
        # nothing left to do once the extraction is in.
        needing = len(documents) if not patching else len(changed)
        graph_jobs = _useful_jobs(jobs, needing, batch_size)
        # A new store (none to patch) in a build with several local processes: loaded in its own process while
        # the graph is made, instead of after it.
        # Its loads run in `graph_jobs` threads: the graph stage keeps the cores busy, and afterwards the runs still
        # queued load side by side instead of on one core while the others wait.
        loader = StoreLoaderProcess(outdir, threads=graph_jobs) if source is None and graph_jobs > 1 else None
        if loader is not None:
            writer.on_run = loader.put_file  # it loads each sorted run of graph.nq from disk
        try:
            def windows() -> Iterator[tuple[tuple[list[tuple[str, Any]], list[str]], list[tuple[bytes, str]]]]:
                # Documents in windows: the window's cache misses are graphed together (in `jobs` processes
                # when there are several, the next window while this one is written), then the window is taken
                # in document order.
                nonlocal dropped_lines
                window = max(1, batch_size) * 4 * max(1, graph_jobs)
                for start in range(0, len(documents), window):
                    todo: list[tuple[str, Any]] = []  # (hash, what the cache holds or None)
                    for h in documents[start:start + window]:
                        if patching and h not in changed:
                            if previous_sections is not None and h in previous_sections:
                                contribution = cache.graph_contribution(h, keys[h])
                                if contribution is not None:
                                    todo.append((h, _KeptSection(previous_sections[h], contribution)))
                                    continue
                            kept = cache.graph_record(h, keys[h])
                            if kept is not None:  # the graph stays in graph.nq and the store as it is
                                todo.append((h, kept))
                                continue
                            drop_graphs.add(built[h][1])  # cache row gone (should not happen): rewrite it
                            dropped_lines = None  # ... and read every line of graph.nq to drop it
                        todo.append((h, cache.graph(h, keys[h])))
                    misses = [h for h, hit in todo if hit is None]
                    # the path as read this time (the cached extraction may come from another spelling of it)
                    yield (todo, misses), [(cache.raw_record_packed(h), path_of[h]) for h in misses]

            def contributions() -> Iterator[dict[str, Any]]:
                nonlocal regraphed
                for (todo, misses), graphs, runs in workers.run_ahead(windows()):
                    made = dict(zip(misses, graphs, strict=True))
                    if made:
                        cache.put_graphs([(h, keys[h], made[h]) for h in misses])
                        regraphed += len(made)
                    for h, hit in todo:
                        if hit is None or isinstance(hit, DocumentGraph):  # made now, or from the cache
                            doc = made[h] if hit is None else hit
                            contribution = doc.contribution
                            graph_of[h] = doc.graph
                            if patching:
                                section_of[h] = writer.add_record_line(doc.record_line, doc.turtle)
                                doc_lines.extend(doc.nquads.splitlines(keepends=True))
                            else:
                                section_of[h] = writer.add_document(doc.record_line, doc.nquads, doc.turtle)
                        elif isinstance(hit, _KeptSection):  # kept, its sections copied from the previous files
                            section_of[h] = writer.copy_section(hit.section)
                            contribution = hit.contribution
                            graph_of[h] = built[h][1]
                        else:  # kept as it is in graph.nq and the store (patched build)
                            line, contribution, turtle = hit
                            section_of[h] = writer.add_record_line(line, turtle)
                            graph_of[h] = built[h][1]
                        _account(contribution, report, entities)
                        yield contribution
                    for run in runs:  # the N-Quads of documents made by worker processes, a sorted run per chunk
                        if patching:
                            doc_lines.extend(run.splitlines(keepends=True))
                        else:
                            writer.add_run(run)
                    release_freed_memory()  # the window's documents are written: their pages go back

            with GraphWorkers(resolver, jobs=graph_jobs) as workers:
                entity_lines = entities_nquads(contributions(), report)
            patch = None
            if patching:
                patch = writer.finish_patch(outdir / "graph.nq", drop_graphs, doc_lines, entity_lines,
                                            dropped_lines=dropped_lines, before=before)
            else:
                if loader is not None:
                    # The loader gets its last input first and loads it (then optimises the store) while this
                    # process merges graph.nq: neither waits for the other's end.
                    writer.spill()
                    loader.put("".join(entity_lines).encode("utf-8"))
                    loader.close()
                writer.finish(entity_lines)
            # written (and kept compressed by the writer): not held through the store stage
            entity_lines = []
            doc_lines.clear()
            stages.enter("store")
            # The store first (patched, or from the difference between the old graph.nq and the new one when
            # small); then the files. A kill in between leaves a store that no longer matches the old graph.nq's
            # stamp, so the next build reloads it in full.
            new_source = writer.source
            store_path, store_update = update_store(outdir, writer.workdir / "graph.nq", patch=patch,
                                                    source=new_source,
                                                    preloaded=loader.finish() if loader is not None else None)
            cache.set_built(new_source, [(h, keys[h], graph_of[h], section_of.get(h)) for h in documents],
                            writer.built_graph(), section_file_signatures(writer.workdir))
            writer.commit()
        except BaseException:
            writer.discard()
            if loader is not None:
                loader.discard()
            raise
        summary: dict[str, Any] = report.as_dict()
        summary.update({"quads": writer.quads, "triples": writer.triples,
                        "graph_nq": str(outdir / "graph.nq"), "graph_ttl": str(outdir / "graph.ttl"),
                        "store": str(store_path), "store_update": store_update})
        cache.prune(set(documents))
    finally:
        cache.close()
    if validate:
        from kg.graph import validate as validate_graph

        stages.enter("validate")
        conforms, shacl_report = validate_graph(outdir)
        summary.update({"conforms": conforms, "shacl_report": shacl_report})
    summary.update({
        "documents": len(documents),
        "processed": processed,
        "cached": len(documents) - processed,
        "regraphed": regraphed,
        "patched": patching,
        "graph_nq_patch": writer.patch_mode,  # how a patched build wrote graph.nq: "spliced" or "merged"
        "entities_by_type": {k: len(v) for k, v in sorted(entities.items())},
        "relations_by_type": dict(sorted(writer.relations_by_type.items())),
        "seconds": round(time.perf_counter() - t0, 2),
        "stage_seconds": stages.finish(),
    })
    return summary


def load(outdir: str | Path, *, in_memory: bool = False) -> Any:
    """The built graph in ``outdir`` as a :class:`kg.store.KnowledgeGraph` (SPARQL, networkx, lookups).

    ``in_memory=True`` copies the graph into memory first: slower to open, faster for aggregate queries."""
    from kg.store import load as _load

    return _load(outdir, in_memory=in_memory)

