"""kg.cache: the build cache's layout and versions, the sorted-run merge, the store loader, the worker watchdog.

The end-to-end behaviour of builds that use the cache (incremental rebuilds, patching, killed builds) is tested
in tests/test_scale.py.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.cache import CACHE_FILENAME


def test_a_cache_of_another_layout_is_emptied(tmp_path: Path) -> None:
    import zlib

    from kg.cache import BuildCache, DocumentGraph

    with sqlite3.connect(tmp_path / CACHE_FILENAME) as db:  # the layout before per-document Turtle sections
        db.execute("CREATE TABLE graph (content_hash TEXT PRIMARY KEY, context_key TEXT NOT NULL, "
                   "record BLOB NOT NULL, nquads BLOB NOT NULL, contribution TEXT NOT NULL)")
        db.execute("INSERT INTO graph VALUES ('h', 'k', x'00', x'00', '{}')")
    cache = BuildCache(tmp_path, "v1")
    assert cache.invalidated
    assert cache.graph("h", "k") is None
    nquads = b"<a> <b> <c> <g> .\n"
    doc = DocumentGraph("{}\n", nquads, zlib.compress(nquads), {}, b"# <g>\n", "<g>")
    cache.put_graphs([("h", "k", doc)])
    assert cache.graph("h", "k") == doc
    assert cache.graph("h", "other key") is None
    cache.close()


def test_merge_chunks_is_a_sorted_merge() -> None:
    import heapq
    import itertools
    import random

    from kg.cache import merge_chunks

    rng = random.Random(7)
    for _ in range(50):
        runs = [sorted(f"{rng.randrange(10_000):05d}\n".encode() for _ in range(rng.randrange(0, 300)))
                for _ in range(rng.randrange(1, 6))]
        sizes = [rng.randrange(1, 40) for _ in runs]
        sources = [iter([run[i:i + size] for i in range(0, len(run), size)]) for run, size in zip(runs, sizes, strict=True)]
        merged = list(itertools.chain.from_iterable(merge_chunks(sources)))
        assert merged == list(heapq.merge(*runs))


@pytest.mark.parametrize("threads", [1, 3])
def test_the_store_loader_process_loads_and_reports_bad_input(tmp_path: Path, threads: int) -> None:
    import threading

    import pyoxigraph as ox

    from kg.cache import StoreLoaderProcess

    lines = [f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" <http://example.org/g> .\n"
             for i in range(3000)]
    loader = StoreLoaderProcess(tmp_path, chunk_bytes=10_000, threads=threads)  # several chunks, loaded side by side
    for start in range(0, 2000, 100):
        loader.put("".join(lines[start:start + 100]).encode("utf-8"))
    run = tmp_path / "run.nq"  # the rest as a file the loader reads itself (a GraphWriter's sorted run)
    run.write_text("".join(lines[2000:]), encoding="utf-8")
    loader.put_file(run)
    loader.close()  # the input ends here; the loader goes on alone (closing twice changes nothing)
    loader.close()
    directory = loader.finish()
    store = ox.Store.read_only(str(directory))
    assert len(store) == 3000
    assert sorted(int(q.object.value) for q in store) == list(range(3000))  # every chunk, each quad once
    del store
    (tmp_path / "b").mkdir()
    broken = StoreLoaderProcess(tmp_path / "b", chunk_bytes=1, max_pending=2, threads=threads)
    broken.put(b"this is not N-Quads\n")

    def feed() -> None:
        for _ in range(50):
            broken.put(lines[0].encode())

    feeding = threading.Thread(target=feed, daemon=True)
    feeding.start()  # far more chunks than the queue holds: the failed loader must keep taking them
    feeding.join(60)
    assert not feeding.is_alive()
    with pytest.raises(RuntimeError, match="loading the store failed"):
        broken.finish()
    broken.discard()
    assert not broken.directory.exists()


def test_a_new_graph_version_drops_the_graphs_and_keeps_the_extractions(tmp_path: Path) -> None:
    import zlib

    from kg.cache import BuildCache, DocumentGraph, content_hash

    record = {"doc": "d", "title": "", "source": "", "path": "", "raw_start": 0, "text": "中科院",
              "entities": [], "relations": [], "goal_attributes": []}
    nquads = b"<a> <b> <c> <g> .\n"
    cache = BuildCache(tmp_path, "v1", "g1")
    cache.put_extractions([record])
    cache.put_graphs([("h", "k", DocumentGraph("{}\n", nquads, zlib.compress(nquads), {}, b"# <g>\n", "<g>"))])
    cache.close()
    again = BuildCache(tmp_path, "v1", "g1")
    assert not again.invalidated and not again.graphs_invalidated and again.graph("h", "k") is not None
    again.close()
    regraph = BuildCache(tmp_path, "v1", "g2")
    assert not regraph.invalidated and regraph.graphs_invalidated
    assert regraph.known([content_hash(record)]) == {content_hash(record)}
    assert regraph.graph("h", "k") is None
    regraph.close()


def test_watch_parent_ends_the_process_when_its_parent_is_gone(tmp_path: Path) -> None:
    """A 'build' process starts a 'worker' that watches it; killing the build outright ends the worker."""
    import psutil

    worker_pid = tmp_path / "worker.pid"
    code = f"""
