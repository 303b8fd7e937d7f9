"""How long `kg export --format html` takes for 5,000 nodes, how big the page is, how fast it draws.

    .venv/bin/python benchmarks/html_5000.py [--nodes 5000] [--out benchmarks/data/html_5000.html] [--browser]

The graph is synthetic but shaped like the news graph: entities drawn from a Zipf distribution over
articles (a few hubs such as 中国科学院 and 国家发展改革委, a long tail seen once), 3–6 entities per article,
one evidence sentence per assertion. Results go in benchmarks/HTML.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg import export

TYPES = ["ORG"] * 40 + ["LOC"] * 15 + ["PROJECT"] * 15 + ["GOAL"] * 10 + ["POLICY"] * 10 + ["PERSON"] * 10
# Which relation a (head type, tail type) pair gets; pairs not listed get no edge.
RELATION_FOR = {
    ("ORG", "PROJECT"): "participates_in", ("ORG", "GOAL"): "pursues", ("ORG", "POLICY"): "issues",
    ("ORG", "ORG"): "collaborates_with", ("ORG", "LOC"): "located_in", ("PERSON", "ORG"): "affiliated_with",
    ("PERSON", "PROJECT"): "leads", ("PROJECT", "GOAL"): "pursues", ("PROJECT", "LOC"): "located_in",
}
SYLLABLES = "中国科学院能源交通技术创新中心生态环境部发展改革委员会国家电网上海市江苏省工程项目碳达峰中和"


def synthetic_graph(node_count: int, seed: int = 7) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    for i in range(node_count):
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 12))) + str(i)
        graph.add_node(f"https://w3id.org/cnpolicykg/entity/e{i}", label=name, type=rng.choice(TYPES),
                       aliases=[name[:3] + str(i)] if rng.random() < 0.2 else [])
    nodes = list(graph.nodes)
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(node_count)]  # Zipf: hubs and a long tail
    assertion = 0
    # 0.8 articles per entity, 3–4 entities each: ~2 assertions per entity, as in the news graph.
    for article in range(1, int(node_count * 0.8) + 1):
        mentioned = dict.fromkeys(rng.choices(nodes, weights=weights, k=rng.randint(1, 2)))
        mentioned.update(dict.fromkeys(rng.sample(nodes, 2)))  # long-tail entities seen once
        sentence = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(30, 90))) + "。"
        for head in mentioned:
            for tail in mentioned:
                relation = RELATION_FOR.get((graph.nodes[head]["type"], graph.nodes[tail]["type"]))
                if head == tail or relation is None or rng.random() < 0.3:
                    continue
                assertion += 1
                graph.add_edge(head, tail, key=f"https://w3id.org/cnpolicykg/assertion/{assertion}",
                               relation=relation, confidence=round(rng.uniform(0.5, 0.95), 2),
                               rule=f"rel.{relation}.synthetic", doc=f"doc-{article}#1", sentence=sentence,
                               start=0, end=len(sentence))
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data/html_5000.html"))
    parser.add_argument("--browser", action="store_true", help="also time headless Chromium drawing the page")
    args = parser.parse_args()

    started = time.perf_counter()
    graph = synthetic_graph(args.nodes)
    built = time.perf_counter()
    layout = export.compute_layout(graph)
    laid_out = time.perf_counter()
    export.to_html(graph, args.out, title=f"benchmark {args.nodes} nodes")
    written = time.perf_counter()
    components = nx.number_weakly_connected_components(graph)
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} assertions, "
          f"{components} components (synthetic, built in {built - started:.1f} s)")
    print(f"layout alone: {laid_out - built:.2f} s (len {len(layout)})")
    print(f"to_html total (layout + page): {written - laid_out:.2f} s")
    print(f"page size: {args.out.stat().st_size / 1e6:.2f} MB ({args.out})")

    if args.browser:
        with tempfile.TemporaryDirectory() as profile:
            command = ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                       "--disable-background-networking", "--disable-component-update", "--disable-sync",
                       f"--user-data-dir={profile}", "--window-size=1400,900", "--virtual-time-budget=30000",
                       "--dump-dom", args.out.resolve().as_uri()]
            browser_started = time.perf_counter()
            dom = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True).stdout
            browser_seconds = time.perf_counter() - browser_started
        status = re.search(r'<div id="status"([^>]*)>', dom)
        print(f"chromium headless, load + draw + dump: {browser_seconds:.1f} s wall; "
              f"status: {status.group(1).strip() if status else 'missing'}")


if __name__ == "__main__":
    main()
