"""kg.workers: the cores a command may use and the forkserver its worker processes come from."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_doctests_of_the_workers_module() -> None:
    import doctest

    import kg.workers

    failures, tried = doctest.testmod(kg.workers)
    assert tried > 0 and failures == 0


def test_workers_fork_from_the_started_server_with_the_pipeline_already_imported() -> None:
    # In a fresh interpreter: the forkserver is one per process, and the first start decides its preload.
    code = """
import sys
from concurrent.futures import ProcessPoolExecutor
from kg.workers import start_forkserver, worker_context
start_forkserver()
start_forkserver()  # again: nothing changes
with ProcessPoolExecutor(2, mp_context=worker_context()) as pool:
    in_workers = set(pool.map(eval, ["'kg.pipeline' in __import__('sys').modules"] * 4))
print(in_workers, "kg.pipeline" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          timeout=120)
    # the workers have the pipeline's code from the server's preload; this process never imported it
    assert done.stdout.split() == ["{True}", "False"], done.stderr


def test_without_a_forkserver_the_workers_are_spawned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    from multiprocessing import forkserver

    import kg
    from kg.workers import start_forkserver, worker_context

    # as on Windows
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(forkserver, "ensure_running", lambda: pytest.fail("there is no forkserver to start"))
    assert worker_context().get_start_method() == "spawn"
    start_forkserver()
    corpus = tmp_path / "a.txt"
    corpus.write_text("清华大学与国家电网有限公司签署合作协议。\n来源：光明日报\n"
                      "晋能煤电公司投资建设的保德电厂二期工程正式开工。\n来源：山西日报\n", encoding="utf-8")
    here = kg.extract([corpus], statistical_ner=False)
    spawned = kg.extract([corpus], statistical_ner=False, jobs=2, batch_size=1)  # two batches, two processes
    assert len(here) == 2 and spawned == here


def test_release_freed_memory_returns_freed_heap_pages() -> None:
    """glibc keeps freed heap pages; the build hands them back so its resident size follows what it holds."""
    # In a process of its own, without glibc's automatic trimming: a trim threshold set in pytest's process would
    # stay, and, set at all, it changes how glibc serves large blocks for every later test.
    code = """
import gc, psutil
from kg.workers import release_freed_memory
process = psutil.Process()
blocks = [bytearray(2000) for _ in range(30_000)]  # ~60 MB from the C heap (beyond pymalloc), freed below
del blocks
gc.collect()
before = process.memory_info().rss
print(release_freed_memory(), (before - process.memory_info().rss) // 2**20)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          timeout=120, env={**os.environ, "MALLOC_TRIM_THRESHOLD_": str(1 << 30)})
    trimmed, freed_mb = done.stdout.split()
    assert trimmed == "True", "this test runs where the C library is glibc (Linux CI)"
    assert int(freed_mb) > 20