import os, subprocess, sys, time
worker = subprocess.Popen([sys.executable, "-c",
    "import os, time; from kg.cache import watch_parent; watch_parent(%d, interval=0.1); time.sleep(120)" % os.getpid()])
open({str(worker_pid)!r}, "w").write(str(worker.pid))
time.sleep(120)
"""
    build = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while not (worker_pid.exists() and worker_pid.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    worker = psutil.Process(int(worker_pid.read_text()))
    time.sleep(1.0)  # the worker has imported kg.cache and is watching
    assert worker.is_running()
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    _gone, alive = psutil.wait_procs([worker], timeout=20)
    assert alive == []


def test_graph_writer_hands_each_sorted_run_to_its_loader_and_spill_hands_over_the_rest(tmp_path: Path) -> None:
    from kg.cache import GraphWriter

    def quad(s: str) -> bytes:
        return f'<http://example.org/{s}> <http://example.org/p> "o" <http://example.org/g> .\n'.encode()

    writer = GraphWriter(tmp_path, run_lines=2)
    handed: list[bytes] = []
    writer.on_run = lambda path: handed.append(path.read_bytes())
    writer.add_document("{}\n", quad("b") + quad("a"), b"")  # two lines: a full run, spilled sorted
    writer.add_document("{}\n", quad("c"), b"")  # held
    assert handed == [quad("a") + quad("b")]
    writer.spill()  # a loader that should not wait for finish() gets the held line now
    assert handed == [quad("a") + quad("b"), quad("c")]
    writer.finish([])  # nothing held any more: no empty run
    assert len(handed) == 2
    assert (writer.workdir / "graph.nq").read_bytes() == quad("a") + quad("b") + quad("c")
    writer.discard()


def test_evidence_and_names_are_read_in_the_order_asked_across_query_chunks(tmp_path: Path) -> None:
    from kg.cache import BuildCache, content_hash

    cache = BuildCache(tmp_path, "v1")
    records = [{"doc": f"d{i}", "text": f"{name}介绍了情况。", "title": "", "source": "", "raw_start": 0,
                "entities": [{"start": 0, "end": len(name), "label": "ORG", "text": name, "canonical": name,
                              "confidence": 0.9}], "relations": [], "goal_attributes": []}
               for i, name in enumerate(["国务院", "生态环境部", "中国科学院"] * 3)]
    cache.put_extractions(records)
    # an order the table does not have, a hash asked twice, and queries of two documents each
    hashes = [*[content_hash(rec) for rec in records][::-1], content_hash(records[0])]
    expected = [cache.evidence(h) for h in hashes]
    assert list(cache.evidence_of(hashes)) == expected
    assert expected[0] == [("中国科学院", "ORG", 0.9)] and expected[-1] == [("国务院", "ORG", 0.9)]
    assert list(cache._column_in_order("names", hashes, chunk=2)) == list(cache._column_in_order("names", hashes))
    assert list(cache.names_of(hashes)) == [cache.names(h) for h in hashes]
    with pytest.raises(KeyError):  # a document the cache lacks fails as the one-document readers do
        list(cache.evidence_of(["no such hash"]))
    cache.close()
