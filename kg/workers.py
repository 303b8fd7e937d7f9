"""Where local worker processes come from: the cores a command may use, and the forkserver that forks them; and
:func:`release_freed_memory`, which every process of a build calls between batches.

Standard library only, so that a command can start the forkserver before it imports the pipeline's code
itself: the server then imports spaCy, the rules and the NER's code (~1.2 s) at the same time as the command's
own process, instead of after it, while the workers wait (`kg extract --jobs 2` of 1 MB: 10.7 -> 9.6 s, measured).

>>> available_cores() >= 1
True
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import multiprocessing.context
import os
from collections.abc import Sequence
from typing import Any

#: What the forkserver imports once, so that each extraction or graph worker it forks starts with it loaded.
FORKSERVER_PRELOAD = ["kg.pipeline"]


def available_cores() -> int:
    """The CPU cores this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_context(preload: Sequence[str] = FORKSERVER_PRELOAD) -> Any:
    """The multiprocessing context local workers start from: forkserver, its server set to import ``preload``
    first, where the platform has one (Linux, macOS); spawn elsewhere (Windows).

    A build's and an extraction's pools (extraction workers, graph workers, the store loader) take the default;
    ``kg serve``'s query workers preload ``kg.serve``. forkserver, not fork: a build runs threads (the progress
    bar) and the server is threaded, and a fork copies their locks mid-use. The server is one per process and
    the pool that starts it decides its preload; a pool that comes later with another list still works, its
    workers import what they need themselves.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    return context


def start_forkserver() -> None:
    """Start the forkserver now (it goes on importing in its own process; this returns at once). Later pools
    fork their workers from it; starting it again, or where there is no forkserver, changes nothing."""
    from multiprocessing import forkserver

    if isinstance(worker_context(), multiprocessing.context.ForkServerContext):
        forkserver.ensure_running()


@functools.cache
def _malloc_trim() -> Any:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def release_freed_memory() -> bool:
    """Hand the heap pages Python has freed back to the operating system; False where that is not possible.

    glibc keeps freed pages of its heap for reuse, so without this a long build's resident size follows its
    fragmentation (every document's short-lived objects) rather than what it holds. A build calls it between
    stages and after each window of the graph stage, and each extraction task at the start of its batch
    (the previous batch's memory is free by then), wherever it runs (here, a local worker, a Dask worker):
    ~ms each.
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
