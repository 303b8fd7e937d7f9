"""The build cache of an OUTDIR and the streaming writer of its graph files.

**Cache.** ``OUTDIR/build-cache.sqlite`` remembers, per document content hash (:func:`content_hash`: doc id,
title, source, start offset and text), the raw extraction record and, per graph key (:func:`graph_key`: what
the cross-document resolver decided about the document's names, :meth:`kg.resolve.EntityResolver.context_key`,
and the path the document was read from), the resolved record and its named graph as N-Quads. It is stamped
with :func:`kg.pipeline.pipeline_version`; another version empties it, so a changed pipeline rebuilds
everything. It is also stamped with :func:`kg.pipeline.graph_version`; another one (the code that makes graphs
of records changed) drops the graphs and keeps the extractions, which are most of a build's work. The cache is
a memo keyed by content, never the state of the build: a build killed at any point
leaves an OUTDIR whose files all belong to the previous build, and a cache that is still right. It also
records which documents the current ``graph.nq`` holds (:meth:`BuildCache.built`), so that a rebuild that
changes few of them can patch ``graph.nq`` and the store instead of rewriting them.

**Graph files.** :class:`GraphWriter` takes each document's sorted N-Quads lines, spills sorted runs of a
bounded size into ``OUTDIR/.kg-build-*/`` (the per-batch shards), and at the end merges the runs with the
entities graph into ``graph.nq`` (sorted, unique: the same bytes :func:`kg.graph.write_graph` writes). Each
document's Turtle section (:func:`kg.graph.turtle_section`, made and cached with its N-Quads) is appended to
``graph.ttl`` as it comes, the entities graph's section last. Memory is one run, not the corpus.

>>> import tempfile
>>> from pathlib import Path
>>> cache = BuildCache(Path(tempfile.mkdtemp()), "v1")
>>> record = {"doc": "d", "title": "", "source": "", "path": "", "raw_start": 0, "text": "中科院",
...           "entities": [], "relations": [], "goal_attributes": []}
>>> cache.put_extractions([record])
>>> cache.known([content_hash(record)]) == {content_hash(record)}
True
>>> BuildCache(cache.path.parent, "v1", "g2").known([content_hash(record)]) == {content_hash(record)}
True
>>> BuildCache(cache.path.parent, "v2").known([content_hash(record)])   # another pipeline version
set()
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import mmap
import os
import shutil
import sqlite3
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from kg.resolve import entity_evidence, record_names
from kg.split import Article

Record = dict[str, Any]
CACHE_FILENAME = "build-cache.sqlite"
BUILD_PREFIX = ".kg-build-"
#: The layout of the cache's tables; a cache written with another layout is emptied and made anew.
CACHE_SCHEMA = "3"  # 3: contributions by column (kg.graph.document_nquads), sections of the built files

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS extraction (
    content_hash TEXT PRIMARY KEY, record BLOB NOT NULL, evidence TEXT NOT NULL, names TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS graph (
    content_hash TEXT PRIMARY KEY, context_key TEXT NOT NULL, record BLOB NOT NULL, nquads BLOB NOT NULL,
    contribution TEXT NOT NULL, turtle BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS built (
    content_hash TEXT PRIMARY KEY, context_key TEXT NOT NULL, graph TEXT NOT NULL,
    record_at INTEGER NOT NULL, record_len INTEGER NOT NULL, turtle_at INTEGER NOT NULL, turtle_len INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS scanned (
    path TEXT NOT NULL, split TEXT NOT NULL, signature TEXT NOT NULL, articles TEXT NOT NULL,
    PRIMARY KEY (path, split));
"""


class DocumentGraph(NamedTuple):
    """What the graph stage makes of one document (:func:`kg.parallel.graph_document`) and the cache keeps."""

    #: The resolved record as a JSON line (``records.jsonl``).
    record_line: str
    #: The document's named graph: sorted, unique N-Quads lines as UTF-8.
    nquads: bytes
    #: ``nquads`` compressed, as the cache stores it.
    packed: bytes
    #: Its contribution to the entities graph (:func:`kg.graph.document_nquads`), report and canonical names.
    contribution: dict[str, Any]
    #: The named graph as a ``graph.ttl`` section (:func:`kg.graph.turtle_section`).
    turtle: bytes
    #: The named graph's term, ``<IRI>``.
    graph: str
    #: The cache row's compressed record, contribution JSON and compressed Turtle when a graph worker made them
    #: (:func:`cache_fields`), so the main process only inserts them.
    cache_row: tuple[bytes, str, bytes] | None = None


def cache_fields(doc: DocumentGraph) -> tuple[bytes, str, bytes]:
    """What the build cache stores of a document graph besides its compressed N-Quads."""
    return _pack(doc.record_line), json.dumps(doc.contribution, ensure_ascii=False), zlib.compress(doc.turtle, 1)


#: A raw record as the cache stores it: (content hash, compressed JSON, resolver evidence, names), both JSON.
ExtractionRow = tuple[str, bytes, str, str]


def extraction_rows(records: Iterable[Record]) -> list[ExtractionRow]:
    """The cache rows of raw records: made where the records were extracted (a worker process), so that the
    main process of a parallel build only inserts them."""
    return [(content_hash(rec), _pack(json.dumps(rec, ensure_ascii=False)),
             json.dumps(entity_evidence(rec), ensure_ascii=False),
             json.dumps(record_names(rec), ensure_ascii=False)) for rec in records]


def content_hash(item: Article | Record) -> str:
    """SHA-256 of everything an article's extraction depends on besides the pipeline: id, title, source, start
    offset, text. An :class:`~kg.split.Article` and the record extracted from it hash alike. The file's path is
    left out: a corpus read as ``corpus/`` once and as ``/data/corpus/`` the next time is not extracted again
    (the path goes into the graph-cache key instead, see :func:`graph_key`).

    >>> content_hash(Article("d", "正文")) == content_hash({"doc": "d", "text": "正文", "raw_start": 0,
    ...                                                     "title": "", "source": "", "path": "x/d.txt"})
    True
    """
    if isinstance(item, Article):
        fields = [item.doc_id, item.title, item.source, item.raw_start, item.text]
    else:
        fields = [item["doc"], item.get("title") or "", item.get("source") or "", item.get("raw_start") or 0,
                  item["text"]]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def graph_key(context_key: str, path: str) -> str:
    """What a document's cached named graph depends on besides its content: how the cross-document resolution
    treated its names (``context_key``) and the path it was read from (``kg:sourcePath``)."""
    return f"{context_key}|{path}"


def _pack(text: str) -> bytes:
    # Level 1: N-Quads and records shrink ~5-10x at a few hundred MB/s, far cheaper than the disk they save.
    return zlib.compress(text.encode("utf-8"), 1)


