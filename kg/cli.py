"""The ``kg`` command line: a thin layer over the same Python API (see :mod:`kg.api`).

Each area of the tool registers its commands from its own module through a ``register(app)`` function listed
in :data:`REGISTRARS`, so the CLI grows without one file owning every command.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Chinese policy and sci-tech news → a knowledge graph of organisations, projects and goals.")

# Modules with a ``register(app: typer.Typer) -> None`` function, in the order their commands are listed.
REGISTRARS: list[str] = [
    "kg.cli_core",
    "kg.cli_export",
    "kg.cli_serve",
    "kg.cli_graph",
]

for _module in REGISTRARS:
    importlib.import_module(_module).register(app)


def main() -> None:
    """The ``kg`` console script (and ``python -m kg.cli``): run the command, then end the process at once.

    An interpreter's teardown frees every object of every imported module (spaCy, thinc, pydantic, NumPy,
    ONNX Runtime, ...): ~0.3–0.5 s of each ``kg`` call, measured, against a one-document rebuild's ~7 s. A
    command has closed what it wrote by the time it returns (outputs go through temporary files and renames,
    worker pools are shut down), so the standard streams and logging are flushed and the process ends with the
    command's exit status. A command that raises (a bug) still ends the ordinary way, with its traceback.
    """
    try:
        app()  # typer's standalone mode ends every finished command in SystemExit
    except SystemExit as done:
        status = done.code
    else:
        status = 0
    if status is not None and not isinstance(status, int):  # sys.exit("message"): printed, status 1
        print(status, file=sys.stderr)
        status = 1
    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (kg extract ... | head): nothing left to say
        status = status or 1
    os._exit(status or 0)


if __name__ == "__main__":  # python -m kg.cli
    main()
