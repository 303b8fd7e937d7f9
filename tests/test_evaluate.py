from __future__ import annotations

import copy
from typing import Any

from conftest import DEV_GOLD

from kg.evaluate import evaluate_gold, score


def test_gold_against_itself_is_perfect(gold_records: list[dict[str, Any]]) -> None:
    result = score(copy.deepcopy(gold_records), gold_records)
    assert result["mention"]["ALL"]["f"] == result["article"]["ALL"]["f"] == result["relation"]["ALL"]["f"] == 1.0
    assert result["errors"] == []


def test_errors_list_false_positives_and_misses(gold_records: list[dict[str, Any]]) -> None:
    pred = copy.deepcopy(gold_records)
    pred[0]["entities"] = pred[0]["entities"][1:]
    pred[0]["relations"].append({"head": "甲", "relation": "leads", "tail": "乙"})
    result = score(pred, gold_records)
    kinds = {(e["kind"], e["error"]) for e in result["errors"]}
    assert ("relation", "false_positive") in kinds
    assert result["relation"]["ALL"]["p"] < 1.0


def test_collaboration_matches_in_either_direction() -> None:
    gold = [{"doc": "d", "entities": [], "relations": [{"head": "A", "relation": "collaborates_with", "tail": "B"}]}]
    pred = [{"doc": "d", "entities": [], "relations": [{"head": "B", "relation": "collaborates_with", "tail": "A"}]}]
    assert score(pred, gold)["relation"]["ALL"]["f"] == 1.0


def test_dev_gold_quality_floor() -> None:
    """The acceptance floor of issues 2 and 4 on the dev gold (rules and model together)."""
    result = evaluate_gold(DEV_GOLD)
    assert result["article"]["ALL"]["f"] >= 0.85
    assert result["relation"]["ALL"]["f"] >= 0.65
    assert all(result["relation"][name]["f"] > 0 for name in result["relation"] if name != "ALL")


def test_the_held_out_gold_sets_are_well_formed() -> None:
    import json
    from pathlib import Path

    from kg.relations import SIGNATURES

    labels = {"ORG", "PERSON", "LOC", "PROJECT", "GOAL", "POLICY"}
    for name in ("round1.jsonl", "round2.jsonl", "round3.jsonl", "round4.jsonl"):
        records = [json.loads(line) for line in (Path(__file__).parent.parent / "benchmarks" / "heldout" / name)
                   .read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(records) == 32
        for record in records:
            for e in record["entities"]:
                assert record["text"][e["start"]:e["end"]] == e["text"] and e["label"] in labels
            for r in record["relations"]:
                assert r["relation"] in SIGNATURES