def _unpack(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


class BuildCache:
    """Raw extraction records and per-document graphs of one OUTDIR, keyed by content (see the module doc)."""

    def __init__(self, outdir: Path, pipeline_version: str, graph_version: str = "") -> None:
        self.path = Path(outdir) / CACHE_FILENAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        schema = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if schema is None or schema[0] != CACHE_SCHEMA:
            with self._db:
                for table in ("extraction", "graph", "built", "scanned"):
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
                self._db.execute("DELETE FROM meta")
                self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (CACHE_SCHEMA,))
        self._db.executescript(_SCHEMA)
        #: True when the cache was emptied because the pipeline changed (or it is new).
        self.invalidated = self._restamp("pipeline_version", pipeline_version,
                                         ("extraction", "graph", "built", "scanned"))
        #: True when the graphs were dropped (and the extractions kept) because the graph code changed.
        self.graphs_invalidated = self._restamp("graph_version", graph_version, ("graph", "built", "scanned"))

    def _restamp(self, key: str, version: str, tables: tuple[str, ...]) -> bool:
        """Empty ``tables`` (and forget which graph.nq was built) unless the cache is stamped ``key`` =
        ``version``; then stamp it. True when it was emptied."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is not None and row[0] == version:
            return False
        with self._db:
            for table in tables:
                self._db.execute(f"DELETE FROM {table}")
            self._db.execute("DELETE FROM meta WHERE key IN ('built_source', 'built_counts', 'built_entities')")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, version))
        return True

    def close(self) -> None:
        self._db.close()

    def known(self, hashes: Iterable[str]) -> set[str]:
        """The hashes among ``hashes`` whose extraction is cached."""
        found: set[str] = set()
        chunk: list[str] = []
        for h in hashes:
            chunk.append(h)
            if len(chunk) == 500:
                found.update(self._known_chunk(chunk))
                chunk = []
        if chunk:
            found.update(self._known_chunk(chunk))
        return found

    def _known_chunk(self, chunk: list[str]) -> Iterator[str]:
        marks = ",".join("?" * len(chunk))
        for (h,) in self._db.execute(f"SELECT content_hash FROM extraction WHERE content_hash IN ({marks})", chunk):
            yield h

    def put_extractions(self, records: Iterable[Record]) -> None:
        """Store raw records (one transaction: a killed build keeps whole batches or nothing)."""
        self.put_extraction_rows(extraction_rows(records))

    def put_extraction_rows(self, rows: list[ExtractionRow]) -> None:
        """Store rows made by :func:`extraction_rows` (in the processes that extracted the records)."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO extraction VALUES (?, ?, ?, ?)", rows)

    def evidence(self, h: str) -> list[tuple[str, str, float]]:
        """The resolver's input for one document: (canonical, label, confidence) per mention."""
        (text,) = self._db.execute("SELECT evidence FROM extraction WHERE content_hash = ?", (h,)).fetchone()
        return [(str(name), str(label), float(confidence)) for name, label, confidence in json.loads(text)]

    def evidence_of(self, hashes: Iterable[str]) -> Iterator[list[tuple[str, str, float]]]:
        """:meth:`evidence` of each of ``hashes`` in turn, read 500 documents a query (a rebuild reads every
        document's evidence twice, and one query per document was most of that)."""
        for text in self._column_in_order("evidence", hashes):
            yield [(str(name), str(label), float(confidence)) for name, label, confidence in json.loads(text)]

    def names_of(self, hashes: Iterable[str]) -> Iterator[list[str]]:
        """:meth:`names` of each of ``hashes`` in turn, read as :meth:`evidence_of` reads."""
        for text in self._column_in_order("names", hashes):
            yield list(json.loads(text))

    def _column_in_order(self, column: str, hashes: Iterable[str], chunk: int = 500) -> Iterator[str]:
        # Memory: one chunk of rows. A hash the table lacks is a KeyError, as the one-row readers fail.
        pending = iter(hashes)
        while batch := list(itertools.islice(pending, chunk)):
            marks = ",".join("?" * len(batch))
            found = dict(self._db.execute(
                f"SELECT content_hash, {column} FROM extraction WHERE content_hash IN ({marks})", batch))
            for h in batch:
                yield found[h]

    def scanned(self, signatures: dict[str, str], split: str) -> dict[str, list[ScannedArticle]]:
        """What an earlier scan found in each input file (``path`` -> :func:`scan_signature`) that is still the
        file it read: its articles' content hashes, lengths and printable paths, in order."""
        found: dict[str, list[ScannedArticle]] = {}
        paths = iter(signatures)
        while batch := list(itertools.islice(paths, 500)):
            marks = ",".join("?" * len(batch))
            for path, signature, articles in self._db.execute(
                    f"SELECT path, signature, articles FROM scanned WHERE split = ? AND path IN ({marks})",
                    [split, *batch]):
                if signature == signatures[path]:
                    found[path] = [ScannedArticle(*article) for article in json.loads(articles)]
        return found

    def put_scanned(self, rows: Iterable[tuple[str, str, str, list[ScannedArticle]]]) -> None:
        """Remember (path, split mode, :func:`scan_signature`, its articles) of files read by a scan."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO scanned VALUES (?, ?, ?, ?)",
                                 ((path, split, signature, json.dumps(articles, ensure_ascii=False))
                                  for path, split, signature, articles in rows))

    def names(self, h: str) -> list[str]:
        (text,) = self._db.execute("SELECT names FROM extraction WHERE content_hash = ?", (h,)).fetchone()
        return list(json.loads(text))

    def raw_record(self, h: str) -> Record:
        return dict(json.loads(_unpack(self.raw_record_packed(h))))

    def raw_record_packed(self, h: str) -> bytes:
        """The raw record as stored: compressed JSON (what graph workers take, see :func:`_unpack`)."""
        (blob,) = self._db.execute("SELECT record FROM extraction WHERE content_hash = ?", (h,)).fetchone()
        return bytes(blob)

    def graph(self, h: str, context_key: str) -> DocumentGraph | None:
        """The cached graph of a document, if it was resolved alike."""
        row = self._db.execute("SELECT record, nquads, contribution, turtle FROM graph "
                               "WHERE content_hash = ? AND context_key = ?", (h, context_key)).fetchone()
        if row is None:
            return None
        record_line, packed, contribution, turtle = row
        nquads = zlib.decompress(packed)
        graph = _graph_term(nquads[: nquads.index(b"\n") + 1].decode("utf-8")) if nquads else ""
        return DocumentGraph(_unpack(record_line), nquads, packed, json.loads(contribution), zlib.decompress(turtle),
                             graph)

    def graph_contribution(self, h: str, context_key: str) -> dict[str, Any] | None:
        """Only the contribution of a cached graph: what a patched build needs of an unchanged document whose
        record line and Turtle section it copies from the previous files (:meth:`built_sections`)."""
        row = self._db.execute("SELECT contribution FROM graph WHERE content_hash = ? AND context_key = ?",
                               (h, context_key)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def graph_record(self, h: str, context_key: str) -> tuple[str, dict[str, Any], bytes] | None:
        """Like :meth:`graph` without the N-Quads: what a patched build needs of an unchanged document."""
        row = self._db.execute("SELECT record, contribution, turtle FROM graph "
                               "WHERE content_hash = ? AND context_key = ?", (h, context_key)).fetchone()
        if row is None:
            return None
        return _unpack(row[0]), json.loads(row[1]), zlib.decompress(row[2])

    def built(self) -> tuple[str | None, dict[str, tuple[str, str]]]:
        """What the last finished build wrote: the SHA-256 of its ``graph.nq`` and, per document content hash,
        (context key, named-graph IRI). A build whose ``graph.nq`` and store match that hash can patch them."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'built_source'").fetchone()
        docs = {h: (key, graph) for h, key, graph in self._db.execute("SELECT content_hash, context_key, graph "
                                                                       "FROM built")}
        return (row[0] if row else None), docs

    def built_sections(self, outdir: Path) -> dict[str, Section] | None:
        """Where each document's record line and Turtle section lie in ``OUTDIR/records.jsonl`` and
        ``OUTDIR/graph.ttl`` (:class:`Section`), if both files are still the ones the last build wrote (their size
        and modification time as :meth:`set_built` recorded them; renames keep both). None otherwise: a file
        edited, replaced or gone since is not copied from."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'built_files'").fetchone()
        try:
            if row is None or json.loads(row[0]) != [_file_signature(outdir / name) for name in SECTION_FILES]:
                return None
        except OSError:
            return None
        return {h: Section(*span) for h, *span in self._db.execute(
            "SELECT content_hash, record_at, record_len, turtle_at, turtle_len FROM built WHERE record_at >= 0")}

    def set_built(self, source: str, rows: Iterable[tuple[str, str, str, Section | None]],
                  graph: BuiltGraph | None = None, files: list[str] | None = None) -> None:
        """Record (content hash, context key, graph IRI, its :class:`Section` or None) of every document in the
        ``graph.nq`` hashed ``source``, what the build knows of that file (``graph``) and the signatures of the
        ``records.jsonl`` and ``graph.ttl`` the sections are in (``files``: :func:`section_file_signatures`), in
        one transaction."""
        unknown = Section(-1, 0, -1, 0)
        with self._db:
            self._db.execute("DELETE FROM built")
            self._db.executemany("INSERT OR REPLACE INTO built VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 ((h, key, graph_iri, *(section or unknown)) for h, key, graph_iri, section in rows))
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('built_source', ?)", (source,))
            self._db.execute("DELETE FROM meta WHERE key IN ('built_counts', 'built_entities', 'built_files')")
            if files is not None:
                self._db.execute("INSERT INTO meta VALUES ('built_files', ?)", (json.dumps(files),))
            if graph is not None:
                counts = {"quads": graph.quads, "triples": graph.triples, "relations_by_type": graph.relations_by_type}
                self._db.executemany("INSERT INTO meta VALUES (?, ?)", [
                    ("built_counts", json.dumps(counts)),
                    ("built_entities", graph.entities_packed)])

    def built_graph(self) -> BuiltGraph | None:
        """What the last finished build recorded of its ``graph.nq`` (:meth:`set_built`), if anything."""
        rows = dict(self._db.execute("SELECT key, value FROM meta WHERE key IN ('built_counts', 'built_entities')"))
        if len(rows) != 2:
            return None
        counts = json.loads(rows["built_counts"])
        return BuiltGraph(counts["quads"], counts["triples"], counts["relations_by_type"], rows["built_entities"])

    def graph_nquads(self, h: str, context_key: str) -> bytes | None:
        """The N-Quads of a document's cached graph (UTF-8 lines), if it was resolved alike."""
        row = self._db.execute("SELECT nquads FROM graph WHERE content_hash = ? AND context_key = ?",
                               (h, context_key)).fetchone()
        return None if row is None else zlib.decompress(row[0])

    def put_graphs(self, rows: Iterable[tuple[str, str, DocumentGraph]]) -> None:
        """Store (hash, context key, document graph) rows."""
        packed = [(h, key, record, doc.packed, contribution, turtle)
                  for h, key, doc in rows
                  for record, contribution, turtle in [doc.cache_row or cache_fields(doc)]]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO graph VALUES (?, ?, ?, ?, ?, ?)", packed)

    def prune(self, keep: set[str]) -> int:
        """Forget documents that are no longer inputs; returns how many were dropped."""
        dropped = [h for (h,) in self._db.execute("SELECT content_hash FROM extraction") if h not in keep]
        with self._db:
            self._db.executemany("DELETE FROM extraction WHERE content_hash = ?", ((h,) for h in dropped))
            self._db.executemany("DELETE FROM graph WHERE content_hash = ?", ((h,) for h in dropped))
        return len(dropped)


