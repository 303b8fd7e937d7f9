"""The ``kg`` command line: a thin layer over the same Python API (see :mod:`kg.api`).

Each area of the tool registers its commands from its own module through a ``register(app)`` function listed
in :data:`REGISTRARS`, so the CLI grows without one file owning every command.
"""

from __future__ import annotations

import importlib

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


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # python -m kg.cli
    main()
