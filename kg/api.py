"""The Python API, the same operations as the CLI (sqlite-utils style: a small CLI over these functions).

>>> import kg
>>> rec = kg.extract_text("生态环境部新闻发言人刘友宾介绍了情况。", statistical_ner=False)
>>> [(r["head"], r["relation"], r["tail"]) for r in rec["relations"]]
[('刘友宾', 'affiliated_with', '生态环境部')]
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.evaluate import evaluate_gold as evaluate
from kg.extract import ErrorHandler, Record, _print_error, extract_records, extract_text
from kg.resolve import resolve_records

__all__ = ["build", "evaluate", "extract", "extract_text", "load"]


def extract(paths: Iterable[str | Path], split: str = "auto", statistical_ner: bool | None = None,
            on_error: ErrorHandler = _print_error) -> list[Record]:
    """Records (``ANNOTATION.md`` format plus provenance) of every article of ``paths``."""
    return list(extract_records(paths, split=split, statistical_ner=statistical_ner, on_error=on_error))


def _write_jsonl_atomic(records: list[Record], path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(paths: Iterable[str | Path], outdir: str | Path, split: str = "auto",
          statistical_ner: bool | None = None, validate: bool = False,
          on_error: ErrorHandler = _print_error) -> dict[str, Any]:
    """Extract ``paths``, resolve entities across documents and write ``outdir`` (graph.ttl, graph.nq, the
    Oxigraph store, records.jsonl). Returns a summary: documents, entities and relations per type, seconds."""
    from kg.store import build_outputs

    t0 = time.perf_counter()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    records = resolve_records(extract(paths, split, statistical_ner, on_error))
    _write_jsonl_atomic(records, outdir / "records.jsonl")
    summary = build_outputs(records, outdir, validate_shapes=validate)
    entities: dict[str, set[str]] = {}
    for rec in records:
        for e in rec["entities"]:
            entities.setdefault(e["label"], set()).add(e["canonical"])
    summary.update({
        "documents": len(records),
        "entities_by_type": {k: len(v) for k, v in sorted(entities.items())},
        "relations_by_type": dict(sorted(Counter(
            rel for _, rel, _ in {(r["head"], r["relation"], r["tail"]) for rec in records
                                  for r in rec["relations"]}).items())),
        "seconds": round(time.perf_counter() - t0, 2),
    })
    return summary


def load(outdir: str | Path) -> Any:
    """The built graph in ``outdir`` as a :class:`kg.store.KnowledgeGraph` (SPARQL, networkx, lookups)."""
    from kg.store import load as _load

    return _load(outdir)