#: A rebuild patches graph.nq and the store in place of rewriting them when at most this share of the documents
#: changed (their named graphs are rewritten; the rest is copied from the previous graph.nq).
PATCH_MAX_CHANGE = 0.25
#: Above this share of changed quads a fresh bulk load beats patching a copy of the store.
INCREMENTAL_STORE_MAX_CHANGE = 0.25
#: Next to ``store/``: the SHA-256 of the ``graph.nq`` the store holds (absent: unknown, so reload it all),
#: then that file's size and modification time.
STORE_STAMP = "store.source"
#: The Oxigraph store in OUTDIR, the temporary directory a new one is built in, and where the old one waits
#: while they change places (kg.store shares these names and the cleanup).
STORE_DIRNAME = "store"
STORE_BUILD_PREFIX = ".store-build-"
STORE_OLD_PREFIX = ".store-old-"


def clean_stale_stores(outdir: Path) -> None:
    """Remove leftovers of killed builds: temporary store directories, and the previous store of an
    interrupted swap (only once the new one is in place)."""
    for path in outdir.glob(f"{STORE_BUILD_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)
    if (outdir / STORE_DIRNAME).is_dir():
        for path in outdir.glob(f"{STORE_OLD_PREFIX}*"):
            shutil.rmtree(path, ignore_errors=True)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def diff_sorted_lines(old: Path, new: Path, removed: Path, added: Path) -> tuple[int, int, int]:
    """Write the lines only in ``old`` to ``removed`` and those only in ``new`` to ``added`` (both inputs
    sorted and unique, like ``graph.nq``); returns (removed, added, lines of new).

    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "old").write_text("a\\nb\\nd\\n"), (d / "new").write_text("b\\nc\\nd\\ne\\n")
    >>> diff_sorted_lines(d / "old", d / "new", d / "removed", d / "added")
    (1, 2, 4)
    >>> (d / "removed").read_text(), (d / "added").read_text()
    ('a\\n', 'c\\ne\\n')
    """
    n_removed = n_added = n_new = 0
    with old.open("rb") as old_lines, new.open("rb") as new_lines, removed.open("wb") as gone, \
            added.open("wb") as came:
        a, b = old_lines.readline(), new_lines.readline()
        while a or b:
            if b and (not a or b < a):
                came.write(b)
                n_added += 1
                n_new += 1
                b = new_lines.readline()
            elif a and (not b or a < b):
                gone.write(a)
                n_removed += 1
                a = old_lines.readline()
            else:
                n_new += 1
                a, b = old_lines.readline(), new_lines.readline()
    return n_removed, n_added, n_new


# Every bulk load in this module reads N-Quads this build wrote itself (kg.graph makes every term, and tests parse
# graph.nq strictly), so Oxigraph's lenient mode skips re-validating IRIs and language tags: ~20 % less CPU.


def _bulk_load_in_chunks(store: Any, nquads: Path, chunk_lines: int) -> None:
    # Oxigraph's bulk loader holds one call's input in memory (measured: ~4 bytes per N-Quads byte, 520 MB
    # for the 120 MB graph.nq of a 10 MB corpus); 20,000-line calls (~4 MB) stay under ~20 MB at the same
    # speed, so the build's peak memory does not grow with the graph (SCALE.md).
    with nquads.open("rb") as handle:
        for chunk in _chunks(handle, chunk_lines):
            store.bulk_load(b"".join(chunk), format=_n_quads(), lenient=True)


def _n_quads() -> Any:
    import pyoxigraph as ox

    return ox.RdfFormat.N_QUADS


def _copy_store(source: Path, target: Path) -> None:
    # RocksDB never rewrites a table file (.sst) once written, so a hard link is a safe, instant copy; the
    # manifest, logs and options change in place and are copied.
    for path in source.iterdir():
        if path.suffix == ".sst":
            try:
                os.link(path, target / path.name)
                continue
            except OSError:
                pass
        shutil.copy2(path, target / path.name)


#: The files a build writes one section per document into, in document order (:class:`Section`).
SECTION_FILES = ("records.jsonl", "graph.ttl")


class Section(NamedTuple):
    """Where one document's record line lies in ``records.jsonl`` and its section in ``graph.ttl`` (bytes)."""

    record_at: int
    record_len: int
    turtle_at: int
    turtle_len: int


def section_file_signatures(directory: Path) -> list[str]:
    """Size and modification time of the section files in ``directory`` (a build's work directory before the
    rename into OUTDIR, which keeps both), for :meth:`BuildCache.built_sections` to compare."""
    return [_file_signature(directory / name) for name in SECTION_FILES]


def _copy_range(source: Any, target: Any, start: int, end: int, block: int = 4 << 20) -> None:
    """Append bytes [start, end) of the open file ``source`` to the open file ``target`` (flushed): in the kernel
    where it can (``copy_file_range``, writing at and advancing ``target``'s offset), else through a buffer."""
    done = start
    while done < end:
        try:
            sent = os.copy_file_range(source.fileno(), target.fileno(), end - done, done)
        except (AttributeError, OSError):  # no copy_file_range here (or not between these files)
            sent = 0
        if not sent:
            source.seek(done)
            data = source.read(min(block, end - done))
            if not data:
                raise OSError(f"{source.name}: shorter than the build cache says")
            target.write(data)
            target.flush()
            sent = len(data)
        done += sent


class ScannedArticle(NamedTuple):
    """One article of an input file as a build's scan sees it (:meth:`BuildCache.scanned`)."""

    content_hash: str
    chars: int
    path: str


#: A file changed less than this many seconds before a scan is read again by the next one, whatever its
#: signature says: two writes within one tick of the file system's clock can leave size and times alike.
SCAN_MEMO_MIN_AGE = 2.0


def scan_signature(path: Path) -> str | None:
    """What tells an input file changed since a scan read it: size, modification and change times (the change
    time moves with every write and cannot be set back by hand) and inode; None (read it again) for a file
    changed within :data:`SCAN_MEMO_MIN_AGE` seconds, or one that cannot be looked at."""
    try:
        info = path.stat()
    except OSError:
        return None
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < SCAN_MEMO_MIN_AGE * 1e9:
        return None
    return f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}"


