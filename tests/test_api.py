"""The Python API on the seed build: the same operations as the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kg


def test_load_query_and_networkx_view(seed_build: tuple[Path, dict[str, Any]]) -> None:
    out, _ = seed_build
    g = kg.load(out)
    G = g.to_networkx()
    types = {d.get("type") for _, d in G.nodes(data=True)}
    assert {"ORG", "PERSON", "LOC", "PROJECT", "GOAL", "POLICY"} <= types
    relations = {d["relation"] for _, _, d in G.edges(data=True)}
    assert len(relations) >= 7
    edge = next(d for _, _, d in G.edges(data=True) if d["relation"] == "invests_in")
    assert edge["sentence"] and edge["rule"].startswith("rel.") and 0 < edge["confidence"] <= 1
    assert edge["doc"].startswith("shehui-fazhan-keji-dongtai-2021-02#")


def test_the_issue_example_is_in_the_graph(seed_build: tuple[Path, dict[str, Any]]) -> None:
    out, _ = seed_build
    g = kg.load(out)
    rows = g.query("""
        SELECT ?org WHERE {
          ?org kg:investsIn ?ship . ?ship rdfs:label "国内首艘纯电池动力集装箱船"@zh .
        }""").records()
    assert {r["org"].rsplit("/", 1)[-1] for r in rows} >= {"国网电动汽车公司"}
    leads = g.query("""
        SELECT ?who WHERE { ?who kg:leads ?ship . ?ship rdfs:label "国内首艘纯电池动力集装箱船"@zh . }""").records()
    assert any(r["who"].endswith("国网智慧能源交通技术创新中心") for r in leads)
    goals = g.query("""
        SELECT ?goal WHERE { ?ship rdfs:label "国内首艘纯电池动力集装箱船"@zh ; kg:pursues ?g . ?g rdfs:label ?goal }
    """).records()
    assert {"碳达峰", "碳中和"} <= {str(r["goal"]) for r in goals}


def test_lookup_is_alias_aware_and_carries_sentences(seed_build: tuple[Path, dict[str, Any]]) -> None:
    out, _ = seed_build
    view = kg.load(out).lookup("中科院")
    assert view is not None and view.name == "中国科学院"
    assert view.facts and all(f.sentence for f in view.facts)
    assert any(f.relation == "part_of" and f.direction == "in" for f in view.facts)


def test_path_between_an_investor_and_a_goal(seed_build: tuple[Path, dict[str, Any]]) -> None:
    out, _ = seed_build
    steps = kg.load(out).path("国网电动汽车公司", "碳中和")
    assert steps is not None and [s.relation for s in steps] == ["invests_in", "pursues"]


def test_extract_api_matches_annotation_format() -> None:
    rec = kg.extract_text("生态环境部新闻发言人刘友宾介绍了情况。", doc_id="x", statistical_ner=False)
    assert rec["doc"] == "x"
    assert {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]} == {("刘友宾", "affiliated_with", "生态环境部")}
