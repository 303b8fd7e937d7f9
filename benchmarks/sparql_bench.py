"""SPARQL benchmark: pyoxigraph vs rdflib on ≥ 1 million triples in the shape ``kg.graph`` builds.

The data is generated deterministically (``--seed``) as synthetic extraction records and turned into quads
by the real :func:`kg.graph.records_to_quads`, so the benchmark measures the layout the project ships:
per-document named graphs, reified relation assertions, mentions, and the merged entities graph. Both
engines then load the same N-Quads file and answer the same queries over the union of the named graphs.

Run (low priority; a model trains on the same cores)::

    nice -n 10 .venv/bin/python benchmarks/sparql_bench.py --docs 7000 --out benchmarks/data

Results go to stdout and, as JSON, to ``OUT/sparql_bench.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Imported after the sys.path tweak so the script runs from a checkout without installing kg.
from kg.graph import entity_iri, name_from_iri, records_to_quads, write_nquads
from kg.store import KnowledgeGraph, copy_to_memory

PREFIXES = """PREFIX kg: <https://w3id.org/cnpolicykg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

ONE_HOP = PREFIXES + """SELECT ?relation ?direction ?other ?otherLabel WHERE {
  VALUES ?relation { kg:investsIn kg:leads kg:participatesIn kg:pursues kg:issues kg:collaboratesWith
                     kg:partOf kg:affiliatedWith kg:locatedIn }
  { <%s> ?relation ?other . BIND("out" AS ?direction) }
  UNION
  { ?other ?relation <%s> . BIND("in" AS ?direction) }
  ?other rdfs:label ?otherLabel .
}"""

AGGREGATES: dict[str, str] = {
    "relations_per_predicate": PREFIXES + """
SELECT ?predicate (COUNT(?a) AS ?n) (AVG(?c) AS ?meanConfidence) WHERE {
  ?a a kg:RelationAssertion ; rdf:predicate ?predicate ; kg:confidence ?c .
} GROUP BY ?predicate ORDER BY DESC(?n)""",
    "top_organisations_by_degree": PREFIXES + """SELECT ?org (COUNT(?a) AS ?degree) WHERE {
  ?org a kg:Organization .
  { ?a rdf:subject ?org } UNION { ?a rdf:object ?org }
} GROUP BY ?org ORDER BY DESC(?degree) LIMIT 10""",
    "goals_by_target_year": PREFIXES + """
SELECT ?year (COUNT(DISTINCT ?goal) AS ?goals) (COUNT(DISTINCT ?actor) AS ?actors) WHERE {
  ?goal kg:targetYear ?year .
  ?actor kg:pursues ?goal .
} GROUP BY ?year ORDER BY ?year""",
}

# Relation → (head labels, tail labels) as in ANNOTATION.md.
SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "invests_in": (("ORG",), ("PROJECT",)),
    "leads": (("ORG", "PERSON"), ("PROJECT",)),
    "participates_in": (("ORG", "PERSON"), ("PROJECT",)),
    "pursues": (("ORG", "PROJECT"), ("GOAL",)),
    "issues": (("ORG",), ("POLICY", "PROJECT")),
    "collaborates_with": (("ORG",), ("ORG",)),
    "part_of": (("ORG",), ("ORG",)),
    "affiliated_with": (("PERSON",), ("ORG",)),
    "located_in": (("ORG", "PROJECT"), ("LOC",)),
}
TYPE_SHARE = {"ORG": 0.3, "PERSON": 0.15, "LOC": 0.08, "PROJECT": 0.25, "GOAL": 0.1, "POLICY": 0.12}
TYPE_WORD = {"ORG": "研究院", "PERSON": "人物", "LOC": "地区",
             "PROJECT": "工程", "GOAL": "目标", "POLICY": "方案"}


