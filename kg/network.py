"""Network analysis over the knowledge graph as a networkx :class:`~networkx.MultiDiGraph`.

Plain functions in the style of networkx's own: they take the graph first and work on any MultiDiGraph whose
nodes may carry a ``type`` attribute and whose edges carry a ``relation`` attribute, the shape
:meth:`kg.store.KnowledgeGraph.to_networkx` returns (node = entity IRI; edge key = relation assertion IRI).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("所", type="ORG"); G.add_node("院", type="ORG"); G.add_node("九章", type="PROJECT")
>>> _ = G.add_edge("所", "院", key="f1", relation="part_of", confidence=0.9)
>>> _ = G.add_edge("所", "九章", key="f2", relation="participates_in", confidence=0.8)
>>> sorted(neighbourhood(G, "院", radius=1).nodes)
['所', '院']
>>> [step.describe() for step in shortest_relation_path(G, "院", "九章")]
['院 <-part_of- 所', '所 -participates_in-> 九章']
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from typing import Any, Literal, NamedTuple

import networkx as nx

CentralityKind = Literal["degree", "pagerank", "betweenness"]


class PathStep(NamedTuple):
    """One hop of a relation path, read in walking order.

    ``forward`` is True when the edge points the way we walk (``source -relation-> target``) and False when we
    walk it backwards (the graph holds ``target -relation-> source``).
    """

    source: Hashable
    relation: str
    target: Hashable
    forward: bool
    key: Hashable
    data: dict[str, Any]

    def describe(self, name: Any = str) -> str:
        """A readable ``A -relation-> B`` (or ``A <-relation- B``) string; ``name`` maps node ids to text.

        >>> PathStep("a", "leads", "b", False, "k", {}).describe()
        'a <-leads- b'
        """
        if self.forward:
            return f"{name(self.source)} -{self.relation}-> {name(self.target)}"
        return f"{name(self.source)} <-{self.relation}- {name(self.target)}"


def neighbourhood(G: nx.MultiDiGraph, node: Hashable, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph of nodes within ``radius`` hops of ``node``, following edges in either direction.

    A view-free copy, so callers may change it. Raises :class:`networkx.NodeNotFound` for an unknown node.

    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(neighbourhood(G, "a", radius=2).nodes)
    ['a', 'b', 'c']
    """
    if node not in G:
        raise nx.NodeNotFound(f"node {node!r} is not in the graph")
    return nx.ego_graph(G, node, radius=radius, undirected=True).copy()


def _pagerank(G: nx.MultiDiGraph, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-8) -> dict:
    """PageRank by power iteration in pure Python (networkx's own needs SciPy, which the project avoids).

    Parallel edges add weight, as in :func:`networkx.pagerank` on a multigraph; dangling nodes spread evenly.
    """
    nodes = list(G)
    if not nodes:
        return {}
    n = len(nodes)
    out_weight: dict[Hashable, dict[Hashable, float]] = {u: {} for u in nodes}
    for u, v in G.edges():
        out_weight[u][v] = out_weight[u].get(v, 0.0) + 1.0
    totals = {u: sum(targets.values()) for u, targets in out_weight.items()}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if totals[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if totals[u]:
                share = alpha * rank[u] / totals[u]
                for v, weight in out_weight[u].items():
                    new[v] += share * weight
        if sum(abs(new[u] - rank[u]) for u in nodes) < n * tol:
            return new
        rank = new
    return rank


def centrality(G: nx.MultiDiGraph, kind: CentralityKind = "degree") -> dict[Hashable, float]:
    """Centrality of every node: ``degree`` (number of relation edges, both directions, parallel edges
    counted), ``pagerank`` (directed, parallel edges as weight) or ``betweenness`` (on the undirected simple
    graph, normalised).

    >>> G = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("hub", "c")])
    >>> centrality(G, "degree")["hub"]
    3.0
    """
    if kind == "degree":
        return {node: float(degree) for node, degree in G.degree()}
    if kind == "pagerank":
        return _pagerank(G)
    if kind == "betweenness":
        return nx.betweenness_centrality(nx.Graph(G.to_undirected(as_view=True)), normalized=True)
    raise ValueError(f"unknown centrality kind {kind!r}: use degree, pagerank or betweenness")


def ranking(G: nx.MultiDiGraph, kind: CentralityKind = "degree", type: str | None = None,
            limit: int | None = None) -> list[tuple[Hashable, float]]:
    """Nodes by decreasing centrality, optionally only those whose ``type`` attribute equals ``type``.

    Ties are broken by node id so the order is stable.

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("hub", {"type": "ORG"}), ("x", {"type": "ORG"}), ("p", {"type": "PROJECT"})])
    >>> _ = G.add_edges_from([("x", "hub"), ("p", "hub"), ("hub", "p")])
    >>> ranking(G, "degree", type="ORG")
    [('hub', 3.0), ('x', 1.0)]
    """
    scores = centrality(G, kind)
    rows = [(node, score) for node, score in scores.items()
            if type is None or G.nodes[node].get("type") == type]
    rows.sort(key=lambda row: (-row[1], str(row[0])))
    return rows if limit is None else rows[:limit]


def shortest_relation_path(G: nx.MultiDiGraph, a: Hashable, b: Hashable) -> list[PathStep]:
    """The shortest chain of relations from ``a`` to ``b``, ignoring edge direction but reporting it.

    Between two nodes joined by several edges the step uses the most confident one (``confidence`` attribute,
    then key order). Returns ``[]`` when ``a == b``; raises :class:`networkx.NetworkXNoPath` when no path
    exists and :class:`networkx.NodeNotFound` for an unknown node.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("严新平", "船", key="f1", relation="leads", confidence=0.6)
    >>> _ = G.add_edge("公司", "船", key="f2", relation="invests_in", confidence=0.85)
    >>> [step.describe() for step in shortest_relation_path(G, "严新平", "公司")]
    ['严新平 -leads-> 船', '船 <-invests_in- 公司']
    """
    for node in (a, b):
        if node not in G:
            raise nx.NodeNotFound(f"node {node!r} is not in the graph")
    nodes = nx.shortest_path(G.to_undirected(as_view=True), a, b)
    steps: list[PathStep] = []
    for u, v in itertools.pairwise(nodes):
        candidates: list[tuple[float, str, bool, Hashable, dict[str, Any]]] = []
        for forward, (x, y) in ((True, (u, v)), (False, (v, u))):
            for key, data in (G.get_edge_data(x, y) or {}).items():
                candidates.append((-float(data.get("confidence", 0.0)), str(key), forward, key, data))
        candidates.sort(key=lambda c: (c[0], c[1], not c[2]))
        _, _, forward, key, data = candidates[0]
        steps.append(PathStep(u, str(data.get("relation", "")), v, forward, key, dict(data)))
    return steps
