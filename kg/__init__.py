"""kg: Chinese policy and sci-tech news to a knowledge graph of organisations, projects and goals.

The Python API mirrors the CLI:

- :func:`kg.extract` — documents → JSON-ready records in the ``ANNOTATION.md`` format;
- :func:`kg.build` — documents → an output directory with ``graph.ttl`` and an embedded store;
- :func:`kg.load` — an output directory → a :class:`kg.store.KnowledgeGraph` (SPARQL, networkx, lookups).

Heavy modules (spaCy, rdflib, pyoxigraph) are imported lazily so ``import kg`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from kg.api import build, evaluate, extract, load

__all__ = ["__version__", "build", "evaluate", "extract", "extract_text", "load"]


def __getattr__(name: str) -> Any:
    if name in {"build", "extract", "extract_text", "load", "evaluate"}:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
