"""Where local worker processes come from: the cores a command may use, and the forkserver that forks them.

Standard library only, so that a command can start the forkserver before it imports the pipeline's code
itself: the server then imports spaCy, the rules and the NER's code (~1.2 s) at the same time as the command's
own process, instead of after it, while the workers wait (`kg extract --jobs 2` of 1 MB: 10.7 -> 9.6 s, measured).

>>> available_cores() >= 1
True
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os

#: What the forkserver imports once, so that each extraction or graph worker it forks starts with it loaded.
FORKSERVER_PRELOAD = ["kg.pipeline"]


def available_cores() -> int:
    """The CPU cores this process may run on (its affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def forkserver_context() -> multiprocessing.context.ForkServerContext:
    """The context of every local pool of a build or an extraction (extraction workers, graph workers, the store
    loader), its server set to preload :data:`FORKSERVER_PRELOAD`.

    forkserver, not fork: a build runs threads (the progress bar), and a fork copies their locks mid-use.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(FORKSERVER_PRELOAD)
    return context


def start_forkserver() -> None:
    """Start the forkserver now (it goes on importing in its own process; this returns at once). Later pools
    fork their workers from it; starting it again changes nothing."""
    from multiprocessing import forkserver

    forkserver_context()
    forkserver.ensure_running()
