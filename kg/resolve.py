"""Entity resolution across the documents of one build.

Within a document the normaliser has already given every mention a canonical name. Across documents:

- **suffix variants** of a company name (…有限公司 / …公司 / …股份有限公司) merge into the most formal name seen;
- **conflicting labels** for one canonical name are settled by evidence: the label with the largest summed
  mention confidence wins, and relations that no longer fit their signature are dropped.

>>> recs = [{"doc": "a", "entities": [{"canonical": "晋能煤电有限公司", "label": "ORG", "confidence": 0.8}],
...          "relations": []},
...         {"doc": "b", "entities": [{"canonical": "晋能煤电公司", "label": "ORG", "confidence": 0.8}],
...          "relations": []}]
>>> [e["canonical"] for r in resolve_records(recs) for e in r["entities"]]
['晋能煤电有限公司', '晋能煤电有限公司']
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from kg.relations import SIGNATURES

Record = dict[str, Any]
_COMPANY_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|公司)$")
_FORMALITY = {"股份有限公司": 3, "有限责任公司": 2, "有限公司": 2, "公司": 1}


def _variant_key(name: str) -> str:
    return _COMPANY_SUFFIX.sub("公司", name)


def _formality(name: str) -> tuple[int, int]:
    m = _COMPANY_SUFFIX.search(name)
    return (_FORMALITY.get(m.group(), 0) if m else 0, len(name))


def resolve_records(records: list[Record]) -> list[Record]:
    """Rewrite canonical names and labels consistently over ``records`` (in place; also returned)."""
    groups: dict[str, set[str]] = defaultdict(set)
    evidence: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for rec in records:
        for e in rec["entities"]:
            if e["label"] == "ORG" and _COMPANY_SUFFIX.search(e["canonical"]):
                groups[_variant_key(e["canonical"])].add(e["canonical"])
    rename: dict[str, str] = {}
    for names in groups.values():
        if len(names) > 1:
            best = max(names, key=_formality)
            rename.update({n: best for n in names if n != best})
    for rec in records:
        for e in rec["entities"]:
            e["canonical"] = rename.get(e["canonical"], e["canonical"])
            evidence[e["canonical"]][e["label"]] += float(e.get("confidence") or 0.5)
    label_of = {name: max(scores, key=lambda lab: scores[lab]) for name, scores in evidence.items()}
    for rec in records:
        for e in rec["entities"]:
            e["label"] = label_of.get(e["canonical"], e["label"])
        kept = []
        for r in rec["relations"]:
            r["head"] = rename.get(r["head"], r["head"])
            r["tail"] = rename.get(r["tail"], r["tail"])
            r["head_label"] = label_of.get(r["head"], r.get("head_label"))
            r["tail_label"] = label_of.get(r["tail"], r.get("tail_label"))
            heads, tails = SIGNATURES[r["relation"]]
            if r["head_label"] in heads and r["tail_label"] in tails and r["head"] != r["tail"]:
                kept.append(r)
        rec["relations"] = kept
        for g in rec.get("goal_attributes", []):
            g["goal"] = rename.get(g["goal"], g["goal"])
    return records
