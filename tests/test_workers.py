"""kg.workers: the cores a command may use and the forkserver its worker processes come from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
from kg.workers import forkserver_context, start_forkserver
start_forkserver()
start_forkserver()  # again: nothing changes
with ProcessPoolExecutor(2, mp_context=forkserver_context()) as pool:
    in_workers = set(pool.map(eval, ["'kg.pipeline' in __import__('sys').modules"] * 4))
print(in_workers, "kg.pipeline" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          timeout=120)
    # the workers have the pipeline's code from the server's preload; this process never imported it
    assert done.stdout.split() == ["{True}", "False"], done.stderr