def synthetic_records(docs: int, entities: int, seed: int) -> list[dict[str, Any]]:
    """Deterministic records: ``docs`` documents, ~8 mentions and ~6 relations each, over ``entities`` names.

    Entity popularity is skewed (Pareto) so some organisations are hubs, as in real news.
    """
    rng = random.Random(seed)
    pools: dict[str, list[str]] = {}
    for label, share in TYPE_SHARE.items():
        pools[label] = [f"测试{TYPE_WORD[label]}{i:06d}" for i in range(max(10, int(entities * share)))]

    def pick(label: str) -> str:
        pool = pools[label]
        index = min(len(pool) - 1, int(rng.paretovariate(1.2)) - 1 + rng.randrange(len(pool)) // 50)
        return pool[index] if rng.random() < 0.3 else pool[rng.randrange(len(pool))]

    goal_years = {name: 2025 + (i % 8) * 5 for i, name in enumerate(pools["GOAL"]) if i % 3 == 0}
    records = []
    relation_names = list(SIGNATURES)
    for d in range(docs):
        text_parts: list[str] = []
        entities_out: list[dict[str, Any]] = []
        relations_out: list[dict[str, Any]] = []
        seen_goals: set[str] = set()
        for _ in range(rng.randint(4, 8)):
            relation = rng.choice(relation_names)
            heads, tails = SIGNATURES[relation]
            head_label, tail_label = rng.choice(heads), rng.choice(tails)
            head, tail = pick(head_label), pick(tail_label)
            if head == tail:
                continue
            if relation == "part_of" and head < tail:
                head, tail = tail, head  # units point to lower-numbered parents: a forest, as real hierarchies are
            sentence_start = sum(len(p) for p in text_parts)
            sentence = f"{head}与{tail}相关工作取得进展。"
            text_parts.append(sentence)
            for name, label, offset in ((head, head_label, 0), (tail, tail_label, len(head) + 1)):
                start = sentence_start + offset
                entities_out.append({"start": start, "end": start + len(name), "label": label, "text": name,
                                     "canonical": name, "rule": f"ner.{label.lower()}", "confidence": 0.8})
                if label == "GOAL":
                    seen_goals.add(name)
            relations_out.append({
                "head": head, "head_label": head_label, "relation": relation, "tail": tail,
                "tail_label": tail_label, "confidence": round(rng.uniform(0.5, 0.99), 2),
                "rule": f"rel.{relation}.r{rng.randrange(5)}",
                "evidence": {"start": sentence_start, "end": sentence_start + len(sentence),
                             "text": sentence}})
        records.append({
            "doc": f"bench-{d // 100:04d}#{d % 100:02d}", "title": f"测试文档{d}",
            "source": f"测试网{d % 20}",
            "path": f"seeds/bench-{d // 100:04d}.txt", "raw_start": 0, "text": "".join(text_parts),
            "entities": entities_out, "relations": relations_out,
            "goal_attributes": [{"goal": g, "target_year": goal_years[g], "quantity": None}
                                for g in sorted(seen_goals) if g in goal_years]})
    return records


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def cpu_timed(function: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of one call. CPU time is what to compare on a machine shared with other jobs:
    it does not count the time the process waited for a core."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def generate(args: argparse.Namespace, nq_path: Path) -> tuple[float, float, float, int, list[str]]:
    """Generate records → quads → N-Quads; return the three timings, the quad count and all entity IRIs."""
    seconds, records = timed(lambda: synthetic_records(args.docs, args.entities, args.seed))
    seconds_q, quads = timed(lambda: records_to_quads(records))
    seconds_w, quad_count = timed(lambda: write_nquads(quads, nq_path))
    all_entities = sorted({str(entity_iri(e["canonical"])) for r in records for e in r["entities"]})
    return seconds, seconds_q, seconds_w, quad_count, all_entities


def rdflib_graph_options(store_dir: Path, out: Path, probe: list[str]) -> dict[str, Any]:
    """How KnowledgeGraph.rdflib_graph() should build its graph: time both candidates on the merged Turtle.

    (a) rdflib's own Turtle parser into its in-memory store; (b) oxrdflib, rdflib's Graph API over a
    pyoxigraph in-memory store, parsing with Oxigraph's parser. Each: parse time, 50 one-hop triples() calls.
    """
    store = ox.Store.read_only(str(store_dir))
    ttl_path = out / "bench.ttl"
    merged = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    assert isinstance(merged, ox.QueryTriples)  # a CONSTRUCT query
    ox.serialize(merged, ttl_path, format=ox.RdfFormat.TURTLE)
    timings: dict[str, Any] = {"ttl_bytes": ttl_path.stat().st_size}

    def one_hop_triples(graph: rdflib.Graph, entity: str) -> int:
        return sum(1 for _ in graph.triples((rdflib.URIRef(entity), None, None)))

    for name, make, fmt in (("rdflib_parse", lambda: rdflib.Graph(), "turtle"),
                            ("oxrdflib_parse", lambda: rdflib.Graph(store="Oxigraph"), "ox-turtle")):
        graph = make()
        parse_s, _ = timed(partial(graph.parse, str(ttl_path), format=fmt))
        lookups = [timed(partial(one_hop_triples, graph, e))[0] for e in probe]
        timings[name] = {"parse_s": parse_s, "triples": len(graph),
                         "one_hop_triples_p50_ms": percentile(lookups, 0.5) * 1000}
        p50 = timings[name]["one_hop_triples_p50_ms"]
        print(f"{name}: parse {parse_s:.1f} s, triples() p50 {p50:.2f} ms", flush=True)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=7000)
    parser.add_argument("--entities", type=int, default=40000)
    parser.add_argument("--seed", type=int, default=20210128)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data"))
    parser.add_argument("--lookups", type=int, default=300, help="one-hop lookups on Oxigraph")
    parser.add_argument("--rdflib-lookups", type=int, default=50, help="one-hop lookups on rdflib")
    parser.add_argument("--reps", type=int, default=3, help="interleaved repetitions of each aggregate")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--skip-rdflib-graph", action="store_true",
                        help="skip timing the two ways of getting an rdflib Graph of the merged graph")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(), "pyoxigraph_version": ox.__version__,
        "rdflib_version": rdflib.__version__, "args": {k: str(v) for k, v in vars(args).items()},
        "cpus": os.cpu_count(), "loadavg_at_start": os.getloadavg()}

    nq_path = args.out / "bench.nq"
    seconds, seconds_q, seconds_w, quad_count, all_entities = generate(args, nq_path)
    results["generate"] = {"records_s": seconds, "quads_s": seconds_q, "write_s": seconds_w,
                           "quads": quad_count, "nq_bytes": nq_path.stat().st_size}
    print(f"generated {quad_count:,} quads ({nq_path.stat().st_size / 1e6:.0f} MB) "
          f"in {seconds + seconds_q + seconds_w:.1f} s", flush=True)

    rng = random.Random(args.seed)
    probe = [rng.choice(all_entities) for _ in range(max(args.lookups, args.rdflib_lookups))]

    # --- Oxigraph
    store_dir = args.out / "bench-store"
    shutil.rmtree(store_dir, ignore_errors=True)
    store = ox.Store(str(store_dir))
    start = time.perf_counter()
    store.bulk_load(path=str(nq_path), format=ox.RdfFormat.N_QUADS)
    load_s = time.perf_counter() - start
    store.optimize()
    print(f"oxigraph bulk_load {load_s:.1f} s", flush=True)

    def ox_query(sparql: str) -> int:
        result = store.query(sparql, use_default_graph_as_union=True)
        assert not isinstance(result, ox.QueryBoolean)  # no ASK queries here: rows to count
        return len(list(result))

    ox_hops = [timed(partial(ox_query, ONE_HOP % (e, e)))[0] for e in probe[: args.lookups]]
    ox_aggregates: dict[str, dict[str, Any]] = {}
    for name, sparql in AGGREGATES.items():
        runs = [timed(partial(ox_query, sparql)) for _ in range(5)]
        ox_aggregates[name] = {"median_s": statistics.median(t for t, _ in runs), "rows": runs[0][1]}
        print(f"oxigraph {name}: {ox_aggregates[name]['median_s'] * 1000:.0f} ms ({runs[0][1]} rows)",
              flush=True)
    results["oxigraph"] = {"load_s": load_s, "one_hop_p50_ms": percentile(ox_hops, 0.5) * 1000,
                           "one_hop_p95_ms": percentile(ox_hops, 0.95) * 1000, "one_hop_runs": len(ox_hops),
                           "aggregates": ox_aggregates}

    # --- Oxigraph in memory: what kg.load(OUTDIR, in_memory=True) gives (the on-disk store's graph.nq loaded
    # into an in-memory Oxigraph store), the like-for-like peer of rdflib's in-memory store.
    mem_load_s, memory = timed(lambda: copy_to_memory(store, store_dir, nq_path))
    print(f"oxigraph in-memory copy {mem_load_s:.1f} s", flush=True)

    def mem_query(sparql: str) -> int:
        result = memory.query(sparql, use_default_graph_as_union=True)
        assert not isinstance(result, ox.QueryBoolean)  # no ASK queries here: rows to count
        return len(list(result))

    mem_hops = [timed(partial(mem_query, ONE_HOP % (e, e)))[0] for e in probe[: args.lookups]]
    mem_aggregates: dict[str, dict[str, Any]] = {}
    for name, sparql in AGGREGATES.items():
        runs = [timed(partial(mem_query, sparql)) for _ in range(5)]
        mem_aggregates[name] = {"median_s": statistics.median(t for t, _ in runs), "rows": runs[0][1]}
        print(f"oxigraph in memory {name}: {mem_aggregates[name]['median_s'] * 1000:.0f} ms", flush=True)
    results["oxigraph_memory"] = {"load_s": mem_load_s, "one_hop_p50_ms": percentile(mem_hops, 0.5) * 1000,
                                  "one_hop_p95_ms": percentile(mem_hops, 0.95) * 1000,
                                  "aggregates": mem_aggregates}
    print(f"oxigraph one-hop p50 {results['oxigraph']['one_hop_p50_ms']:.2f} ms "
          f"p95 {results['oxigraph']['one_hop_p95_ms']:.2f} ms", flush=True)
    # The user-facing path: KnowledgeGraph.lookup(name) = resolve the name + attributes + facts + mentions.
    graph = KnowledgeGraph(store)
    names = [name_from_iri(e) for e in probe[:100]]
    lookups = [timed(partial(graph.lookup, n))[0] for n in names]
    results["oxigraph"]["kg_lookup_p50_ms"] = percentile(lookups, 0.5) * 1000
    results["oxigraph"]["kg_lookup_p95_ms"] = percentile(lookups, 0.95) * 1000
    print(f"KnowledgeGraph.lookup p50 {results['oxigraph']['kg_lookup_p50_ms']:.2f} ms "
          f"p95 {results['oxigraph']['kg_lookup_p95_ms']:.2f} ms", flush=True)

    # The researcher queries of queries/ on the same million triples (their VALUES name fixture entities, so
    # some answer nothing here; what is measured is the cost of their plans).
    researcher: dict[str, float] = {}
    for path in sorted((Path(__file__).resolve().parent.parent / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        researcher[path.name] = statistics.median(timed(partial(ox_query, text))[0] for _ in range(3)) * 1000
    results["oxigraph"]["queries_ms"] = researcher
    print("queries/: " + ", ".join(f"{k} {v:.0f} ms" for k, v in researcher.items()), flush=True)
    results["loadavg_after_oxigraph"] = os.getloadavg()

    # --- rdflib (in-memory store, union default graph)
    if not args.skip_rdflib:
        dataset = rdflib.Dataset(default_union=True)
        load_r, _ = timed(lambda: dataset.parse(str(nq_path), format="nquads"))
        print(f"rdflib parse {load_r:.1f} s", flush=True)

        def rdflib_query(sparql: str) -> int:
            return len(list(dataset.query(sparql)))

        rdflib_hops = [timed(partial(rdflib_query, ONE_HOP % (e, e)))[0]
                       for e in probe[: args.rdflib_lookups]]
        # Interleaved: each repetition times Oxigraph (median of 5) and rdflib (once) back to back, so a load
        # spike from other jobs on the machine hits both sides of a ratio; the reported ratio is the median.
        rdflib_aggregates: dict[str, dict[str, Any]] = {}
        for name, sparql in AGGREGATES.items():
            ratios, cpu_ratios, rdflib_times, ox_times, rdflib_cpu, ox_cpu = [], [], [], [], [], []
            mem_ratios, mem_cpu_ratios, mem_times = [], [], []
            rows = 0
            for _ in range(args.reps):
                ox_runs = [cpu_timed(partial(ox_query, sparql)) for _ in range(5)]
                ox_wall = statistics.median(run[0] for run in ox_runs)
                ox_cpu_s = statistics.median(run[1] for run in ox_runs)
                mem_runs = [cpu_timed(partial(mem_query, sparql)) for _ in range(5)]
                mem_wall = statistics.median(run[0] for run in mem_runs)
                mem_cpu_s = statistics.median(run[1] for run in mem_runs)
                wall_r, cpu_r, rows = cpu_timed(partial(rdflib_query, sparql))
                mem_times.append(mem_wall)
                mem_ratios.append(wall_r / mem_wall)
                mem_cpu_ratios.append(cpu_r / max(mem_cpu_s, 1e-6))
                ox_times.append(ox_wall)
                ox_cpu.append(ox_cpu_s)
                rdflib_times.append(wall_r)
                rdflib_cpu.append(cpu_r)
                ratios.append(wall_r / ox_wall)
                cpu_ratios.append(cpu_r / max(ox_cpu_s, 1e-6))
            rdflib_aggregates[name] = {"median_s": statistics.median(rdflib_times), "rows": rows,
                                       "cpu_median_s": statistics.median(rdflib_cpu),
                                       "oxigraph_interleaved_median_s": statistics.median(ox_times),
                                       "oxigraph_interleaved_cpu_median_s": statistics.median(ox_cpu),
                                       "ratio_median": statistics.median(ratios), "ratios": ratios,
                                       "cpu_ratio_median": statistics.median(cpu_ratios), "cpu_ratios": cpu_ratios,
                                       "oxigraph_memory_interleaved_median_s": statistics.median(mem_times),
                                       "memory_ratio_median": statistics.median(mem_ratios),
                                       "memory_ratios": mem_ratios,
                                       "memory_cpu_ratio_median": statistics.median(mem_cpu_ratios)}
            print(f"rdflib {name}: {statistics.median(rdflib_times):.1f} s ({rows} rows), Oxigraph "
                  f"{statistics.median(ox_times) * 1000:.0f} ms: {statistics.median(ratios):.0f}x faster "
                  f"(runs: {', '.join(f'{r:.0f}x' for r in ratios)}); CPU time "
                  f"{statistics.median(rdflib_cpu):.1f} s vs {statistics.median(ox_cpu) * 1000:.0f} ms: "
                  f"{statistics.median(cpu_ratios):.0f}x; in-memory Oxigraph "
                  f"{statistics.median(mem_times) * 1000:.0f} ms: {statistics.median(mem_ratios):.0f}x "
                  f"(CPU {statistics.median(mem_cpu_ratios):.0f}x)", flush=True)
        results["rdflib"] = {"load_s": load_r, "one_hop_p50_ms": percentile(rdflib_hops, 0.5) * 1000,
                             "one_hop_p95_ms": percentile(rdflib_hops, 0.95) * 1000,
                             "one_hop_runs": len(rdflib_hops), "aggregates": rdflib_aggregates}
        results["ratios"] = {
            "load": load_r / load_s,
            "one_hop_p50": results["rdflib"]["one_hop_p50_ms"] / results["oxigraph"]["one_hop_p50_ms"],
            **{name: rdflib_aggregates[name]["ratio_median"] for name in AGGREGATES},
            "one_hop_p50_memory": results["rdflib"]["one_hop_p50_ms"] / results["oxigraph_memory"]["one_hop_p50_ms"],
            **{f"{name}_memory": rdflib_aggregates[name]["memory_ratio_median"] for name in AGGREGATES},
        }
        print(f"rdflib one-hop p50 {results['rdflib']['one_hop_p50_ms']:.1f} ms; ratios {results['ratios']}",
              flush=True)

    results["loadavg_after_rdflib"] = os.getloadavg()
    if not args.skip_rdflib_graph:
        results["rdflib_graph"] = rdflib_graph_options(store_dir, args.out, probe[:50])

    (args.out / "sparql_bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