def _file_signature(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size} {info.st_mtime_ns}"


def current_source(outdir: Path) -> str | None:
    """The SHA-256 of ``OUTDIR/graph.nq`` when ``OUTDIR/store`` is known to hold it, else None.

    The stamp also records the file's size and modification time; while they match, the file is the one the
    stamp was written for (renames keep both) and is not hashed again (a 200 MB graph.nq takes ~0.4 s)."""
    stamp, previous = outdir / STORE_STAMP, outdir / "graph.nq"
    if not ((outdir / STORE_DIRNAME).is_dir() and previous.is_file() and stamp.is_file()):
        return None
    source, _, signature = stamp.read_text(encoding="utf-8").strip().partition(" ")
    if signature and signature == _file_signature(previous):
        return source
    return source if source == sha256_file(previous) else None


def watch_parent(pid: int, interval: float = 1.0) -> None:
    """End this worker process soon after the build process ``pid`` is gone.

    A build killed outright (SIGKILL, the out-of-memory killer) tells its workers nothing. Each worker holds
    both ends of its own task pipe, so it never sees the pipe close and would wait for work forever, keeping
    its memory and the fork server that started it. A daemon thread checks every ``interval`` seconds
    whether ``pid`` is still alive and exits the process when it is not.
    """
    import threading

    def watch() -> None:
        while True:
            time.sleep(interval)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # alive, under another user (a reused pid): keep watching
                pass

    threading.Thread(target=watch, name="kg-watch-parent", daemon=True).start()


def _load_store(directory: str, chunks: Any, result: Any, parent: int | None = None, threads: int = 1) -> None:
    """The loader process of :class:`StoreLoaderProcess`: bulk-load chunks (N-Quads bytes, or the path of an
    N-Quads file) until ``b""``, in ``threads`` threads at once, then optimise. ``parent``: the build process,
    watched (:func:`watch_parent`).

    One ``bulk_load`` parses and writes on about one core, and releases the GIL: loads of different chunks into
    one store run side by side (a store is a set, so their order does not matter; no chunk deletes anything)."""
    import threading

    import pyoxigraph as ox

    if parent is not None:
        watch_parent(parent)
    errors: list[BaseException] = []
    store: Any = None
    try:
        store = ox.Store(directory)
    except BaseException as error:
        errors.append(error)

    def load() -> None:
        while chunk := chunks.get():
            if errors:  # drain to the end mark, so the building process never blocks on a full queue
                continue
            try:
                if isinstance(chunk, str):
                    store.bulk_load(path=chunk, format=ox.RdfFormat.N_QUADS, lenient=True)
                else:
                    store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS, lenient=True)
            except BaseException as error:  # reported to the building process by finish()
                errors.append(error)
        chunks.put(b"")  # the end mark, passed on to the next thread (the last one leaves it in the queue)

    loaders = [threading.Thread(target=load, name=f"kg-store-load-{k}") for k in range(max(1, threads) - 1)]
    for thread in loaders:
        thread.start()
    load()
    for thread in loaders:
        thread.join()
    try:
        if not errors:
            store.optimize()
            store.flush()
    except BaseException as error:
        errors.append(error)
    store = None  # closed (RocksDB's lock released) before the building process opens the directory
    result.put(f"{type(errors[0]).__name__}: {errors[0]}" if errors else "")


