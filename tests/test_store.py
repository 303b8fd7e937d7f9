"""kg.store and kg.cli_graph: the Oxigraph store, KnowledgeGraph views, atomic rebuilds, and the commands."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
import rdflib
import typer
from typer.testing import CliRunner

from kg.cli_graph import register
from kg.graph import KG, entity_iri
from kg.store import (
    STORE_DIRNAME,
    KnowledgeGraph,
    QueryError,
    StoreError,
    build_outputs,
    build_store,
    load,
    shorten,
)

FIXTURE = Path(__file__).parent / "data" / "records_small.jsonl"
SHIP = "国内首艘纯电池动力集装箱船"


def load_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("build")
    build_outputs(load_records(), path)
    return path


@pytest.fixture(scope="module")
def kg(outdir: Path) -> KnowledgeGraph:
    return load(outdir)


# ------------------------------------------------------------------------------------------------ build


def test_build_outputs_summary(tmp_path: Path) -> None:
    summary = build_outputs(load_records(), tmp_path, validate_shapes=True)
    assert summary["documents"] == 3
    assert summary["relations"] == 28 and summary["dropped_relations"] == 0
    assert summary["conforms"] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nq", "graph.ttl", STORE_DIRNAME]


def test_stats(kg: KnowledgeGraph) -> None:
    stats = kg.stats()
    assert stats["documents"] == 3 and stats["relations"] == 28
    assert stats["PERSON"] == 4 and stats["POLICY"] == 1 and stats["GOAL"] == 5


# ------------------------------------------------------------------------------------------------ queries


def test_select_over_the_union_of_document_graphs(kg: KnowledgeGraph) -> None:
    rows = kg.select("SELECT ?org WHERE { ?org kg:pursues id:碳达峰 } ORDER BY ?org")
    assert rows == [{"org": str(entity_iri("中国科学院"))}, {"org": str(entity_iri(SHIP))}]


def test_ask_construct_describe(kg: KnowledgeGraph) -> None:
    assert kg.select("ASK { id:中国科学院沈阳自动化研究所 kg:partOf id:中国科学院 }") is True
    assert kg.select("ASK { id:中国科学院 kg:partOf id:中国科学院沈阳自动化研究所 }") is False
    triples = kg.query("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a kg:Person ; rdfs:label ?l }").triples
    assert len(triples) == 4
    described = kg.query("DESCRIBE id:九章")
    assert described.kind == "graph" and len(described) >= 3


def test_bad_sparql_raises_query_error(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError):
        kg.query("SELECT ?s WHERE { ?s ")


def test_output_formats(kg: KnowledgeGraph) -> None:
    result = kg.query("SELECT ?goal ?year WHERE { ?g rdfs:label ?goal ; kg:targetYear ?year } ORDER BY ?year")
    data = json.loads(result.format("json"))
    assert data["head"]["vars"] == ["goal", "year"]
    first = data["results"]["bindings"][0]
    assert first["goal"] == {"type": "literal", "value": "2030年前碳达峰", "xml:lang": "zh"}
    assert first["year"]["datatype"].endswith("#integer")
    assert list(csv.reader(io.StringIO(result.format("csv")))) == [
        ["goal", "year"], ["2030年前碳达峰", "2030"], ["2060年前碳中和", "2060"]]
    assert result.format("tsv").splitlines() == [
        "?goal\t?year", '"2030年前碳达峰"@zh\t2030', '"2060年前碳中和"@zh\t2060']
    assert "2030年前碳达峰" in result.format("table")
    with pytest.raises(QueryError):
        result.format("turtle")
    construct = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a kg:Policy ; rdfs:label ?l }"
    turtle = kg.query(construct).format("turtle")
    parsed = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(parsed) == 1
    assert json.loads(kg.query("ASK { ?s ?p ?o }").format("json")) == {"head": {}, "boolean": True}


def test_shorten_decodes_entity_names() -> None:
    assert shorten(str(entity_iri("中科院"))) == "id:中科院"
    assert shorten(str(KG.partOf)) == "kg:partOf"
    assert shorten("http://example.org/x") == "<http://example.org/x>"


# ---------------------------------------------------------------------------------------- lookup / path


def test_lookup_by_alias_returns_entity_relations_and_evidence(kg: KnowledgeGraph) -> None:
    view = kg.lookup("中科院")
    assert view is not None
    assert (view.name, view.type, view.aliases) == ("中国科学院", "ORG", ["中科院"])
    described = {fact.describe(view.name) for fact in view.facts}
    assert described == {"中国科学院 -pursues-> 碳达峰",
                         "中国科学院 <-part_of- 中国科学院沈阳自动化研究所",
                         "中国科学院 <-part_of- 中国科学院上海微系统与信息技术研究所"}
    texts = {json.loads(line)["doc"]: json.loads(line)["text"] for line in FIXTURE.read_text().splitlines()}
    for fact in view.facts:  # every fact's evidence is the exact raw span of its document
        assert texts[fact.doc][fact.start:fact.end] == fact.sentence
    mentions = [(m.doc, m.start, m.end, m.text) for m in view.mentions]
    assert mentions == [("fixture-2021-02#03", 155, 158, "中科院")]
    assert view.documents == ["fixture-2021-02#03"]


def test_lookup_variants(kg: KnowledgeGraph) -> None:
    assert kg.lookup("《中国科学院》").name == "中国科学院"  # type: ignore[union-attr]
    assert kg.lookup(str(entity_iri("九章"))).name == "九章"  # type: ignore[union-attr]
    assert kg.lookup("中科院上海微系统所").name == "中国科学院上海微系统与信息技术研究所"  # type: ignore[union-attr]
    goal = kg.lookup("2030年前碳达峰")
    assert goal is not None and goal.target_year == 2030
    assert kg.lookup("不存在的机构") is None
    assert "中国科学院" in kg.suggest("科学院")


def test_lookup_uses_the_normalisers_abbreviation_table(kg: KnowledgeGraph) -> None:
    pytest.importorskip("kg.lexicon")
    # 工程院 is never a mention text in the fixture: only kg/data/abbreviations.tsv knows it
    assert kg.lookup("工程院").name == "中国工程院"  # type: ignore[union-attr]
    assert kg.lookup("国家科技部").name == "科学技术部"  # type: ignore[union-attr]


def test_path_reports_directions(kg: KnowledgeGraph) -> None:
    steps = kg.path("严新平", "国网电动汽车公司")
    assert steps is not None
    assert [step.describe(kg.name) for step in steps] == [
        "严新平 -leads-> 国内首艘纯电池动力集装箱船",
        "国内首艘纯电池动力集装箱船 <-invests_in- 国网电动汽车公司"]
    assert steps[0].data["doc"] == "fixture-2021-02#01"
    # alias-aware ends, and a path through part_of
    via_alias = kg.path("中科院", "机器人学国家重点实验室")
    assert via_alias is not None and [s.relation for s in via_alias] == ["part_of", "part_of"]
    assert [s.forward for s in via_alias] == [False, False]


def test_path_edge_cases(kg: KnowledgeGraph) -> None:
    assert kg.path("中科院", "中国科学院") == []
    assert kg.path("陆昊", "九章") is None  # different components
    with pytest.raises(KeyError):
        kg.path("严新平", "不存在")


# ------------------------------------------------------------------------------------------------ views


def test_networkx_view(kg: KnowledgeGraph) -> None:
    G = kg.to_networkx()
    assert G.number_of_nodes() == 33 and G.number_of_edges() == 28
    cas = str(entity_iri("中国科学院"))
    assert G.nodes[cas] == {"label": "中国科学院", "type": "ORG", "aliases": ["中科院"]}
    goal = G.nodes[str(entity_iri("2030年前碳达峰"))]
    assert goal["type"] == "GOAL" and goal["target_year"] == 2030
    assert G.nodes[str(entity_iri("18亿亩耕地红线"))]["quantity"] == "18亿亩"
    edges = G.get_edge_data(str(entity_iri("国网电动汽车公司")), str(entity_iri(SHIP)))
    assert len(edges) == 1
    key, data = next(iter(edges.items()))
    assert key.startswith("https://w3id.org/cnpolicykg/doc/fixture-2021-02%2301/fact/")
    assert data["relation"] == "invests_in" and data["confidence"] == pytest.approx(0.85)
    assert (data["doc"], data["start"], data["end"]) == ("fixture-2021-02#01", 20, 92)
    assert data["rule"] == "rel.invests_in.fixture" and "国网电动汽车公司投资" in data["sentence"]
    relations = {d["relation"] for _, _, d in G.edges(data=True)}
    assert len(relations) == 9
    G.remove_node(cas)  # a copy: the graph's own view is untouched
    assert cas in kg.to_networkx()


@pytest.mark.parametrize("backend", ["rdflib", "oxrdflib"])
def test_rdflib_graph(kg: KnowledgeGraph, outdir: Path, backend: str) -> None:
    if backend == "oxrdflib":
        pytest.importorskip("oxrdflib")
    graph = kg.rdflib_graph(backend=backend)  # type: ignore[arg-type]
    reference = rdflib.Graph().parse(outdir / "graph.ttl", format="turtle")
    assert len(graph) == len(reference)
    assert (entity_iri("中国科学院"), rdflib.RDFS.label, rdflib.Literal("中国科学院", lang="zh")) in graph


def test_in_memory_graph_from_records() -> None:
    kg = KnowledgeGraph.from_records(load_records())
    assert kg.lookup("中科院").name == "中国科学院"  # type: ignore[union-attr]
    assert len(kg.rdflib_graph(backend="rdflib")) == kg.stats()["quads"]


def _all_quads(graph: KnowledgeGraph) -> set[str]:
    return {str(quad) for quad in graph.store.quads_for_pattern(None, None, None, None)}


def test_load_in_memory_copies_the_store(outdir: Path, kg: KnowledgeGraph) -> None:
    memory = load(outdir, in_memory=True)
    assert memory.store is not kg.store
    assert _all_quads(memory) == _all_quads(kg)
    assert memory.lookup("中科院").name == "中国科学院"  # type: ignore[union-attr]
    # the in-memory copy is the analyst's own: changing it leaves the build untouched
    memory.store.update("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert memory.stats()["quads"] == 0 and kg.stats()["quads"] > 0


def test_load_in_memory_ignores_a_graph_file_newer_than_the_store(tmp_path: Path) -> None:
    records = load_records()
    build_outputs(records, tmp_path)
    reference = _all_quads(load(tmp_path))
    # a build killed after rewriting graph.nq but before swapping the store: the store is the truth
    (tmp_path / "graph.nq").write_text("", encoding="utf-8")
    later = (tmp_path / STORE_DIRNAME).stat().st_mtime + 10
    os.utime(tmp_path / "graph.nq", (later, later))
    assert _all_quads(load(tmp_path, in_memory=True)) == reference


# ---------------------------------------------------------------------------------------- atomic store


def test_missing_build_directory_and_missing_store(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "nope")
    with pytest.raises(StoreError):
        load(tmp_path)


def test_rebuild_replaces_the_store_atomically(tmp_path: Path) -> None:
    records = load_records()
    build_outputs(records[:1], tmp_path)
    old = load(tmp_path)
    assert old.stats()["documents"] == 1
    build_outputs(records, tmp_path)
    assert load(tmp_path).stats()["documents"] == 3
    assert old.stats()["documents"] == 1  # a reader of the old store keeps its snapshot
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nq", "graph.ttl", STORE_DIRNAME]


def test_failed_build_leaves_the_old_store_usable(tmp_path: Path) -> None:
    build_outputs(load_records(), tmp_path)
    broken = tmp_path / "broken.nq"
    broken.write_text("<a> <b> this is not N-Quads .\n")
    with pytest.raises(SyntaxError):
        build_store(tmp_path, broken)
    assert load(tmp_path).stats()["documents"] == 3
    assert not list(tmp_path.glob(".store-build-*"))


def test_killed_builds_leave_a_usable_store(tmp_path: Path) -> None:
    build_outputs(load_records(), tmp_path)
    # killed while loading: a half-built temp directory is ignored, then cleaned by the next build
    (tmp_path / ".store-build-dead").mkdir()
    (tmp_path / ".store-build-dead" / "junk").write_text("x")
    assert load(tmp_path).stats()["documents"] == 3
    # killed between moving the old store aside and renaming the new one in: the old one is still found
    os.rename(tmp_path / STORE_DIRNAME, tmp_path / ".store-old-1-1")
    assert load(tmp_path).stats()["documents"] == 3
    build_store(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nq", "graph.ttl", STORE_DIRNAME]


# ------------------------------------------------------------------------------------------------ CLI


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def run(cli: typer.Typer, *args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_cli_query_formats(cli: typer.Typer, outdir: Path) -> None:
    sparql = "SELECT ?p WHERE { ?p a kg:Person ; rdfs:label ?l } ORDER BY ?l"
    table = run(cli, "query", str(outdir), sparql)
    assert table.exit_code == 0 and "id:严新平" in table.stdout and "4 rows" in table.stdout
    as_json = run(cli, "query", str(outdir), sparql, "--format", "json")
    assert len(json.loads(as_json.stdout)["results"]["bindings"]) == 4
    as_csv = run(cli, "query", str(outdir), sparql, "-f", "csv")
    assert as_csv.stdout.splitlines()[0] == "p"
    as_tsv = run(cli, "query", str(outdir), sparql, "-f", "tsv")
    assert as_tsv.stdout.splitlines()[0] == "?p"
    construct = "CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }"
    turtle = run(cli, "query", str(outdir), construct, "-f", "turtle")
    assert turtle.exit_code == 0 and len(rdflib.Graph().parse(data=turtle.stdout, format="turtle")) == 4
    ask = run(cli, "query", str(outdir), "ASK { ?s kg:partOf ?o }")
    assert ask.stdout.strip() == "true"


def test_cli_query_from_file(cli: typer.Typer, outdir: Path) -> None:
    query_file = Path(__file__).parent.parent / "queries" / "people_and_organisations.rq"
    result = run(cli, "query", str(outdir), str(query_file), "-f", "csv")
    assert result.exit_code == 0 and "严新平" in result.stdout


def test_cli_errors_are_one_line_and_exit_codes(cli: typer.Typer, outdir: Path, tmp_path: Path) -> None:
    bad = run(cli, "query", str(outdir), "SELECT ?s WHERE { ?s ")
    assert bad.exit_code == 2 and bad.stderr.startswith("error: bad SPARQL")
    assert len(bad.stderr.splitlines()) == 1
    assert bad.exception is None or isinstance(bad.exception, SystemExit)
    missing = run(cli, "query", str(tmp_path / "nope"), "ASK {}")
    assert missing.exit_code == 1 and missing.stderr.startswith("error: no build directory")
    empty = run(cli, "lookup", str(tmp_path), "中科院")
    assert empty.exit_code == 1 and "no store" in empty.stderr
    fmt = run(cli, "query", str(outdir), "ASK {}", "-f", "xml")
    assert fmt.exit_code == 2
    not_graph = run(cli, "query", str(outdir), "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "-f", "turtle")
    assert not_graph.exit_code == 2 and "CONSTRUCT" in not_graph.stderr


def test_cli_lookup(cli: typer.Typer, outdir: Path) -> None:
    result = run(cli, "lookup", str(outdir), "中科院")
    assert result.exit_code == 0 and "中国科学院" in result.stdout and "aliases: 中科院" in result.stdout
    as_json = json.loads(run(cli, "lookup", str(outdir), "中科院", "--json").stdout)
    assert as_json["name"] == "中国科学院" and len(as_json["facts"]) == 3
    unknown = run(cli, "lookup", str(outdir), "科学")
    assert unknown.exit_code == 1 and "did you mean" in unknown.stderr


def test_cli_path(cli: typer.Typer, outdir: Path) -> None:
    result = run(cli, "path", str(outdir), "严新平", "国网电动汽车公司")
    assert result.exit_code == 0 and "2 hops" in result.stdout and "invests_in" in result.stdout
    none = run(cli, "path", str(outdir), "陆昊", "九章")
    assert none.exit_code == 1 and "no relation path" in none.stderr


def test_cli_validate(cli: typer.Typer, outdir: Path, tmp_path: Path) -> None:
    assert run(cli, "validate", str(outdir)).exit_code == 0
    (tmp_path / "graph.ttl").write_text(
        "@prefix kg: <https://w3id.org/cnpolicykg/ontology#> .\n"
        "<https://w3id.org/cnpolicykg/id/x> a kg:Organization .\n", encoding="utf-8")
    broken = run(cli, "validate", str(tmp_path))
    assert broken.exit_code == 1 and "does not conform" in broken.stderr
    assert run(cli, "validate", str(tmp_path / "nope")).exit_code == 1


def test_doctests(monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest

    import kg.store

    monkeypatch.chdir(Path(__file__).parent.parent)  # the module example reads tests/data/ relative to the repo
    failures, tried = doctest.testmod(kg.store)
    assert tried > 0 and failures == 0


def test_text_table_columns_line_up_with_chinese_text() -> None:
    from kg.store import KnowledgeGraph, display_width

    records = [{"doc": "d", "text": "中国科学院发布。", "title": "", "source": "", "path": "", "raw_start": 0,
                "entities": [{"start": 0, "end": 5, "label": "ORG", "text": "中国科学院", "canonical": "中国科学院",
                              "rule": "r", "confidence": 0.9}],
                "relations": [], "goal_attributes": []}]
    table = KnowledgeGraph.from_records(records).query(
        "SELECT ?label ?type WHERE { ?e rdfs:label ?label ; a ?type }").to_text_table()
    header, row = table.splitlines()[:2]
    # the second column starts at the same terminal column in the header and in the Chinese row
    assert display_width(header[: header.index("type")]) == display_width(row[: row.index("kg:")]), table
