"""kg.network: neighbourhood, centrality ranking and relation paths over a MultiDiGraph."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import networkx as nx
import pytest

import kg.network
from kg.graph import entity_iri
from kg.network import centrality, neighbourhood, ranking, shortest_relation_path
from kg.store import KnowledgeGraph

FIXTURE = Path(__file__).parent / "data" / "records_small.jsonl"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return KnowledgeGraph.from_records(records).to_networkx()


def iri(name: str) -> str:
    return str(entity_iri(name))


def test_doctests() -> None:
    failures, tried = doctest.testmod(kg.network)
    assert tried > 0 and failures == 0


def test_neighbourhood_follows_edges_both_ways(G: nx.MultiDiGraph) -> None:
    sub = neighbourhood(G, iri("中国科学院"), radius=1)
    assert {sub.nodes[n]["label"] for n in sub} == {
        "中国科学院", "碳达峰", "中国科学院沈阳自动化研究所", "中国科学院上海微系统与信息技术研究所"}
    assert sub.nodes[iri("中国科学院")]["aliases"] == ["中科院"]  # attributes come along
    wider = neighbourhood(G, iri("中国科学院"), radius=2)
    assert iri("机器人学国家重点实验室") in wider and iri("九章") in wider
    with pytest.raises(nx.NodeNotFound):
        neighbourhood(G, "nowhere")


def test_degree_ranking_by_type(G: nx.MultiDiGraph) -> None:
    top = ranking(G, "degree", type="ORG", limit=3)
    assert [(G.nodes[n]["label"], score) for n, score in top] == [
        ("生态环境部", 5.0), ("中国科学技术大学", 4.0), ("中国科学院沈阳自动化研究所", 4.0)]
    people = ranking(G, "degree", type="PERSON")
    assert G.nodes[people[0][0]]["label"] == "严新平"
    assert all(G.nodes[n]["type"] == "PERSON" for n, _ in people)
    overall = ranking(G, "degree", limit=1)
    assert G.nodes[overall[0][0]]["label"] == "国内首艘纯电池动力集装箱船"  # 6 facts


def test_pagerank_and_betweenness(G: nx.MultiDiGraph) -> None:
    pagerank = centrality(G, "pagerank")
    assert sum(pagerank.values()) == pytest.approx(1.0)
    assert ranking(G, "pagerank", type="GOAL")[0][0] in {iri("碳达峰"), iri("碳中和")}
    betweenness = centrality(G, "betweenness")
    # 中国科学院 joins the Shenyang and Shanghai institutes' parts of the graph
    assert betweenness[iri("中国科学院")] > 0
    assert betweenness[iri("陆昊")] == 0
    with pytest.raises(ValueError):
        centrality(G, "closeness")  # type: ignore[arg-type]


def test_pagerank_matches_networkx_on_a_simple_graph() -> None:
    H = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("a", "c"), ("d", "a")])
    ours = centrality(H, "pagerank")
    # networkx's power iteration in pure Python, for reference (its default needs SciPy)
    W = nx.DiGraph()
    W.add_nodes_from(H)
    for u, v in H.edges():
        W.add_edge(u, v, weight=W.get_edge_data(u, v, {"weight": 0})["weight"] + 1)
    reference = nx.pagerank(W) if _has_scipy() else None
    if reference is not None:
        for node in H:
            assert ours[node] == pytest.approx(reference[node], abs=1e-6)
    assert ours["a"] > ours["d"]


def _has_scipy() -> bool:
    try:
        import scipy  # noqa: F401
    except ImportError:
        return False
    return True


def test_shortest_relation_path_reports_direction(G: nx.MultiDiGraph) -> None:
    steps = shortest_relation_path(G, iri("严新平"), iri("国网电动汽车公司"))
    name = {node: G.nodes[node]["label"] for node in G}
    readable = [(name[s.source], s.relation, name[s.target], s.forward) for s in steps]
    assert readable == [
        ("严新平", "leads", "国内首艘纯电池动力集装箱船", True),
        ("国内首艘纯电池动力集装箱船", "invests_in", "国网电动汽车公司", False)]
    assert steps[1].data["doc"] == "fixture-2021-02#01"
    assert G.has_edge(iri("国网电动汽车公司"), iri("国内首艘纯电池动力集装箱船"), key=steps[1].key)
    assert shortest_relation_path(G, iri("九章"), iri("九章")) == []
    with pytest.raises(nx.NetworkXNoPath):
        shortest_relation_path(G, iri("陆昊"), iri("九章"))


def test_path_prefers_the_most_confident_parallel_edge() -> None:
    H = nx.MultiDiGraph()
    H.add_edge("a", "b", key="weak", relation="collaborates_with", confidence=0.5)
    H.add_edge("b", "a", key="strong", relation="collaborates_with", confidence=0.9)
    (step,) = shortest_relation_path(H, "a", "b")
    assert (step.key, step.forward) == ("strong", False)
