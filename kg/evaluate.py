"""Scoring extraction against gold records (ANNOTATION.md): mentions, article-level entities, relations.

- mention level: exact ``(start, end, label)`` over the raw text;
- article level: the set of ``(canonical, label)`` per article;
- relations: the set of ``(head, relation, tail)`` per article, ``collaborates_with`` in either direction.

Micro-averaged over articles, overall and per label / relation.

>>> prf(2, 4, 3)
{'p': 0.5, 'r': 0.667, 'f': 0.571, 'tp': 2, 'pred': 4, 'gold': 3}
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

Record = dict[str, Any]


def prf(tp: int, pred: int, gold: int) -> dict[str, Any]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f": round(f, 3), "tp": tp, "pred": pred, "gold": gold}


def _relation_key(rel: Record) -> tuple[str, str, str]:
    if rel["relation"] == "collaborates_with":
        a, b = sorted((rel["head"], rel["tail"]))
        return a, "collaborates_with", b
    return rel["head"], rel["relation"], rel["tail"]


def read_gold(path: str | Path) -> list[Record]:
    records = []
    # split on "\n" only: JSON leaves U+2028/U+2029 unescaped inside strings, and splitlines() cuts there
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}: line {n} is not valid JSON ({err.msg})") from err
    return records


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])

    def add(self, key: str, pred: set[Any], gold: set[Any]) -> None:
        for k in (key, "ALL"):
            c = self.counts[k]
            c[0] += len(pred & gold)
            c[1] += len(pred)
            c[2] += len(gold)

    def table(self) -> dict[str, dict[str, Any]]:
        return {k: prf(*v) for k, v in sorted(self.counts.items(), key=lambda kv: (kv[0] != "ALL", kv[0]))}


def score(predicted: Iterable[Record], gold: Iterable[Record]) -> dict[str, Any]:
    """Scores of ``predicted`` against ``gold`` records (matched by ``doc``), with the errors listed."""
    pred_by_doc = {r["doc"]: r for r in predicted}
    mention, article, relation = _Tally(), _Tally(), _Tally()
    errors: list[dict[str, Any]] = []
    for g in gold:
        p = pred_by_doc.get(g["doc"], {"entities": [], "relations": []})
        labels = {e["label"] for e in g["entities"]} | {e["label"] for e in p["entities"]}
        for label in sorted(labels):
            pm = {(e["start"], e["end"]) for e in p["entities"] if e["label"] == label}
            gm = {(e["start"], e["end"]) for e in g["entities"] if e["label"] == label}
            mention.add(label, pm, gm)
            pa = {e["canonical"] for e in p["entities"] if e["label"] == label}
            ga = {e["canonical"] for e in g["entities"] if e["label"] == label}
            article.add(label, pa, ga)
            errors += [{"doc": g["doc"], "kind": "entity", "error": "false_positive", "label": label, "item": x}
                       for x in sorted(pa - ga)]
            errors += [{"doc": g["doc"], "kind": "entity", "error": "miss", "label": label, "item": x}
                       for x in sorted(ga - pa)]
        rel_names = {r["relation"] for r in g["relations"]} | {r["relation"] for r in p["relations"]}
        for name in sorted(rel_names):
            pr = {_relation_key(r) for r in p["relations"] if r["relation"] == name}
            gr = {_relation_key(r) for r in g["relations"] if r["relation"] == name}
            relation.add(name, pr, gr)
            errors += [{"doc": g["doc"], "kind": "relation", "error": "false_positive", "label": name,
                        "item": " → ".join(x)} for x in sorted(pr - gr)]
            errors += [{"doc": g["doc"], "kind": "relation", "error": "miss", "label": name,
                        "item": " → ".join(x)} for x in sorted(gr - pr)]
    return {"documents": len(pred_by_doc), "mention": mention.table(), "article": article.table(),
            "relation": relation.table(), "errors": errors}


def evaluate_gold(gold_path: str | Path, statistical_ner: bool | None = None) -> dict[str, Any]:
    """Extract the gold texts (``--split none``: one gold article = one document) and score them."""
    from kg.extraction import extract_text
    from kg.pipeline import default_nlp

    gold = read_gold(gold_path)
    nlp = default_nlp(statistical_ner)
    predicted = [extract_text(g["text"], g["doc"], nlp=nlp) for g in gold]
    return score(predicted, gold)
