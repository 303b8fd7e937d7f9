"""Entity resolution across the documents of one build.

Within a document the normaliser has already given every mention a canonical name. Across documents:

- **suffix variants** of a company name (…有限公司 / …公司 / …股份有限公司) merge into the most formal name
  seen;
- **conflicting labels** for one canonical name are settled by evidence: the label with the largest summed
  mention confidence wins, and relations that no longer fit their signature are dropped.

>>> recs = [{"doc": "a", "entities": [{"canonical": "晋能煤电有限公司", "label": "ORG", "confidence": 0.8}],
...          "relations": []},
...         {"doc": "b", "entities": [{"canonical": "晋能煤电公司", "label": "ORG", "confidence": 0.8}],
...          "relations": []}]
>>> [e["canonical"] for r in resolve_records(recs) for e in r["entities"]]
['晋能煤电有限公司', '晋能煤电有限公司']

Streaming builds do not hold all records: :class:`EntityResolver` takes the entities document by document
in two passes (names, then label evidence) and keeps only what is per canonical name — the company-variant
groups, the rename map and the label evidence — then rewrites each record on its own with
:meth:`EntityResolver.apply`.
:func:`resolve_records` is the same two passes over a list.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from kg.normalise import COMPANY_SUFFIX, company_variant_key
from kg.relations import SIGNATURES

Record = dict[str, Any]
#: What pass one and two need of one mention: (canonical, label, confidence).
EntityEvidence = tuple[str, str, float]

_FORMALITY = {"股份有限公司": 3, "有限责任公司": 2, "有限公司": 2, "公司": 1}


def _formality(name: str) -> tuple[int, int]:
    m = COMPANY_SUFFIX.search(name)
    return (_FORMALITY.get(m.group(), 0) if m else 0, len(name))


def entity_evidence(record: Record) -> list[EntityEvidence]:
    """The (canonical, label, confidence) of each mention of ``record``, in order: all the resolver reads.

    >>> entity_evidence({"entities": [{"canonical": "中国科学院", "label": "ORG", "confidence": 0.9}]})
    [('中国科学院', 'ORG', 0.9)]
    """
    return [(e["canonical"], e["label"], float(e.get("confidence") or 0.5)) for e in record["entities"]]


def record_names(record: Record) -> list[str]:
    """Every name whose resolution can change ``record``: mention canonicals, relation heads and tails, goals.

    >>> record_names({"entities": [{"canonical": "甲"}], "relations": [{"head": "乙", "tail": "甲"}]})
    ['乙', '甲']
    """
    names = {e["canonical"] for e in record["entities"]}
    for r in record["relations"]:
        names.update((r["head"], r["tail"]))
    names.update(g["goal"] for g in record.get("goal_attributes", []))
    return sorted(names)


class EntityResolver:
    """Cross-document resolution in two streaming passes over per-document entity evidence.

    Pass one (:meth:`observe_names` per document, then :meth:`settle_names`) groups company-name variants
    and fixes the rename map; pass two (:meth:`observe_labels` per document, then :meth:`settle_labels`) sums
    label evidence under the renamed names. Both passes must see the documents in the same order (the order
    decides ties, exactly as :func:`resolve_records` always has). Memory is per canonical name, not per
    document.

    >>> resolver = EntityResolver()
    >>> docs = [[("晋能煤电有限公司", "ORG", 0.8)], [("晋能煤电公司", "ORG", 0.8), ("碳达峰", "GOAL", 0.9)]]
    >>> for evidence in docs:
    ...     resolver.observe_names(evidence)
    >>> resolver.settle_names()
    >>> for evidence in docs:
    ...     resolver.observe_labels(evidence)
    >>> resolver.settle_labels()
    >>> resolver.rename
    {'晋能煤电公司': '晋能煤电有限公司'}
    >>> resolver.label_of["碳达峰"]
    'GOAL'
    """

    def __init__(self) -> None:
        self._groups: dict[str, set[str]] = defaultdict(set)
        self._evidence: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.rename: dict[str, str] = {}
        self.label_of: dict[str, str] = {}

    def observe_names(self, evidence: Iterable[EntityEvidence]) -> None:
        """Pass one: remember the company names of one document."""
        for canonical, label, _confidence in evidence:
            if label == "ORG" and COMPANY_SUFFIX.search(canonical):
                self._groups[company_variant_key(canonical)].add(canonical)

    def settle_names(self) -> None:
        """End of pass one: every variant maps to the most formal name of its group."""
        for names in self._groups.values():
            if len(names) > 1:
                best = max(names, key=_formality)
                self.rename.update({n: best for n in names if n != best})
        self._groups.clear()

    def observe_labels(self, evidence: Iterable[EntityEvidence]) -> None:
        """Pass two: add one document's label evidence under the renamed names."""
        for canonical, label, confidence in evidence:
            self._evidence[self.rename.get(canonical, canonical)][label] += confidence

    def settle_labels(self) -> None:
        """End of pass two: the label with the most summed confidence wins for each name."""
        self.label_of = {name: max(scores, key=lambda lab: scores[lab])
                         for name, scores in self._evidence.items()}
        self._evidence.clear()

    def context_key(self, names: Iterable[str]) -> str:
        """A hash of everything the resolution decided about ``names`` (see :func:`record_names`).

        A document whose key is unchanged resolves exactly as before, so its graph can be reused.
        """
        decided = []
        for name in sorted(set(names)):
            final = self.rename.get(name, name)
            decided.append((name, final, self.label_of.get(final)))
        return hashlib.sha1(json.dumps(decided, ensure_ascii=False).encode("utf-8")).hexdigest()

    def apply(self, rec: Record) -> Record:
        """Rewrite one record's names and labels in place (and return it); drop relations that do not fit."""
        rename, label_of = self.rename, self.label_of
        for e in rec["entities"]:
            e["canonical"] = rename.get(e["canonical"], e["canonical"])
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
        return rec


def resolve_records(records: list[Record]) -> list[Record]:
    """Rewrite canonical names and labels consistently over ``records`` (in place; also returned)."""
    resolver = EntityResolver()
    evidence = [entity_evidence(rec) for rec in records]
    for doc_evidence in evidence:
        resolver.observe_names(doc_evidence)
    resolver.settle_names()
    for doc_evidence in evidence:
        resolver.observe_labels(doc_evidence)
    resolver.settle_labels()
    for rec in records:
        resolver.apply(rec)
    return records