class StoreLoaderProcess:
    """Bulk-loads a full build's N-Quads into a new store in another process while the graph is being made.

    It runs beside the graph stage on the build's other cores (pyoxigraph 0.5's ``bulk_load`` releases the GIL,
    measured, so a thread would overlap too; a process also hands RocksDB's memory back when it ends). Only
    builds with several processes use it: a one-process build loads the store after the graph stage (where
    Oxigraph's loader itself runs two threads). Feed N-Quads (any order: a store is a set) with :meth:`put`, or
    the sorted runs the :class:`GraphWriter` spills with :meth:`put_file` (read there, not sent through a pipe);
    :meth:`close` ends the input (the loader then optimises the store while the caller goes on), :meth:`finish`
    waits and returns the store's directory (a temporary one, which :func:`update_store` swaps into place).
    """

    def __init__(self, outdir: Path, chunk_bytes: int = 4 << 20, max_pending: int = 8, threads: int = 1) -> None:
        from kg.workers import worker_context

        clean_stale_stores(outdir)
        self.directory = Path(tempfile.mkdtemp(prefix=STORE_BUILD_PREFIX, dir=outdir))
        context = worker_context()  # the build's own: started with the pipeline preloaded for its workers
        self._chunks: Any = context.Queue(maxsize=max_pending)
        self._result: Any = context.Queue()
        self._process = context.Process(target=_load_store,
                                        args=(str(self.directory), self._chunks, self._result, os.getpid(),
                                              threads),
                                        name="kg-store-load", daemon=True)
        self._process.start()
        self._pending: list[bytes] = []
        self._size = 0
        self._chunk_bytes = chunk_bytes
        self._closed = False

    def put(self, nquads: bytes) -> None:
        """Some N-Quads lines (whole lines); sent on in chunks of ``chunk_bytes`` (~20,000 lines of 4 MB)."""
        self._pending.append(nquads)
        self._size += len(nquads)
        if self._size >= self._chunk_bytes:
            self._send()

    def put_file(self, path: Path) -> None:
        """An N-Quads file, read by the loader process itself (nothing passes through this one); it must stay
        until :meth:`finish` returns."""
        self._chunks.put(str(path))

    def _send(self) -> None:
        if self._pending:
            self._chunks.put(b"".join(self._pending))
            self._pending, self._size = [], 0

    def close(self) -> None:
        """No more input: the loader loads what it has and optimises the store while this process goes on."""
        if not self._closed:
            self._send()
            self._chunks.put(b"")
            self._closed = True

    def finish(self) -> Path:
        self.close()
        error = self._result.get()
        self._process.join()
        if error:
            raise RuntimeError(f"loading the store failed: {error}")
        return self.directory

    def discard(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        shutil.rmtree(self.directory, ignore_errors=True)


def update_store(outdir: Path, nquads: Path, *, chunk_lines: int = 20_000,
                 max_changed_fraction: float | None = None, patch: StorePatch | None = None,
                 source: str | None = None, preloaded: Path | None = None) -> tuple[Path, str]:
    """Make ``OUTDIR/store`` hold ``nquads`` and return (its path, ``"incremental"`` or ``"full"``).

    When the current store is known to hold ``OUTDIR/graph.nq`` (:data:`STORE_STAMP`) and the two graphs
    differ in at most ``max_changed_fraction`` of the quads, a copy of the store gets the difference (quads
    removed, quads added: a changed or removed document's named graph goes, the entities graph is patched);
    otherwise a fresh store is bulk-loaded in chunks. Either way the new store is built in a temporary
    directory and swapped in as :func:`kg.store.build_store` does (same temporary and old-store names, which
    :func:`kg.store.load` and the next build know), so a killed build leaves the old store usable. With
    ``patch`` (a patched build, which knows the change and has checked that the store holds the previous
    ``graph.nq``) the copy gets the patch, with no diff of the files. ``source``: the SHA-256 of ``nquads``
    when the caller has it. ``preloaded``: a store directory that already holds ``nquads``
    (:class:`StoreLoaderProcess`), swapped in as it is.
    """
    import pyoxigraph as ox

    if max_changed_fraction is None:
        max_changed_fraction = INCREMENTAL_STORE_MAX_CHANGE
    final = outdir / STORE_DIRNAME
    stamp = outdir / STORE_STAMP
    previous = outdir / "graph.nq"
    mode = "full"
    if preloaded is not None:
        build_dir = preloaded
    else:
        clean_stale_stores(outdir)
        build_dir = Path(tempfile.mkdtemp(prefix=STORE_BUILD_PREFIX, dir=outdir))
    try:
        # The difference goes next to the new graph.nq (the build's work directory, removed with it).
        removed_path, added_path = nquads.parent / "removed.nq", nquads.parent / "added.nq"
        try:
            if patch is not None:
                mode = "incremental"
            elif preloaded is None and current_source(outdir) is not None:
                n_removed, n_added, n_new = diff_sorted_lines(previous, nquads, removed_path, added_path)
                if n_removed + n_added <= max_changed_fraction * max(n_new, 1):
                    mode = "incremental"
            store: Any = None
            if preloaded is not None:
                pass
            elif patch is not None:
                _copy_store(final, build_dir)
                store = ox.Store(str(build_dir))
                for graph in patch.drop_graphs:
                    store.remove_graph(ox.NamedNode(graph[1:-1]))
                if patch.removed:
                    for quad in ox.parse(b"".join(patch.removed), format=ox.RdfFormat.N_QUADS):
                        store.remove(quad)
                if patch.added:
                    store.bulk_load(b"".join(patch.added), format=ox.RdfFormat.N_QUADS, lenient=True)
            elif mode == "incremental":
                _copy_store(final, build_dir)
                store = ox.Store(str(build_dir))
                for quad in ox.parse(path=str(removed_path), format=ox.RdfFormat.N_QUADS):
                    store.remove(quad)
                _bulk_load_in_chunks(store, added_path, chunk_lines)
            else:
                store = ox.Store(str(build_dir))
                _bulk_load_in_chunks(store, nquads, chunk_lines)
                store.optimize()
            if store is not None:
                store.flush()
            del store  # release the database before it is renamed
        finally:
            removed_path.unlink(missing_ok=True)
            added_path.unlink(missing_ok=True)
        # No stamp while the stores change places: a kill in between means "unknown", never a wrong stamp.
        stamp.unlink(missing_ok=True)
        old = outdir / f"{STORE_OLD_PREFIX}{os.getpid()}-{time.time_ns()}"
        if final.exists():
            os.rename(final, old)
        os.rename(build_dir, final)
        shutil.rmtree(old, ignore_errors=True)
        clean_stale_stores(outdir)
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    fd, tmp = tempfile.mkstemp(dir=outdir, prefix=f".{STORE_STAMP}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"{source or sha256_file(nquads)} {_file_signature(nquads)}\n")
    os.chmod(tmp, 0o644)  # mkstemp makes it private; the other outputs are world-readable
    os.replace(tmp, stamp)
    return final, mode


def clean_stale_builds(outdir: Path) -> None:
    """Remove the temporary directories of builds that were killed."""
    for path in outdir.glob(f"{BUILD_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)


def _chunks(lines: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    iterator = iter(lines)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def merge_chunks(sources: list[Iterator[list[bytes]]]) -> Iterator[list[bytes]]:
    """Merge sorted sources, each given as sorted chunks of lines, into sorted chunks.

    Each round takes, from every source's current chunk, the lines up to the smallest last line among the
    chunks (no later line of any source can sort before them), and sorts them together: the round's runs are
    merged by Timsort in C, not line by line in Python as :func:`heapq.merge` does.

    >>> [b"".join(chunk) for chunk in merge_chunks([iter([[b"a", b"d"], [b"e"]]), iter([[b"b", b"c", b"f"]])])]
    [b'abcd', b'e', b'f']
    """
    buffers: list[list[bytes]] = []
    positions: list[int] = []
    for source in sources:
        buffers.append(next(source, []))
        positions.append(0)
    while True:
        for i, source in enumerate(sources):  # refill the chunks taken whole
            while positions[i] == len(buffers[i]):
                chunk = next(source, None)
                if chunk is None:
                    break
                buffers[i], positions[i] = chunk, 0
        pending = [i for i in range(len(sources)) if positions[i] < len(buffers[i])]
        if not pending:
            return
        bound = min(buffers[i][-1] for i in pending)
        taken: list[bytes] = []
        for i in pending:
            end = bisect.bisect_right(buffers[i], bound, lo=positions[i])
            taken.extend(buffers[i][positions[i]:end])
            positions[i] = end
        taken.sort()
        yield taken


def _graph_term(line: str) -> str:
    """The graph term of an N-Quads line (``<IRI>``); the line ends with it, then `` .``."""
    return line[line.rindex(" <", 0, len(line) - 3) + 1 : len(line.rstrip("\n")) - 2]


@dataclass
class BuiltGraph:
    """What a build knows of the ``graph.nq`` it wrote, kept in the build cache (:meth:`BuildCache.set_built`)
    so that the next patched build can splice the file (copy the unchanged bytes, delete and insert lines)
    instead of reading every line of it: its counts and the entities graph's lines (sorted, UTF-8, compressed:
    the build holds them until it ends)."""

    quads: int
    triples: int
    relations_by_type: dict[str, int]
    entities_packed: bytes

    def entity_lines(self) -> list[bytes]:
        return zlib.decompress(self.entities_packed).splitlines(keepends=True)


def _lower_bound(data: Any, key: bytes) -> int:
    """The offset of the first line of ``data`` (sorted lines, each ending with a newline; an mmap or bytes)
    that sorts at or after ``key``; ``len(data)`` when none does. A binary search over byte offsets.

    >>> data = b"a\\nc\\ne\\n"
    >>> [_lower_bound(data, key) for key in (b"a\\n", b"b\\n", b"c\\n", b"d", b"f\\n")]
    [0, 2, 2, 4, 6]
    """
    lo, hi = 0, len(data)  # both line starts; the answer is in [lo, hi]
    while lo < hi:
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", lo, mid) + 1 or lo  # a line start in [lo, mid]
        end = data.find(b"\n", start) + 1 or len(data)  # (a last line without its newline ends the data)
        if data[start:end] < key:
            lo = end
        else:
            hi = start
    return lo


def _lines_with_prefix(data: Any, prefix: bytes) -> int:
    """How many lines of ``data`` (sorted) start with ``prefix``: they are adjacent."""
    at, count = _lower_bound(data, prefix), 0
    while data[at:at + len(prefix)] == prefix:
        count += 1
        at = data.find(b"\n", at) + 1
    return count


def _relation_patterns() -> dict[bytes, str]:
    """Each relation's property between spaces, to its relation name. Between spaces it can only be a triple's
    predicate (a subject starts the line, an object ends it), so ``bytes.count`` counts relation triples."""
    from kg.graph import RELATION_PROPERTY

    return {f" <{prop}> ".encode(): name for name, prop in RELATION_PROPERTY.items()}


def _triple_of(line: bytes) -> bytes:
    """An N-Quads line without its graph term (and the `` .``)."""
    return line[:line.rindex(b" <", 0, len(line) - 3)]


@dataclass
class StorePatch:
    """What changed between two ``graph.nq`` files, as a patched build knows it: named graphs dropped whole,
    then quads removed and added (sorted N-Quads lines)."""

    drop_graphs: list[str]
    removed: list[bytes]
    added: list[bytes]


class GraphWriter:
    """Collects per-document N-Quads in sorted runs on disk and writes ``graph.nq``; appends per-document Turtle
    sections to ``graph.ttl``.

    Everything goes to a temporary directory inside OUTDIR; :meth:`commit` renames the finished files into
    place (``records.jsonl`` too), :meth:`discard` drops them.
    """

    def __init__(self, outdir: Path, run_lines: int = 50_000) -> None:
        self.outdir = outdir
        self.workdir = Path(tempfile.mkdtemp(prefix=f"{BUILD_PREFIX}{os.getpid()}-{time.time_ns()}-",
                                             dir=outdir))
        self.run_lines = run_lines
        self._lines: list[bytes] = []
        self._runs: list[Path] = []
        self.records_path = self.workdir / "records.jsonl"
        self._records = self.records_path.open("wb")
        from kg.graph import turtle_header

        header = turtle_header()
        self._turtle = (self.workdir / "graph.ttl").open("wb")
        self._turtle.write(header)
        # Byte offsets of the next section in each file, and the sections of kept documents still to copy from
        # the previous files, as [start, end) ranges of those files (adjacent sections extend one range).
        self._records_at, self._turtle_at = 0, len(header)
        self._copies: tuple[list[list[int]], list[list[int]]] = ([], [])
        self.quads = 0
        self.triples = 0
        #: Distinct relation triples per relation name (the graph's, after IRI normalisation).
        self.relations_by_type: dict[str, int] = {}
        self._last_quad: bytes | None = None
        self._last_triple: bytes | None = None
        self._digest = hashlib.sha256()
        self._entities_packed = b""
        #: Called with each sorted run once it is on disk (the store loader process reads them from there).
        self.on_run: Callable[[Path], None] | None = None
        #: How the last patched build wrote graph.nq: "spliced" (edits at known offsets) or "merged" (every line).
        self.patch_mode = ""

    @property
    def source(self) -> str:
        """The SHA-256 of the ``graph.nq`` written (hashed as it was written: no second read of the file)."""
        return self._digest.hexdigest()

    def add_document(self, record_line: str, nquads: bytes, turtle: bytes) -> Section:
        """A document's resolved record, its N-Quads (UTF-8 lines) and its Turtle section; returns where the record
        line and the section went."""
        section = self._write_sections(record_line, turtle)
        self._lines.extend(nquads.splitlines(keepends=True))
        if len(self._lines) >= self.run_lines:
            self.spill()
        return section

    def _write_sections(self, record_line: str, turtle: bytes) -> Section:
        self._copy_kept_sections()  # the files stay in document order
        record = record_line.encode("utf-8")
        section = Section(self._records_at, len(record), self._turtle_at, len(turtle))
        self._records.write(record)
        self._turtle.write(turtle)
        self._records_at += len(record)
        self._turtle_at += len(turtle)
        return section

    def copy_section(self, previous: Section) -> Section:
        """A kept document of a patched build: its record line and Turtle section are copied from OUTDIR's
        ``records.jsonl`` and ``graph.ttl`` at ``previous`` (which :meth:`BuildCache.built_sections` vouches
        for), file to file, instead of being decompressed from the build cache and written again. Returns where
        they go in the new files. The copies are made when the next section is written or the files finish."""
        section = Section(self._records_at, previous.record_len, self._turtle_at, previous.turtle_len)
        for ranges, start, length in ((self._copies[0], previous.record_at, previous.record_len),
                                      (self._copies[1], previous.turtle_at, previous.turtle_len)):
            if ranges and ranges[-1][1] == start:
                ranges[-1][1] = start + length
            else:
                ranges.append([start, start + length])
        self._records_at += previous.record_len
        self._turtle_at += previous.turtle_len
        return section

    def _copy_kept_sections(self) -> None:
        for ranges, target, name in ((self._copies[0], self._records, SECTION_FILES[0]),
                                     (self._copies[1], self._turtle, SECTION_FILES[1])):
            if not ranges:
                continue
            target.flush()  # what the writer holds goes first: the copies land after it, at the file's offset
            with (self.outdir / name).open("rb") as source:
                for start, end in ranges:
                    _copy_range(source, target, start, end)
            ranges.clear()

    def add_run(self, run: bytes) -> None:
        """Sorted, unique N-Quads lines (a graph worker's chunk of documents), written as one sorted run."""
        if not run:
            return
        path = self.workdir / f"shard-{len(self._runs):05d}.nq"
        path.write_bytes(run)
        self._runs.append(path)
        if self.on_run is not None:
            self.on_run(path)

    def spill(self) -> None:
        """Write the lines still held as a sorted run (handed to :attr:`on_run`); :meth:`finish` does it too, a
        caller whose store loader should have the run sooner calls it first."""
        # bytes throughout: UTF-8 sorts as the text does, and nothing re-encodes
        self.add_run(b"".join(sorted(set(self._lines))))
        self._lines = []

    def finish(self, entity_lines: list[str], merge_lines: int = 50_000) -> None:
        """Merge the runs and the entities graph into ``graph.nq`` and ``graph.ttl`` (still in the work dir).

        ``graph.nq`` and ``graph.ttl`` are complete on return. The merge holds about ``merge_lines`` lines.
        """
        self._copy_kept_sections()
        self._records.close()
        self._finish_turtle(entity_lines)
        self.spill()
        handles = [run.open("rb") for run in self._runs]
        try:
            # Each round of the merge holds one chunk per run: chunks of merge_lines / runs lines keep that at
            # about merge_lines, however many runs a big corpus makes.
            per_run = max(500, merge_lines // max(1, len(handles)))
            sources = [_chunks(handle, per_run) for handle in handles]
            entities = sorted(line.encode("utf-8") for line in entity_lines)
            self._entities_packed = zlib.compress(b"".join(entities), 1)
            sources.append(iter([entities[i:i + per_run] for i in range(0, len(entities), per_run)]))
            self._write_sorted(merge_chunks(sources))
        finally:
            for handle in handles:
                handle.close()

    def add_record_line(self, record_line: str, turtle: bytes) -> Section:
        """A document whose named graph :meth:`finish_patch` keeps from the previous ``graph.nq``."""
        return self._write_sections(record_line, turtle)

    def _finish_turtle(self, entity_lines: list[str]) -> None:
        from kg.graph import ENTITIES_GRAPH, turtle_section

        self._turtle.write(turtle_section(entity_lines, f"<{ENTITIES_GRAPH}>"))
        self._turtle.close()

    def built_graph(self) -> BuiltGraph:
        """What this build knows of the ``graph.nq`` it wrote (after :meth:`finish` or :meth:`finish_patch`)."""
        return BuiltGraph(self.quads, self.triples, dict(self.relations_by_type), self._entities_packed)

    def finish_patch(self, previous: Path, drop_graphs: set[str], doc_lines: list[bytes],
                     entity_lines: list[str], *, dropped_lines: list[bytes] | None = None,
                     before: BuiltGraph | None = None) -> StorePatch:
        """``graph.nq`` and ``graph.ttl`` from the previous ``graph.nq``: the named graphs in ``drop_graphs``
        (changed or removed documents, as ``<IRI>``) and the old entities graph go, ``doc_lines`` (the new
        graphs of changed documents) and ``entity_lines`` come in. Returns the same change as a
        :class:`StorePatch` for :func:`update_store`, so nothing has to diff the two files.

        With ``dropped_lines`` (every line of the graphs in ``drop_graphs``, from the build cache) and
        ``before`` (what the build cache recorded of the previous file) the file is spliced: the lines that
        change are found by binary search, the bytes between them are copied, and the counts are updated from
        the lines around the changes. Otherwise (or when the file does not hold what they say) every line is
        read and merged. Either way the result is the same bytes.

        Memory: one chunk of the previous file, the new lines and the entities graph (what a full build holds).
        """
        from kg.graph import ENTITIES_GRAPH

        self._copy_kept_sections()
        self._records.close()
        self._finish_turtle(entity_lines)
        new_entities = sorted(line.encode("utf-8") for line in entity_lines)
        self._entities_packed = zlib.compress(b"".join(new_entities), 1)
        old_set, new_set = set(before.entity_lines() if before is not None else ()), set(new_entities)
        if dropped_lines is not None and before is not None:
            leaving = set(dropped_lines) | (old_set - new_set)
            coming = set(doc_lines) | (new_set - old_set)
            if self._splice(previous, leaving - coming, coming - leaving, before):
                self.patch_mode = "spliced"
                return StorePatch(drop_graphs=sorted(drop_graphs), removed=sorted(old_set - new_set),
                                  added=sorted(set(doc_lines) | (new_set - old_set)))
        self.patch_mode = "merged"
        entities_end = f" <{ENTITIES_GRAPH}> .\n".encode()
        if len(drop_graphs) <= 64:  # bytes.endswith over a tuple runs in C: the common case, a few documents
            ends = (entities_end, *(f" {graph} .\n".encode() for graph in drop_graphs))

            def keep(chunk: list[bytes]) -> list[bytes]:
                return [line for line in chunk if not line.endswith(ends)]
        else:
            gone = {*(graph.encode("utf-8") for graph in drop_graphs), f"<{ENTITIES_GRAPH}>".encode()}

            def keep(chunk: list[bytes]) -> list[bytes]:
                return [line for line in chunk if line[line.rindex(b" <", 0, len(line) - 3) + 1 : -3] not in gone]

        incoming = sorted({*doc_lines, *new_entities})
        old_entities: list[bytes] = []

        def merged() -> Iterator[list[bytes]]:
            # The previous file in chunks (memory: one chunk); each chunk takes the incoming lines that sort
            # up to its last line, so the output stays sorted.
            taken = 0
            with previous.open("rb") as handle:
                for chunk in _chunks(handle, 200_000):
                    old_entities.extend(line for line in chunk if line.endswith(entities_end))
                    upto = bisect.bisect_right(incoming, chunk[-1], lo=taken)
                    lines = keep(chunk)
                    lines.extend(incoming[taken:upto])
                    taken = upto
                    lines.sort()  # two sorted runs: Timsort merges them in C
                    yield lines
            yield incoming[taken:]

        self._write_sorted(merged())
        old_set, new_set = set(old_entities), set(new_entities)
        return StorePatch(drop_graphs=sorted(drop_graphs),
                          removed=sorted(old_set - new_set),
                          added=sorted(set(doc_lines) | (new_set - old_set)))

    def _splice(self, previous: Path, leaving: set[bytes], coming: set[bytes], before: BuiltGraph,
                copy_bytes: int = 4 << 20) -> bool:
        """Write ``graph.nq`` as ``previous`` without the lines ``leaving`` and with the lines ``coming``, and
        set the counts from ``before``'s; False (nothing written) when ``previous`` lacks a line that should
        leave it."""
        size = previous.stat().st_size
        if size == 0:
            return False
        relation_of = _relation_patterns()
        with previous.open("rb") as source:
            # The mmap serves the binary searches only (a few pages each); the copy reads the file in blocks.
            with mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) as data:
                edits: list[tuple[int, int, bytes]] = []  # (offset, 0 = insert before / 1 = delete, line)
                for line in leaving:
                    at = _lower_bound(data, line)
                    if data[at:at + len(line)] != line:
                        return False
                    edits.append((at, 1, line))
                for line in coming:
                    at = _lower_bound(data, line)
                    if data[at:at + len(line)] != line:  # a line already there stays as it is
                        edits.append((at, 0, line))
                # A triple counts once however many named graphs hold it, and its lines are adjacent in the
                # sorted file: whether it is in the graph before and after follows from those lines alone.
                change: dict[bytes, int] = {}
                for _, kind, line in edits:
                    triple = _triple_of(line)
                    change[triple] = change.get(triple, 0) + (1 if kind == 0 else -1)
                triples, relations = before.triples, dict(before.relations_by_type)
                for triple, delta in change.items():
                    had = _lines_with_prefix(data, triple + b" <") if delta else 0
                    if not delta or (had > 0) == (had + delta > 0):
                        continue
                    step = 1 if had + delta > 0 else -1
                    triples += step
                    for pattern, name in relation_of.items():
                        if found := triple.count(pattern):
                            relations[name] = relations.get(name, 0) + step * found
            edits.sort()
            buffer = bytearray(copy_bytes)
            view = memoryview(buffer)
            # Unbuffered: the copied spans go file to file in the kernel (copy_file_range), the few inserted
            # lines are written between them; the digest reads the copied bytes back (page cache) in blocks.
            with (self.workdir / "graph.nq").open("wb", buffering=0) as nq:
                def insert(lines: list[bytes]) -> None:
                    block = b"".join(lines)
                    nq.write(block)
                    self._digest.update(block)

                def copy(start: int, end: int) -> None:
                    done = start
                    while done < end:
                        try:
                            sent = os.copy_file_range(source.fileno(), nq.fileno(), end - done, done)
                        except (AttributeError, OSError):  # no copy_file_range here (or not between these files)
                            sent = 0
                        if not sent:
                            source.seek(done)
                            got = source.readinto(view[:min(copy_bytes, end - done)])
                            if not got:
                                raise OSError(f"{previous}: shorter than it was")
                            nq.write(view[:got])
                            sent = got
                        done += sent
                    source.seek(start)
                    while start < end:
                        got = source.readinto(view[:min(copy_bytes, end - start)])
                        if not got:
                            raise OSError(f"{previous}: shorter than it was")
                        self._digest.update(view[:got])
                        start += got

                position, pending = 0, list[bytes]()
                for at, kind, line in edits:
                    if at > position:
                        insert(pending)
                        pending = []
                        copy(position, at)
                        position = at
                    if kind == 0:
                        pending.append(line)
                    else:
                        position = at + len(line)
                insert(pending)
                copy(position, size)
            view.release()
        inserted = sum(1 for _, kind, _ in edits if kind == 0)
        self.quads = before.quads + inserted - (len(edits) - inserted)
        self.triples = triples
        self.relations_by_type = {name: count for name, count in relations.items() if count}
        return True

    def _write_sorted(self, chunks: Iterable[list[bytes]]) -> None:
        """Write sorted N-Quads lines, given in chunks (duplicates adjacent), to ``graph.nq`` and count quads,
        triples, relations."""
        relation_of = _relation_patterns()  # counted with bytes.count over a chunk's triples, in C
        nq_path = self.workdir / "graph.nq"
        with nq_path.open("wb") as nq:
            for chunk in chunks:
                if not chunk:
                    continue
                # duplicates are adjacent: keep a line unless it equals the one before (across chunks too)
                quads = [line for line, before in zip(chunk, [self._last_quad, *chunk[:-1]], strict=True)
                         if line != before]
                if not quads:
                    continue
                self._last_quad = chunk[-1]
                block = b"".join(quads)
                nq.write(block)
                self._digest.update(block)
                self.quads += len(quads)
                # N-Quads line minus its graph term; the same triple in several graphs sorts adjacently
                # (the object term ends before the graph term starts), so one look-back de-duplicates.
                cut = [line[:line.rindex(b" <", 0, len(line) - 3)] for line in quads]  # _triple_of, inlined
                triples = [t for t, before in zip(cut, [self._last_triple, *cut[:-1]], strict=True) if t != before]
                self._last_triple = cut[-1]
                self.triples += len(triples)
                text = b"\n".join(triples)
                for predicate, name in relation_of.items():
                    if found := text.count(predicate):
                        self.relations_by_type[name] = self.relations_by_type.get(name, 0) + found

    def commit(self) -> None:
        """Move ``records.jsonl``, ``graph.nq`` and ``graph.ttl`` into OUTDIR (each an atomic rename)."""
        for name in ("records.jsonl", "graph.nq", "graph.ttl"):
            os.replace(self.workdir / name, self.outdir / name)
        self.discard()

    def discard(self) -> None:
        for handle in (self._records, self._turtle):
            if not handle.closed:
                handle.close()
        shutil.rmtree(self.workdir, ignore_errors=True)
