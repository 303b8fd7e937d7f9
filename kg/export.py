"""Pictures of the knowledge graph and exports to the formats other tools read.

All graph functions take the networkx view of the graph (``KnowledgeGraph.to_networkx()``, a
:class:`networkx.MultiDiGraph`) or anything with a ``to_networkx()`` method:

- node id: the entity IRI; node attributes ``label`` (canonical Chinese name), ``type`` (``ORG PERSON LOC
  PROJECT GOAL POLICY``), ``aliases`` (list of str), optional ``target_year`` (int) and ``quantity`` (str);
- edge key: the assertion id; edge attributes ``relation``, ``confidence``, ``rule``, ``doc``, ``sentence``,
  ``start``, ``end`` (offsets of the evidence sentence in the document).

>>> import networkx as nx, tempfile, pathlib
>>> G = nx.MultiDiGraph()
>>> G.add_node("urn:e:cas", label="中国科学院", type="ORG", aliases=["中科院"])
>>> G.add_node("urn:e:jz", label="九章", type="PROJECT", aliases=[])
>>> _ = G.add_edge("urn:e:cas", "urn:e:jz", key="a1", relation="leads", confidence=0.8, rule="r",
...                doc="d#1", sentence="中科院牵头研制九章。", start=0, end=10)
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> to_html(G, out / "g.html", title="demo").name
'g.html'
>>> nx.read_graphml(to_graphml(G, out / "g.graphml")).nodes["urn:e:cas"]["aliases"]
'中科院'

The RDF exports (:func:`to_jsonld`, :func:`to_nquads`) read an rdflib Graph/Dataset or the files of a built
graph directory (``graph.nq`` or ``graph.ttl``). Every file is written atomically: to a temporary file in the
same directory, then renamed over the target, so a reader never sees half a file.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

ONTOLOGY_NAMESPACE = "https://w3id.org/cnpolicykg/ontology#"
DEFAULT_ONTOLOGY_PATH = Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"
VENDOR_DIR = Path(__file__).resolve().parent / "data" / "vendor"

# Separator for list-valued attributes in GraphML/GEXF, which only hold scalars. Names never contain it.
LIST_SEPARATOR = "|"

# Colour (Tableau 10, distinguishable and print-friendly), Cytoscape shape and Chinese gloss per entity type.
TYPE_STYLES: dict[str, dict[str, str]] = {
    "ORG": {"color": "#4e79a7", "shape": "round-rectangle", "gloss": "组织机构"},
    "PERSON": {"color": "#f28e2b", "shape": "ellipse", "gloss": "人物"},
    "LOC": {"color": "#59a14f", "shape": "diamond", "gloss": "地点"},
    "PROJECT": {"color": "#e15759", "shape": "hexagon", "gloss": "项目"},
    "GOAL": {"color": "#edc948", "shape": "star", "gloss": "目标"},
    "POLICY": {"color": "#b07aa1", "shape": "tag", "gloss": "政策"},
}
UNKNOWN_TYPE_STYLE = {"color": "#9c9c9c", "shape": "ellipse", "gloss": "其他"}

RELATION_STYLES: dict[str, dict[str, str]] = {
    "invests_in": {"color": "#e15759", "gloss": "投资"},
    "leads": {"color": "#d37295", "gloss": "牵头"},
    "participates_in": {"color": "#f28e2b", "gloss": "参与"},
    "pursues": {"color": "#b6992d", "gloss": "致力于"},
    "issues": {"color": "#b07aa1", "gloss": "发布"},
    "collaborates_with": {"color": "#4e79a7", "gloss": "合作"},
    "part_of": {"color": "#76b7b2", "gloss": "隶属于"},
    "affiliated_with": {"color": "#9d7660", "gloss": "任职于"},
    "located_in": {"color": "#59a14f", "gloss": "位于"},
}
UNKNOWN_RELATION_STYLE = {"color": "#999999", "gloss": ""}

LAYOUT_SEED = 42


# ----------------------------------------------------------------------------------------------- writing


def write_atomically(path: str | os.PathLike[str], content: str | bytes) -> Path:
    """Write ``content`` to ``path`` via a temporary file in the same directory and ``os.replace``.

    The rename is atomic on POSIX and Windows, so an interrupted export leaves the old file (or none), never a
    truncated one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file owner-only; an export is meant to be shared like any file the user writes.
        os.chmod(tmp_name, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_current_umask())
        with os.fdopen(fd, "wb") as tmp_file:
            tmp_file.write(data)
            tmp_file.flush()
            os.fsync(tmp_file.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _as_networkx(graph: Any) -> nx.MultiDiGraph:
    """Accept a networkx graph or a ``KnowledgeGraph`` (anything with ``to_networkx()``)."""
    if isinstance(graph, nx.Graph):
        return graph
    if hasattr(graph, "to_networkx"):
        return graph.to_networkx()
    raise TypeError(f"expected a networkx graph or an object with to_networkx(), got {type(graph).__name__}")


# ----------------------------------------------------------------------------------- GraphML, GEXF, Cytoscape


def _scalar(value: Any) -> str | int | float | bool | None:
    """One attribute value as a GraphML/GEXF scalar: lists joined, None (and empty lists) dropped."""
    if value is None:
        return None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        return LIST_SEPARATOR.join(str(item) for item in items if item is not None) or None
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


# Attributes with a fixed value type: a build could hand over 1 instead of 1.0, and GraphML needs one type
# per key.
_FLOAT_ATTRIBUTES = {"confidence"}
_INT_ATTRIBUTES = {"start", "end", "target_year"}


def _flat_attributes(attrs: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in attrs.items():
        scalar = _scalar(value)
        if scalar is None:
            continue
        if name in _FLOAT_ATTRIBUTES and isinstance(scalar, int | float) and not isinstance(scalar, bool):
            scalar = float(scalar)
        elif name in _INT_ATTRIBUTES and isinstance(scalar, float) and scalar.is_integer():
            scalar = int(scalar)
        flat[str(name)] = scalar
    return flat


def _hex_to_rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _flat_graph(graph: nx.MultiDiGraph, *, for_gexf: bool) -> nx.MultiDiGraph:
    """A copy with scalar attributes only, plus per-type colours that Gephi picks up on import."""
    flat = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        node_attrs = _flat_attributes(attrs)
        node_attrs.setdefault("label", str(node))
        red, green, blue = _hex_to_rgb(TYPE_STYLES.get(str(attrs.get("type")), UNKNOWN_TYPE_STYLE)["color"])
        if for_gexf:
            node_attrs["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
        else:
            # Gephi's GraphML importer reads r/g/b node attributes as the node colour.
            node_attrs.update(r=red, g=green, b=blue)
        flat.add_node(str(node), **node_attrs)
    for head, tail, key, attrs in graph.edges(keys=True, data=True):
        edge_attrs = _flat_attributes(attrs)
        if for_gexf:
            # GEXF reads edge "start"/"end" as a time interval (a dynamic graph); sentence offsets are not.
            for offset_name in ("start", "end"):
                if offset_name in edge_attrs:
                    edge_attrs[f"sentence_{offset_name}"] = edge_attrs.pop(offset_name)
            edge_attrs["id"] = str(key)
            if "relation" in edge_attrs:
                edge_attrs["label"] = edge_attrs["relation"]
            if "confidence" in edge_attrs:
                edge_attrs["weight"] = edge_attrs["confidence"]
            edge_attrs.pop("type", None)  # GEXF's edge "type" means directed/undirected
        flat.add_edge(str(head), str(tail), key=str(key), **edge_attrs)
    return flat


def to_graphml(graph: Any, path: str | os.PathLike[str]) -> Path:
    """Write the graph as GraphML for Gephi, yEd or networkx.

    Aliases are joined with ``|``, missing values are left out, node colours come as ``r``/``g``/``b``.

    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("urn:e:a", label="生态环境部", type="ORG", aliases=["环境部", "生态部"], quantity=None)
    >>> p = to_graphml(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> nx.read_graphml(p).nodes["urn:e:a"]["aliases"]
    '环境部|生态部'
    """
    flat = _flat_graph(_as_networkx(graph), for_gexf=False)
    buffer = io.BytesIO()  # write_graphml gives an XML declaration and raw UTF-8 (generate_* gives &#...;)
    nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True)
    return write_atomically(path, buffer.getvalue())


def to_gexf(graph: Any, path: str | os.PathLike[str]) -> Path:
    """Write the graph as GEXF 1.2 for Gephi: labels, types, relation as edge label, confidence as weight.

    The evidence offsets are written as ``sentence_start``/``sentence_end`` because GEXF reserves
    ``start``/``end`` for time intervals.

    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("urn:e:a", label="九章", type="PROJECT", aliases=[])
    >>> nx.read_gexf(to_gexf(G, pathlib.Path(tempfile.mkdtemp()) / "g.gexf")).nodes["urn:e:a"]["label"]
    '九章'
    """
    flat = _flat_graph(_as_networkx(graph), for_gexf=True)
    buffer = io.BytesIO()
    nx.write_gexf(flat, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    return write_atomically(path, buffer.getvalue())


def cytoscape_elements(graph: Any, layout: Mapping[Any, tuple[float, float]] | None = None) -> dict[str, Any]:
    """The graph in Cytoscape's JSON (``.cyjs``) form: ``{"data", "elements": {"nodes", "edges"}}``.

    Lists stay lists (JSON holds them); ``None`` values are dropped; ``name`` repeats ``label`` because
    Cytoscape desktop shows ``name``. With ``layout`` each node gets a ``position``.
    """
    G = _as_networkx(graph)
    nodes = []
    for node, attrs in G.nodes(data=True):
        data = {str(k): _json_value(v) for k, v in attrs.items() if v is not None}
        data["id"] = str(node)
        data.setdefault("label", str(node))
        data["name"] = data["label"]
        element: dict[str, Any] = {"data": data}
        if layout is not None and node in layout:
            x, y = layout[node]
            element["position"] = {"x": round(float(x), 2), "y": round(float(y), 2)}
        nodes.append(element)
    edges = []
    for head, tail, key, attrs in G.edges(keys=True, data=True):
        data = {str(k): _json_value(v) for k, v in attrs.items() if v is not None}
        data.update(id=str(key), source=str(head), target=str(tail))
        if "relation" in data:
            data.setdefault("interaction", data["relation"])  # Cytoscape desktop's edge-type column
        edges.append({"data": data})
    return {
        "format_version": "1.0",
        "generated_by": "kg",
        "target_cytoscapejs_version": "~3.34",
        "data": {"name": str(G.graph.get("name", "kg")), "directed": True, "multigraph": True},
        "elements": {"nodes": nodes, "edges": edges},
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, tuple):
        return list(value)
    return value


def to_cytoscape_json(graph: Any, path: str | os.PathLike[str], *, with_layout: bool = True) -> Path:
    """Write Cytoscape JSON (Cytoscape desktop "import network from file", or ``cytoscape({elements})``).

    >>> import networkx as nx, tempfile, pathlib, json
    >>> G = nx.MultiDiGraph(); G.add_node("urn:e:a", label="陆昊", type="PERSON", aliases=[])
    >>> p = to_cytoscape_json(G, pathlib.Path(tempfile.mkdtemp()) / "g.cyjs")
    >>> json.loads(p.read_text())["elements"]["nodes"][0]["data"]["name"]
    '陆昊'
    """
    G = _as_networkx(graph)
    layout = compute_layout(G) if with_layout else None
    payload = cytoscape_elements(G, layout)
    return write_atomically(path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")


# ------------------------------------------------------------------------------------------------- layout


def compute_layout(graph: Any, seed: int = LAYOUT_SEED) -> dict[Any, tuple[float, float]]:
    """Deterministic 2-D positions in screen pixels, computed once in Python so the browser only draws.

    Each connected component is laid out on its own (networkx's spring layout for small ones, a sampled
    force layout that costs O(n·k) per step for big ones), scaled to its size, and the components are packed
    in rows, biggest first, so islands do not drift apart or overlap.
    """
    G = _as_networkx(graph)
    undirected = nx.Graph()
    undirected.add_nodes_from(G.nodes)
    undirected.add_edges_from((u, v) for u, v in G.edges() if u != v)
    components = sorted(nx.connected_components(undirected), key=lambda c: -len(c))
    # Entities without relations go in a compact grid at the bottom instead of one box each: a build has
    # many, and boxed they would push the connected structure into a corner of the picture.
    singletons = [next(iter(c)) for c in components if len(c) == 1]
    components = [c for c in components if len(c) > 1]
    order = {node: i for i, node in enumerate(G.nodes)}  # set order varies between runs; G's does not

    # Typical distance to the nearest node, in pixels: nodes are 22-45 px with a label under them.
    spacing = 110.0
    boxes: list[tuple[list[Any], np.ndarray, tuple[float, float]]] = []
    for component in components:
        nodes = sorted(component, key=order.__getitem__)
        # A fresh graph, not undirected.subgraph(): a subgraph view of a small part iterates its nodes in set
        # order, which changes with PYTHONHASHSEED, and with it the seeded layout.
        component_graph = nx.Graph()
        component_graph.add_nodes_from(nodes)
        component_graph.add_edges_from(undirected.edges(nodes))
        coords = _component_layout(component_graph, nodes, seed)
        coords = coords - coords.mean(axis=0)
        if len(nodes) > 1:
            # Scale by the median nearest-neighbour distance, not the extent: a hub's far leaves would
            # otherwise squeeze the rest of the component together.
            # (The median over 1,000 nodes is as good as over all, at a fraction of the cost.)
            probe = np.random.default_rng(seed).choice(len(nodes), size=min(len(nodes), 1000), replace=False)
            nearest = _nearest_neighbour_distances(coords, probe)
            typical = float(np.median(nearest[nearest > 0])) if np.any(nearest > 0) else 1.0
            coords = coords * (spacing / typical)
        # Bounding box with a margin of about one spacing, with the component's top-left corner at (0, 0).
        margin = spacing * 0.6
        coords = coords - coords.min(axis=0) + margin
        width, height = (coords.max(axis=0) + margin).tolist()
        boxes.append((nodes, coords, (width, height)))

    # Shelf packing, tallest first: rows wrapped at the width of a slightly landscape rectangle of the same
    # area (screens are wider than tall), so the picture fills the viewport when fitted.
    boxes.sort(key=lambda box: (-box[2][1], -len(box[0])))
    cell_width, cell_height = 140.0, 64.0  # a singleton: node and a label of up to ~9 characters
    total_area = sum(width * height for _, _, (width, height) in boxes)
    total_area += len(singletons) * cell_width * cell_height
    row_width = max([math.sqrt(total_area * 1.4)] + [width for _, _, (width, _) in boxes])
    positions: dict[Any, tuple[float, float]] = {}
    cursor_x = cursor_y = row_height = 0.0
    for nodes, coords, (width, height) in boxes:
        if cursor_x > 0 and cursor_x + width > row_width:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height, 0.0
        for node, xy in zip(nodes, coords + np.array([cursor_x, cursor_y]), strict=True):
            positions[node] = (round(float(xy[0]), 1), round(float(xy[1]), 1))
        cursor_x += width
        row_height = max(row_height, height)
    type_rank = {name: rank for rank, name in enumerate(TYPE_STYLES)}
    singletons.sort(key=lambda n: (type_rank.get(G.nodes[n].get("type"), 99), str(G.nodes[n].get("label"))))
    columns = max(1, int(row_width // cell_width))
    top = cursor_y + row_height + (cell_height if boxes else 0.0)
    for i, node in enumerate(singletons):
        row, column = divmod(i, columns)
        positions[node] = (round(cell_width * (column + 0.5), 1), round(top + cell_height * row, 1))
    return positions


def _nearest_neighbour_distances(coords: np.ndarray, probe: np.ndarray, chunk_size: int = 500) -> np.ndarray:
    """Distance from each probed point to its nearest other point, in chunks: memory O(chunk·n)."""
    nearest = np.empty(len(probe))
    for start in range(0, len(probe), chunk_size):
        rows = probe[start : start + chunk_size]
        distance_sq = ((coords[rows][:, None, :] - coords[None, :, :]) ** 2).sum(axis=-1)
        distance_sq[np.arange(len(rows)), rows] = np.inf
        nearest[start : start + chunk_size] = np.sqrt(distance_sq.min(axis=1))
    return nearest


def _component_layout(component: nx.Graph, nodes: list[Any], seed: int) -> np.ndarray:
    count = len(nodes)
    if count == 1:
        return np.zeros((1, 2))
    if count == 2:
        return np.array([[-1.0, 0.0], [1.0, 0.0]])
    if count <= 300:
        layout = nx.spring_layout(component, seed=seed, iterations=80)
        return np.array([layout[n] for n in nodes], dtype=float)
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in component.edges()], dtype=np.int64).reshape(-1, 2)
    return _sampled_force_layout(count, edges, seed)


def _sampled_force_layout(
    count: int, edges: np.ndarray, seed: int, iterations: int = 50, sample_size: int = 300
) -> np.ndarray:
    """Fruchterman-Reingold where each node is repelled by a random sample of nodes (scaled up to all).

    Exact repulsion is O(n²) time and, vectorised, O(n²) memory: 5,000 nodes would need ~400 MB per step.
    Sampling keeps it O(n·k) and is still deterministic for a given seed.
    """
    rng = np.random.default_rng(seed)
    positions = rng.random((count, 2))
    ideal_sq = 1.0 / count  # the ideal edge length k = 1/sqrt(n), squared
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    heads, tails = (edges[:, 0], edges[:, 1]) if len(edges) else (np.empty(0, int), np.empty(0, int))
    for _ in range(iterations):
        sample = positions if count <= sample_size else positions[rng.choice(count, size=sample_size, replace=False)]
        scale = count / len(sample)
        # Repulsion k²/d along each pair's direction, summed as matrix products (BLAS) rather than n×k×2
        # temporaries: sum_j w_ij (p_i - s_j) = p_i * sum_j w_ij - (W @ s)_i with w_ij = k² / d_ij².
        # float32 halves the memory traffic of the n×k matrices; layout needs no more precision.
        here, there = positions.astype(np.float32), sample.astype(np.float32)
        distance_sq = (here**2).sum(axis=1)[:, None] + (there**2).sum(axis=1)[None, :]
        distance_sq -= 2.0 * (here @ there.T)
        weights = np.float32(ideal_sq) / np.maximum(distance_sq, np.float32(1e-9))
        displacement = (positions * weights.sum(axis=1)[:, None] - weights @ there).astype(float) * scale
        if len(heads):
            # Attraction d²/k along each edge; bincount sums per node far faster than np.add.at.
            delta = positions[heads] - positions[tails]
            pull = delta * (np.sqrt((delta**2).sum(axis=1)) * math.sqrt(count))[:, None]
            for axis in (0, 1):
                displacement[:, axis] -= np.bincount(heads, weights=pull[:, axis], minlength=count)
                displacement[:, axis] += np.bincount(tails, weights=pull[:, axis], minlength=count)
        length = np.maximum(np.sqrt((displacement**2).sum(axis=1)), 1e-9)
        positions += displacement * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return positions


# --------------------------------------------------------------------------------------------------- HTML


def json_for_script(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so no corpus string can close the script element or open
    a comment; U+2028/U+2029 are escaped because older JavaScript parsers treat them as line ends.

    >>> json_for_script({"label": "</script><img src=x onerror=alert(1)>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def page_data(graph: Any, layout: Mapping[Any, tuple[float, float]] | None = None) -> dict[str, Any]:
    """What the page draws, in a compact form.

    Parallel assertions of one (head, relation, tail) become one drawn edge with a list of evidence, and
    evidence sentences are stored once and referenced by index, because a sentence often supports several
    assertions and a big graph would otherwise repeat them.
    """
    G = _as_networkx(graph)
    positions = layout if layout is not None else compute_layout(G)
    node_index = {node: i for i, node in enumerate(G.nodes)}
    degree = dict(G.degree())
    nodes = []
    for node, attrs in G.nodes(data=True):
        x, y = positions.get(node, (0.0, 0.0))
        extra = {
            str(k): _json_value(v)
            for k, v in attrs.items()
            if k not in {"label", "type", "aliases"} and v is not None and not isinstance(v, Mapping)
        }
        aliases = [str(a) for a in (attrs.get("aliases") or []) if a]
        nodes.append({
            "id": str(node),
            "label": str(attrs.get("label") or node),
            "type": str(attrs.get("type") or ""),
            "aliases": aliases,
            "x": x,
            "y": y,
            "size": round(22 + 7 * math.log2(1 + degree.get(node, 0)), 1),
            "attrs": extra,
        })
    sentence_index: dict[tuple[Any, ...], int] = {}
    sentences: list[list[Any]] = []
    grouped: dict[tuple[int, int, str], list[list[Any]]] = {}
    for head, tail, key, attrs in G.edges(keys=True, data=True):
        relation = str(attrs.get("relation") or "")
        sentence_ref = -1
        if attrs.get("sentence") is not None or attrs.get("doc") is not None:
            sentence_key = (attrs.get("doc"), attrs.get("start"), attrs.get("end"), attrs.get("sentence"))
            if sentence_key not in sentence_index:
                sentence_index[sentence_key] = len(sentences)
                sentences.append([_json_value(part) for part in sentence_key])
            sentence_ref = sentence_index[sentence_key]
        confidence = attrs.get("confidence")
        evidence = [
            sentence_ref,
            attrs.get("rule"),
            None if confidence is None else round(float(confidence), 3),
            str(key),
        ]
        grouped.setdefault((node_index[head], node_index[tail], relation), []).append(evidence)
    edges = [
        {"s": head, "t": tail, "r": relation, "ev": evidence}
        for (head, tail, relation), evidence in grouped.items()
    ]
    return {
        "types": TYPE_STYLES,
        "unknownType": UNKNOWN_TYPE_STYLE,
        "relations": RELATION_STYLES,
        "unknownRelation": UNKNOWN_RELATION_STYLE,
        "nodes": nodes,
        "edges": edges,
        "sentences": sentences,
    }


def _vendored_script(name: str) -> str:
    script = (VENDOR_DIR / name).read_text(encoding="utf-8")
    # A literal "</script" would end the inline element early; "<\/" means the same in JS strings and regexes.
    return script.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_html(graph: Any, title: str = "知识图谱 Knowledge graph", *, seed: int = LAYOUT_SEED) -> str:
    """The whole page as one string: data, cytoscape.js and the viewer inline, nothing fetched.

    A Content-Security-Policy allows only the two inline scripts by hash, so even a string that escaped the
    JSON could not run as script (an injected ``onerror=`` handler or ``<script>`` is refused by the browser).
    """
    G = _as_networkx(graph)
    data = page_data(G, compute_layout(G, seed=seed))
    library = _vendored_script("cytoscape.min.js")
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(library)} {_csp_hash(_VIEWER_JS)}; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:"
    )
    return (
        _PAGE_TEMPLATE.replace("@@CSP@@", html.escape(csp, quote=True))
        .replace("@@TITLE@@", html.escape(title))
        .replace("@@CSS@@", _PAGE_CSS)
        .replace("@@DATA@@", json_for_script(data))
        .replace("@@TITLE_JSON@@", json_for_script(title))
        .replace("@@LIBRARY@@", library)
        .replace("@@VIEWER@@", _VIEWER_JS)
    )


def to_html(graph: Any, path: str | os.PathLike[str], title: str = "知识图谱 Knowledge graph") -> Path:
    """Write a self-contained interactive page (works offline, from ``file://``).

    Nodes are coloured and shaped by type (legend on the left, which also filters), edges labelled by
    relation; the search box matches names and aliases (中科院 finds 中国科学院); clicking a node or edge
    shows its facts and source sentences. ``page.html#search=中科院`` opens with that search done.
    """
    return write_atomically(path, render_html(graph, title))


def show(graph: Any, height: int = 600, title: str = "知识图谱 Knowledge graph") -> Any:
    """The same page for a Jupyter notebook, as an ``IPython.display.HTML`` iframe.

    The page goes into ``srcdoc`` and the iframe is sandboxed to scripts only, so it cannot touch the
    notebook.
    """
    from IPython.display import HTML

    page = render_html(graph, title)
    return HTML(
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        f'title="{html.escape(title)}"></iframe>'
    )


# ---------------------------------------------------------------------------------------------------- RDF


def load_rdf(source: Any) -> Any:
    """An rdflib Graph or Dataset from a Graph/Dataset, a built graph directory, or an RDF file.

    A directory is read from ``graph.nq`` (assertions in provenance named graphs) if present, else
    ``graph.ttl``.
    """
    import rdflib

    if isinstance(source, rdflib.Graph):
        return source
    location = Path(source)
    if location.is_dir():
        for name in ("graph.nq", "graph.ttl"):
            if (location / name).is_file():
                location = location / name
                break
        else:
            raise FileNotFoundError(f"{source} has neither graph.nq nor graph.ttl: not a built graph")
    if not location.is_file():
        raise FileNotFoundError(f"no RDF at {source}")
    suffix = location.suffix.lower()
    if suffix in {".nq", ".trig"}:
        dataset = rdflib.Dataset()
        dataset.parse(location, format="nquads" if suffix == ".nq" else "trig")
        return dataset
    graph = rdflib.Graph()
    graph.parse(location, format=rdflib.util.guess_format(str(location)) or "turtle")
    return graph


_STANDARD_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
}


def jsonld_context(ontology: Any = None, data: Any = None) -> dict[str, Any]:
    """A JSON-LD ``@context`` generated from the ontology: its prefixes, and one term per class/property.

    Classes map to their IRI; object properties get ``"@type": "@id"`` so their values compact to IRIs;
    datatype properties carry their ``rdfs:range`` datatype. Prefixes bound in ``data`` are added too. A
    missing ontology file gives a context with the prefixes only.
    """
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    context: dict[str, Any] = dict(_STANDARD_PREFIXES)
    context.setdefault("kg", ONTOLOGY_NAMESPACE)
    ontology_graph = None
    if isinstance(ontology, rdflib.Graph):
        ontology_graph = ontology
    else:
        ontology_path = Path(ontology) if ontology is not None else DEFAULT_ONTOLOGY_PATH
        if ontology_path.is_file():
            # bind_namespaces="none": only the prefixes the file declares, not rdflib's ~30 defaults.
            ontology_graph = rdflib.Graph(bind_namespaces="none").parse(ontology_path)
    if ontology_graph is not None:
        _add_prefixes(context, ontology_graph.namespace_manager.namespaces())
    if data is not None:
        used = _used_namespaces(data)
        _add_prefixes(context, ((p, ns) for p, ns in data.namespace_manager.namespaces() if str(ns) in used))
    if ontology_graph is None:
        return context

    prefixes = sorted(((ns, p) for p, ns in context.items() if isinstance(ns, str)), key=lambda x: -len(x[0]))

    def compact(iri: str) -> str:
        for namespace, prefix in prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def term_name(iri: str) -> str | None:
        return iri[len(ONTOLOGY_NAMESPACE):] if iri.startswith(ONTOLOGY_NAMESPACE) else None

    for cls in sorted(set(ontology_graph.subjects(RDF.type, OWL.Class)) | set(
            ontology_graph.subjects(RDF.type, RDFS.Class)), key=str):
        name = term_name(str(cls))
        if name and name not in context:
            context[name] = compact(str(cls))
    for prop in sorted(set(ontology_graph.subjects(RDF.type, OWL.ObjectProperty)), key=str):
        name = term_name(str(prop))
        if name and name not in context:
            context[name] = {"@id": compact(str(prop)), "@type": "@id"}
    datatype_properties = set(ontology_graph.subjects(RDF.type, OWL.DatatypeProperty)) | set(
        ontology_graph.subjects(RDF.type, RDF.Property))
    for prop in sorted(datatype_properties, key=str):
        name = term_name(str(prop))
        if not name or name in context:
            continue
        datatype = ontology_graph.value(prop, RDFS.range)
        if datatype is not None and str(datatype).startswith(_STANDARD_PREFIXES["xsd"]) and not str(
                datatype).endswith("#string"):
            context[name] = {"@id": compact(str(prop)), "@type": compact(str(datatype))}
        else:
            context[name] = compact(str(prop))
    return context


def _add_prefixes(context: dict[str, Any], bindings: Iterable[tuple[str, Any]]) -> None:
    taken = {value for value in context.values() if isinstance(value, str)}
    for prefix, namespace in bindings:
        # "ns1"-style prefixes are rdflib's inventions and "xml" is implicit in JSON-LD: neither helps.
        if not prefix or prefix == "xml" or (prefix.startswith("ns") and prefix[2:].isdigit()):
            continue
        if str(namespace) not in taken and prefix not in context:
            context[prefix] = str(namespace)
            taken.add(str(namespace))


def _used_namespaces(data: Any) -> set[str]:
    """Namespaces (IRI up to the last ``#`` or ``/``) of every IRI in the data, in one pass."""
    import rdflib

    used: set[str] = set()
    quads = data.quads() if isinstance(data, rdflib.Dataset | rdflib.ConjunctiveGraph) else data
    for statement in quads:
        for term in statement:
            if isinstance(term, rdflib.URIRef):
                text = str(term)
                cut = max(text.rfind("#"), text.rfind("/"))
                used.add(text[: cut + 1])
            elif isinstance(term, rdflib.Literal) and term.datatype is not None:
                text = str(term.datatype)
                used.add(text[: max(text.rfind("#"), text.rfind("/")) + 1])
    return used


def to_jsonld(source: Any, path: str | os.PathLike[str], ontology: Any = None) -> Path:
    """Write JSON-LD compacted with the context from :func:`jsonld_context`.

    ``source`` is an rdflib Graph/Dataset, a built graph directory or an RDF file; named graphs (provenance)
    of a Dataset are kept as ``@graph`` entries.

    >>> import rdflib, tempfile, pathlib, json
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("urn:e:a"), rdflib.RDFS.label, rdflib.Literal("九章", lang="zh")))
    >>> p = to_jsonld(g, pathlib.Path(tempfile.mkdtemp()) / "g.jsonld")
    >>> "@context" in json.loads(p.read_text())
    True
    """
    import rdflib

    data = load_rdf(source)
    context = jsonld_context(ontology, data)
    # N-Quads has no prefixes; a build's graph.ttl next to it declares the ones for its own IRIs (id:, doc:).
    if not isinstance(source, rdflib.Graph) and Path(source).is_dir():
        _add_prefixes(context, _turtle_prefixes(Path(source) / "graph.ttl"))
    text = data.serialize(format="json-ld", context=context, auto_compact=True, ensure_ascii=False, indent=1)
    return write_atomically(path, text if text.endswith("\n") else text + "\n")


def _turtle_prefixes(path: Path) -> list[tuple[str, str]]:
    """The ``@prefix`` lines at the head of a Turtle file, read without parsing the (possibly big) rest."""
    if not path.is_file():
        return []
    prefixes = []
    with path.open(encoding="utf-8") as turtle:
        for line in turtle:
            match = re.match(r"\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", line, flags=re.IGNORECASE)
            if match:
                prefixes.append((match.group(1), match.group(2)))
            elif line.strip() and not line.lstrip().startswith("#"):
                break
    return prefixes


def to_nquads(source: Any, path: str | os.PathLike[str]) -> Path:
    """Write N-Quads, keeping the provenance named graphs.

    A built graph directory with ``graph.nq`` is re-serialised from it (so each assertion stays in its
    named graph); a Dataset keeps its graphs; a plain Graph goes to its own IRI as graph name, or to the
    default graph. Lines are sorted so the same graph gives the same file.
    """
    import rdflib

    data = load_rdf(source)
    if isinstance(data, rdflib.Dataset | rdflib.ConjunctiveGraph):
        text = data.serialize(format="nquads")
    else:
        dataset = rdflib.Dataset()
        target = dataset.graph(data.identifier) if isinstance(data.identifier, rdflib.URIRef) else dataset
        for triple in data:
            target.add(triple)
        text = dataset.serialize(format="nquads")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return write_atomically(path, "\n".join(lines) + ("\n" if lines else ""))


# -------------------------------------------------------------------------------------------- page source

_PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@@CSP@@">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg export (cytoscape.js, MIT licence)">
<title>@@TITLE@@</title>
<style>@@CSS@@</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <input id="search" type="search" placeholder="搜索名称或别名 Search names and aliases (e.g. 中科院)"
         autocomplete="off" spellcheck="false" aria-label="search">
  <button id="fit" type="button" title="Show the whole graph">全图 Fit</button>
  <span id="counts"></span>
</header>
<main>
  <aside id="sidebar">
    <section><h2>实体类型 Types</h2><div id="type-filters"></div></section>
    <section><h2>关系 Relations</h2><div id="relation-filters"></div></section>
    <section id="results-section"><h2>搜索结果 Matches</h2><ol id="results"></ol></section>
  </aside>
  <div id="cy" role="img" aria-label="graph"></div>
  <aside id="panel"><p class="hint">点击节点或边查看来源句子。<br>Click a node or an edge to see its facts and
    source sentences.</p></aside>
</main>
<div id="status" data-ready="0"></div>
<script type="application/json" id="kg-data">@@DATA@@</script>
<script type="application/json" id="kg-title">@@TITLE_JSON@@</script>
<script>@@LIBRARY@@</script>
<script>@@VIEWER@@</script>
</body>
</html>
"""

_PAGE_CSS = """
:root { --cjk: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "WenQuanYi Micro Hei", "Noto Sans SC", sans-serif; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font-family: var(--cjk); font-size: 14px; color: #222;
  background: #fff; }
header { display: flex; align-items: center; gap: 12px; padding: 8px 14px; border-bottom: 1px solid #ddd;
  background: #f7f7f9; height: 52px; }
header h1 { font-size: 17px; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  max-width: 32%; }
#search { flex: 1; max-width: 460px; font: inherit; padding: 6px 10px; border: 1px solid #bbb;
  border-radius: 6px; }
#fit { font: inherit; padding: 5px 10px; border: 1px solid #bbb; border-radius: 6px; background: #fff;
  cursor: pointer; }
#counts { color: #666; font-size: 13px; white-space: nowrap; }
main { display: grid; grid-template-columns: 250px 1fr 360px; height: calc(100% - 52px); }
#sidebar { border-right: 1px solid #ddd; overflow-y: auto; padding: 8px 12px; background: #fcfcfd; }
#sidebar h2 { font-size: 13px; margin: 10px 0 6px; color: #444; text-transform: uppercase;
  letter-spacing: .03em; }
.filter { display: flex; align-items: center; gap: 7px; padding: 2px 0; cursor: pointer; user-select: none; }
.filter input { margin: 0; }
.filter .count { margin-left: auto; color: #888; font-size: 12px; }
.filter .gloss { color: #666; font-size: 12px; white-space: nowrap; }
.swatch { flex: none; }
#results { padding-left: 20px; margin: 0; }
#results li { margin: 2px 0; }
#results-section { display: none; }
#cy { position: relative; min-width: 0; background: #fff; }
#panel { border-left: 1px solid #ddd; overflow-y: auto; padding: 10px 14px; background: #fcfcfd; }
#panel h2 { font-size: 18px; margin: 4px 0 6px; word-break: break-all; }
#panel h3 { font-size: 14px; margin: 14px 0 6px; color: #444; }
.hint { color: #777; }
.badge { display: inline-block; color: #fff; border-radius: 10px; padding: 1px 9px; font-size: 12px; }
.iri { font-family: ui-monospace, monospace; font-size: 11px; color: #777; word-break: break-all;
  margin: 4px 0; }
.facts { margin: 6px 0; display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; font-size: 13px; }
.facts dt { color: #666; } .facts dd { margin: 0; word-break: break-all; }
.link { font: inherit; color: #1a5fb4; background: none; border: 0; padding: 0; cursor: pointer;
  text-decoration: underline; text-align: left; }
.assertion { border-top: 1px solid #e5e5e5; padding: 6px 0; }
.assertion .rel { font-weight: 600; }
.evidence { margin: 4px 0 4px 6px; padding: 4px 8px; border-left: 3px solid #ccc; background: #fff; }
.evidence .sentence { line-height: 1.55; }
.evidence mark { background: #ffe98a; padding: 0 1px; }
.evidence .meta { color: #777; font-size: 11.5px; margin-top: 2px; font-family: ui-monospace, monospace;
  overflow-wrap: anywhere; }
.more { color: #777; font-style: italic; }
#status { display: none; }
"""

_VIEWER_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var parsedAt = performance.now();
  var TITLE = JSON.parse(document.getElementById("kg-title").textContent);
  var statusEl = document.getElementById("status");
  var panel = document.getElementById("panel");
  var MAX_LISTED = 60;  // per panel: hubs have hundreds of assertions; the rest are summarised
  document.getElementById("title").textContent = TITLE;

  // Every text from the corpus goes through el()/textContent; nothing from DATA is ever parsed as HTML.
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function typeStyle(type) { return DATA.types[type] || DATA.unknownType; }
  function relationStyle(relation) { return DATA.relations[relation] || DATA.unknownRelation; }

  // Shapes in the legend drawn as SVG to match Cytoscape's node shapes.
  var SVG_NS = "http://www.w3.org/2000/svg";
  var SHAPE_POINTS = {
    "diamond": "8,1 15,8 8,15 1,8",
    "hexagon": "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
    "star": "8,0.5 10.2,5.6 15.6,5.9 11.4,9.4 12.8,14.8 8,11.8 3.2,14.8 4.6,9.4 0.4,5.9 5.8,5.6",
    "tag": "1,2 11,2 15,8 11,14 1,14"
  };
  function swatch(style, isEdge) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("class", "swatch");
    var shape;
    if (isEdge) {
      shape = document.createElementNS(SVG_NS, "line");
      shape.setAttribute("x1", "0"); shape.setAttribute("y1", "8");
      shape.setAttribute("x2", "16"); shape.setAttribute("y2", "8");
      shape.setAttribute("stroke", style.color); shape.setAttribute("stroke-width", "3");
    } else if (style.shape === "ellipse") {
      shape = document.createElementNS(SVG_NS, "circle");
      shape.setAttribute("cx", "8"); shape.setAttribute("cy", "8"); shape.setAttribute("r", "7");
    } else if (SHAPE_POINTS[style.shape]) {
      shape = document.createElementNS(SVG_NS, "polygon");
      shape.setAttribute("points", SHAPE_POINTS[style.shape]);
    } else {
      shape = document.createElementNS(SVG_NS, "rect");
      shape.setAttribute("x", "1"); shape.setAttribute("y", "2"); shape.setAttribute("width", "14");
      shape.setAttribute("height", "12"); shape.setAttribute("rx", "3");
    }
    if (!isEdge) shape.setAttribute("fill", style.color);
    svg.appendChild(shape);
    return svg;
  }

  // ---- elements -------------------------------------------------------------------------------------------
  var nodes = DATA.nodes, edges = DATA.edges;
  var big = nodes.length > 1500;
  var elements = [];
  nodes.forEach(function (n, i) {
    elements.push({ group: "nodes", data: { id: "n" + i, idx: i, label: n.label, type: n.type, size: n.size },
                    position: { x: n.x, y: n.y } });
  });
  edges.forEach(function (e, i) {
    elements.push({ group: "edges", data: { id: "e" + i, idx: i, source: "n" + e.s, target: "n" + e.t,
                                             relation: e.r } });
  });

  var FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei, " +
    "sans-serif";
  var style = [
    { selector: "node", style: {
        "label": "data(label)", "width": "data(size)", "height": "data(size)",
        "background-color": DATA.unknownType.color, "shape": "ellipse",
        "font-family": FONT, "font-size": 14, "color": "#1d1d1f", "text-valign": "bottom", "text-margin-y": 4,
        "text-outline-color": "#ffffff", "text-outline-width": 2.5, "text-max-width": 160,
        "text-wrap": big ? "none" : "ellipsis",  // ellipsis measures each label repeatedly: slow at 5,000
        "min-zoomed-font-size": big ? 10 : 7, "border-width": 1, "border-color": "#ffffff" } },
    { selector: "edge", style: {
        "width": 1.6, "line-color": DATA.unknownRelation.color,
        "target-arrow-color": DATA.unknownRelation.color,
        "target-arrow-shape": big ? "none" : "triangle", "arrow-scale": 0.9,
        "curve-style": big ? "haystack" : "bezier", "opacity": 0.8,
        "label": big ? "" : "data(relation)", "font-family": FONT, "font-size": 10, "color": "#555",
        "text-rotation": "autorotate", "text-outline-color": "#ffffff", "text-outline-width": 2,
        "min-zoomed-font-size": 8 } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#111" } },
    { selector: "edge:selected", style: { "width": 4, "opacity": 1 } },
    { selector: ".match", style: { "border-width": 5, "border-color": "#d62728", "z-index": 10 } },
    { selector: ".faded", style: { "opacity": 0.12, "text-opacity": 0 } },
    { selector: ".filtered", style: { "display": "none" } }
  ];
  Object.keys(DATA.types).forEach(function (type) {
    style.splice(2, 0, { selector: 'node[type = "' + type + '"]',
                         style: { "background-color": DATA.types[type].color,
                                  "shape": DATA.types[type].shape } });
  });
  Object.keys(DATA.relations).forEach(function (relation) {
    var color = DATA.relations[relation].color;
    style.splice(2, 0, { selector: 'edge[relation = "' + relation + '"]',
                         style: { "line-color": color, "target-arrow-color": color } });
  });

  var cy = cytoscape({
    container: document.getElementById("cy"), elements: elements, style: style,
    layout: { name: "preset", fit: true, padding: 40 },
    minZoom: 0.01, maxZoom: 8, boxSelectionEnabled: false, selectionType: "single",
    // Big graphs: draw a bitmap while panning/zooming and skip edges, so 5,000 nodes stay fluid.
    textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: big ? 1 : "auto"
  });
  var drawnAt = performance.now();
  function nodeEl(i) { return cy.getElementById("n" + i); }

  // ---- legend and filters -------------------------------------------------------------------------------
  var typeOn = {}, relationOn = {};
  function countBy(list, key) {
    var counts = {};
    list.forEach(function (item) { counts[item[key]] = (counts[item[key]] || 0) + 1; });
    return counts;
  }
  function addFilter(container, name, gloss, count, styleObj, isEdge, state) {
    var row = el("label", "filter");
    var box = el("input"); box.type = "checkbox"; box.checked = true; box.setAttribute("data-value", name);
    box.addEventListener("change", function () { state[name] = box.checked; applyFilters(); });
    row.appendChild(box); row.appendChild(swatch(styleObj, isEdge));
    row.appendChild(el("span", "name", name || "(none)"));
    if (gloss) row.appendChild(el("span", "gloss", gloss));
    row.appendChild(el("span", "count", count));
    container.appendChild(row);
    state[name] = true;
  }
  var typeCounts = countBy(nodes, "type"), relationCounts = countBy(edges, "r");
  var typeNames = Object.keys(DATA.types).filter(function (t) { return typeCounts[t]; });
  Object.keys(typeCounts).forEach(function (t) { if (!DATA.types[t]) typeNames.push(t); });
  typeNames.forEach(function (t) {
    addFilter(document.getElementById("type-filters"), t, typeStyle(t).gloss, typeCounts[t], typeStyle(t),
              false, typeOn);
  });
  var relationNames = Object.keys(DATA.relations).filter(function (r) { return relationCounts[r]; });
  Object.keys(relationCounts).forEach(function (r) { if (!DATA.relations[r]) relationNames.push(r); });
  relationNames.forEach(function (r) {
    addFilter(document.getElementById("relation-filters"), r, relationStyle(r).gloss, relationCounts[r],
              relationStyle(r), true, relationOn);
  });

  function applyFilters() {
    cy.batch(function () {
      cy.nodes().forEach(function (n) { n.toggleClass("filtered", !typeOn[n.data("type")]); });
      cy.edges().forEach(function (e) {
        e.toggleClass("filtered", !relationOn[e.data("relation")] ||
                                  e.source().hasClass("filtered") || e.target().hasClass("filtered"));
      });
    });
    updateCounts();
  }
  function updateCounts() {
    var shownNodes = cy.nodes().not(".filtered").length, shownEdges = cy.edges().not(".filtered").length;
    document.getElementById("counts").textContent =
      shownNodes + " / " + nodes.length + " 节点 nodes · " + shownEdges + " / " + edges.length + " 边 edges";
    statusEl.setAttribute("data-visible-nodes", String(shownNodes));
    statusEl.setAttribute("data-visible-edges", String(shownEdges));
  }

  // ---- side panel -----------------------------------------------------------------------------------------
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function nodeLink(i) {
    var button = el("button", "link", nodes[i].label);
    button.type = "button";
    button.addEventListener("click", function () { focusNode(i, true); });
    return button;
  }
  function badge(type) {
    var b = el("span", "badge", type + (typeStyle(type).gloss ? " " + typeStyle(type).gloss : ""));
    b.style.backgroundColor = typeStyle(type).color;
    return b;
  }
  function facts(pairs) {
    var dl = el("dl", "facts");
    pairs.forEach(function (pair) {
      if (pair[1] === undefined || pair[1] === null || pair[1] === "") return;
      dl.appendChild(el("dt", null, pair[0]));
      var dd = el("dd");
      if (pair[1] instanceof Node) dd.appendChild(pair[1]); else dd.textContent = String(pair[1]);
      dl.appendChild(dd);
    });
    return dl;
  }
  // The sentence with the names of both ends marked, built from text nodes (never HTML).
  function markedSentence(text, names) {
    var container = el("div", "sentence");
    var spans = [];
    names.forEach(function (name) {
      if (!name) return;
      var from = 0, at;
      while ((at = text.indexOf(name, from)) >= 0) {
        spans.push([at, at + name.length]);
        from = at + name.length;
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var cursor = 0;
    spans.forEach(function (span) {
      if (span[0] < cursor) return;
      if (span[0] > cursor) container.appendChild(document.createTextNode(text.slice(cursor, span[0])));
      container.appendChild(el("mark", null, text.slice(span[0], span[1])));
      cursor = span[1];
    });
    if (cursor < text.length) container.appendChild(document.createTextNode(text.slice(cursor)));
    return container;
  }
  function namesOf(i) { return [nodes[i].label].concat(nodes[i].aliases || []); }
  function evidenceBlock(edge, evidence) {
    var box = el("div", "evidence");
    var sentence = evidence[0] >= 0 ? DATA.sentences[evidence[0]] : null;
    if (sentence && sentence[3]) {
      box.appendChild(markedSentence(String(sentence[3]), namesOf(edge.s).concat(namesOf(edge.t))));
    } else {
      box.appendChild(el("div", "sentence more", "(no source sentence recorded)"));
    }
    var meta = [];
    if (sentence && sentence[0] !== null) meta.push("doc " + sentence[0]);
    if (sentence && sentence[1] !== null && sentence[2] !== null) {
      meta.push("chars " + sentence[1] + "–" + sentence[2]);
    }
    if (evidence[1]) meta.push("rule " + evidence[1]);
    if (evidence[2] !== null && evidence[2] !== undefined) meta.push("confidence " + evidence[2]);
    box.appendChild(el("div", "meta", meta.join(" · ")));
    if (evidence[3]) box.title = "assertion " + evidence[3];  // a tooltip: IRIs are long and rarely read
    return box;
  }
  function assertionBlock(edgeIndex, fromNode) {
    var edge = edges[edgeIndex];
    var block = el("div", "assertion");
    var line = el("div");
    line.appendChild(edge.s === fromNode ? el("b", null, nodes[edge.s].label) : nodeLink(edge.s));
    var gloss = relationStyle(edge.r).gloss;
    var rel = el("span", "rel", " —" + edge.r + (gloss ? " " + gloss : "") + "→ ");
    rel.style.color = relationStyle(edge.r).color;
    line.appendChild(rel);
    line.appendChild(edge.t === fromNode ? el("b", null, nodes[edge.t].label) : nodeLink(edge.t));
    block.appendChild(line);
    edge.ev.forEach(function (evidence) { block.appendChild(evidenceBlock(edge, evidence)); });
    return block;
  }
  function showNode(i) {
    var n = nodes[i];
    clear(panel);
    panel.appendChild(el("h2", null, n.label));
    panel.appendChild(badge(n.type));
    panel.appendChild(el("div", "iri", n.id));
    var pairs = [["别名 aliases", (n.aliases || []).join("、")]];
    Object.keys(n.attrs || {}).sort().forEach(function (key) {
      var value = n.attrs[key];
      if (Array.isArray(value)) value = value.join("、");
      else if (typeof value === "object") value = JSON.stringify(value);
      pairs.push([key, value]);
    });
    var incident = [];
    edges.forEach(function (e, k) { if (e.s === i || e.t === i) incident.push(k); });
    pairs.push(["关系 relations", incident.length]);
    panel.appendChild(facts(pairs));
    panel.appendChild(el("h3", null, "关系与来源 Relations and sources"));
    incident.sort(function (a, b) { return (edges[a].s === i ? 0 : 1) - (edges[b].s === i ? 0 : 1); });
    incident.slice(0, MAX_LISTED).forEach(function (k) { panel.appendChild(assertionBlock(k, i)); });
    if (incident.length > MAX_LISTED) {
      panel.appendChild(el("p", "more", "… " + (incident.length - MAX_LISTED) + " more"));
    }
    statusEl.setAttribute("data-selected", n.id);
    statusEl.setAttribute("data-selected-label", n.label);
  }
  function showEdge(k) {
    var edge = edges[k];
    clear(panel);
    var heading = el("h2", null, edge.r);
    heading.style.color = relationStyle(edge.r).color;
    panel.appendChild(heading);
    panel.appendChild(facts([["关系 relation", edge.r + " " + relationStyle(edge.r).gloss],
                             ["主体 head", nodeLink(edge.s)], ["客体 tail", nodeLink(edge.t)],
                             ["断言 assertions", edge.ev.length]]));
    panel.appendChild(el("h3", null, "来源 Sources"));
    edge.ev.forEach(function (evidence) { panel.appendChild(evidenceBlock(edge, evidence)); });
    statusEl.setAttribute("data-selected", "edge:" + k);
    statusEl.setAttribute("data-selected-label",
                          nodes[edge.s].label + " " + edge.r + " " + nodes[edge.t].label);
  }
  function focusNode(i, move) {
    var target = nodeEl(i);
    cy.elements().unselect();
    target.select();
    showNode(i);
    if (move) cy.animate({ center: { eles: target }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 300 });
  }
  cy.on("tap", "node", function (event) { showNode(event.target.data("idx")); });
  cy.on("tap", "edge", function (event) { showEdge(event.target.data("idx")); });

  // ---- search (names and aliases) ------------------------------------------------------------------------
  function normalise(text) { return String(text).toLowerCase().replace(/[\s"'“”‘’《》「」『』]/g, ""); }
  var searchKeys = nodes.map(function (n) { return [n.label].concat(n.aliases || []).map(normalise); });
  var searchBox = document.getElementById("search");
  var resultsList = document.getElementById("results");

  function search(query) {
    var wanted = normalise(query);
    cy.elements().removeClass("match faded");
    clear(resultsList);
    document.getElementById("results-section").style.display = wanted ? "block" : "none";
    statusEl.setAttribute("data-search", query);
    if (!wanted) { lastView = null; statusEl.setAttribute("data-matches", "[]"); return []; }
    var exact = [], partial = [];
    searchKeys.forEach(function (keys, i) {
      if (keys.indexOf(wanted) >= 0) exact.push(i);
      else if (keys.some(function (k) { return k.indexOf(wanted) >= 0; })) partial.push(i);
    });
    exact.sort(function (a, b) { return (nodes[a].label.length - nodes[b].label.length); });
    var found = exact.concat(partial);
    var matchedLabels = found.slice(0, 50).map(function (i) { return nodes[i].label; });
    statusEl.setAttribute("data-matches", JSON.stringify(matchedLabels));
    if (!found.length) { resultsList.appendChild(el("li", "more", "无结果 no match")); return found; }
    found.slice(0, 30).forEach(function (i) {
      var item = el("li"); item.appendChild(nodeLink(i));
      var via = (nodes[i].aliases || []).filter(function (a) { return normalise(a).indexOf(wanted) >= 0; });
      if (via.length && normalise(nodes[i].label).indexOf(wanted) < 0) {
        item.appendChild(el("span", "gloss", " (" + via[0] + ")"));
      }
      resultsList.appendChild(item);
    });
    var matched = cy.collection();
    found.slice(0, 200).forEach(function (i) { matched = matched.union(nodeEl(i)); });
    var context = matched.closedNeighborhood();
    cy.batch(function () {
      cy.elements().not(context).addClass("faded");
      matched.addClass("match");
    });
    cy.elements().unselect();
    nodeEl(found[0]).select();
    showNode(found[0]);
    lastView = nodeEl(found[0]).closedNeighborhood();  // the best match; the others are marked and listed
    fitView();
    return found;
  }

  // Until the reader pans or zooms, keep the picture fitted to the window (or to the search result): the
  // window may still be resizing when the page first draws (headless screenshots, notebook iframes).
  var lastView = null, followWindow = true;
  function fitView() {
    var target = (lastView || cy.elements()).not(".filtered");
    cy.fit(target, lastView ? 60 : 30);
    if (lastView && cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(target); }
  }
  ["wheel", "mousedown", "touchstart"].forEach(function (name) {
    document.getElementById("cy").addEventListener(name, function () { followWindow = false; },
                                                   { passive: true });
  });
  window.addEventListener("resize", function () {
    cy.resize();
    if (followWindow) fitView();
  });
  var pending = null;
  searchBox.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { search(searchBox.value); }, 150);
  });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") search(searchBox.value);
  });
  document.getElementById("fit").addEventListener("click", function () {
    searchBox.value = ""; search(""); lastView = null; followWindow = true; fitView();
  });

  // "#search=中科院" opens the page with that search done, so a link or a test can ask for it.
  function fromHash() {
    var match = /(?:^#|&)search=([^&]*)/.exec(window.location.hash);
    if (!match) return;
    var query;
    try { query = decodeURIComponent(match[1].replace(/\+/g, " ")); } catch (err) { query = match[1]; }
    searchBox.value = query;
    search(query);
  }
  window.addEventListener("hashchange", fromHash);

  // ---- status for tests and tools ------------------------------------------------------------------------
  statusEl.setAttribute("data-nodes", String(cy.nodes().length));
  statusEl.setAttribute("data-edges", String(cy.edges().length));
  var assertionCount = edges.reduce(function (sum, e) { return sum + e.ev.length; }, 0);
  statusEl.setAttribute("data-assertions", String(assertionCount));
  updateCounts();
  fromHash();
  function paintedPixels() {
    var total = 0;
    Array.prototype.forEach.call(document.querySelectorAll("#cy canvas"), function (canvas) {
      if (!canvas.width || !canvas.height) return;
      var pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      for (var p = 3; p < pixels.length; p += 16) if (pixels[p] > 0) total += 1;
    });
    return total;
  }
  cy.ready(function () {
    requestAnimationFrame(function () { requestAnimationFrame(function () {
      statusEl.setAttribute("data-painted", String(paintedPixels()));
      // Milliseconds since navigation: data parsed, graph built, first frame painted (for benchmarks).
      statusEl.setAttribute("data-parsed-ms", String(Math.round(parsedAt)));
      statusEl.setAttribute("data-built-ms", String(Math.round(drawnAt)));
      statusEl.setAttribute("data-render-ms", String(Math.round(performance.now())));
      statusEl.setAttribute("data-ready", "1");
    }); });
  });
  window.kgViewer = { cy: cy, search: search, showNode: showNode, showEdge: showEdge };
})();
"""
