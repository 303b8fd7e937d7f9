"""kg.graph: records → RDF layout, IRIs, merging, provenance, writing, SHACL validation.

Everything here runs on the hand-written fixture tests/data/records_small.jsonl (three documents), never on
extraction output.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.query import ResultRow
from rdflib.term import Node

from kg import graph as kg_graph
from kg.graph import (
    ENTITIES_GRAPH,
    KG,
    PROV,
    RELATION_PROPERTY,
    BuildReport,
    document_iri,
    entity_iri,
    merged_graph,
    name_from_iri,
    normalise_name,
    records_to_dataset,
    validate,
    write_graph,
)

FIXTURE = Path(__file__).parent / "data" / "records_small.jsonl"
SHIP = "国内首艘纯电池动力集装箱船"
CAS = "中国科学院"
SIA = "中国科学院沈阳自动化研究所"


def load_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _literal(node: Node | None) -> Literal:
    """The node, which the test knows to be a literal (rdflib types graph values as any node, or None)."""
    assert isinstance(node, Literal), node
    return node


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return load_records()


@pytest.fixture(scope="module")
def dataset(records: list[dict[str, Any]]) -> Dataset:
    return records_to_dataset(records)


@pytest.fixture(scope="module")
def merged(dataset: Dataset) -> Graph:
    return merged_graph(dataset)


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory, records: list[dict[str, Any]]) -> Path:
    path = tmp_path_factory.mktemp("graph")
    write_graph(records, path)
    return path


# ------------------------------------------------------------------------------------------------ fixture


def test_fixture_covers_all_nine_relations_and_six_types(records: list[dict[str, Any]]) -> None:
    relations = {r["relation"] for record in records for r in record["relations"]}
    labels = {e["label"] for record in records for e in record["entities"]}
    assert relations == set(RELATION_PROPERTY)
    assert labels == {"ORG", "PERSON", "LOC", "PROJECT", "GOAL", "POLICY"}
    for record in records:  # offsets are real: the fixture is self-consistent
        for entity in record["entities"]:
            assert record["text"][entity["start"]:entity["end"]] == entity["text"]
        for relation in record["relations"]:
            evidence = relation["evidence"]
            assert record["text"][evidence["start"]:evidence["end"]] == evidence["text"]


# ------------------------------------------------------------------------------------------------ naming


def test_entity_iris_are_stable_percent_encoded_canonical_names() -> None:
    assert str(entity_iri(CAS)) == "https://w3id.org/cnpolicykg/id/中国科学院"
    assert str(entity_iri("晋能保德2×660MW(一期)")) == "https://w3id.org/cnpolicykg/id/晋能保德2×660MW%28一期%29"
    assert entity_iri("《湿地保护法》") == entity_iri("湿地保护法")
    assert entity_iri("国网智慧能源交通技术创新\n\n中心") == entity_iri("国网智慧能源交通技术创新中心")
    assert name_from_iri(str(entity_iri("“十四五”规划"))) == "“十四五”规划"
    assert str(document_iri("a#07")) == "https://w3id.org/cnpolicykg/doc/a%2307"


@pytest.mark.parametrize(("raw", "expected"), [
    ("《湿地保护法》", "湿地保护法"),
    ("“九章”", "九章"),
    ("“十四五”规划", "“十四五”规划"),
    ("国土“三调”", "国土“三调”"),
    (" 武汉理工\n\n大学 ", "武汉理工大学"),
])
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


def test_same_records_give_byte_identical_nquads(records: list[dict[str, Any]], tmp_path: Path) -> None:
    write_graph(records, tmp_path / "a")
    write_graph(copy.deepcopy(records), tmp_path / "b")
    assert (tmp_path / "a" / "graph.nq").read_bytes() == (tmp_path / "b" / "graph.nq").read_bytes()


# ------------------------------------------------------------------------------------------------ layout


def test_one_named_graph_per_document_plus_entities(dataset: Dataset, records: list[dict[str, Any]]) -> None:
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert names == {ENTITIES_GRAPH} | {document_iri(r["doc"]) for r in records}


def test_entities_merge_across_documents(dataset: Dataset, merged: Graph) -> None:
    goal = entity_iri("碳达峰")
    # one description, in the entities graph only
    assert list(merged.objects(goal, RDFS.label)) == [Literal("碳达峰", lang="zh")]
    assert list(merged.objects(goal, RDF.type)) == [KG.Goal]
    assert set(dataset.graph(ENTITIES_GRAPH).objects(goal, RDFS.label)) == {Literal("碳达峰", lang="zh")}
    # read in two documents, pursued from both
    docs = set(merged.objects(goal, KG.mentionedIn))
    assert docs == {document_iri("fixture-2021-02#01"), document_iri("fixture-2021-02#03")}
    assert set(merged.subjects(KG.pursues, goal)) == {entity_iri(SHIP), entity_iri(CAS)}
    # 生态环境部 is one entity however many times it is mentioned
    labels = [s for s in merged.subjects(RDFS.label, Literal("生态环境部", lang="zh"))]
    assert labels == [entity_iri("生态环境部")]


def test_aliases_are_mention_texts_without_whitespace_that_differ(merged: Graph) -> None:
    assert set(merged.objects(entity_iri(CAS), SKOS.altLabel)) == {Literal("中科院", lang="zh")}
    simit = entity_iri("中国科学院上海微系统与信息技术研究所")
    assert set(merged.objects(simit, SKOS.altLabel)) == {Literal("中科院上海微系统所", lang="zh")}
    # split by line breaks in the raw text: same name, so no alias
    assert not set(merged.objects(entity_iri("国网智慧能源交通技术创新中心"), SKOS.altLabel))
    assert not set(merged.objects(entity_iri("武汉理工大学"), SKOS.altLabel))
    # spaces inside 2030 年前碳排放达峰行动方案 are not an alias either
    assert not set(merged.objects(entity_iri("2030年前碳排放达峰行动方案"), SKOS.altLabel))


def test_goal_attributes(merged: Graph) -> None:
    assert merged.value(entity_iri("2030年前碳达峰"), KG.targetYear) == Literal(2030, datatype=XSD.integer)
    assert _literal(merged.value(entity_iri("2060年前碳中和"), KG.targetYear)).toPython() == 2060
    assert merged.value(entity_iri("18亿亩耕地红线"), KG.quantity) == Literal("18亿亩")
    assert merged.value(entity_iri("碳达峰"), KG.targetYear) is None


def test_documents_are_nodes_with_title_outlet_and_path(merged: Graph) -> None:
    doc = document_iri("fixture-2021-02#02")
    assert (doc, RDF.type, KG.Document) in merged
    assert merged.value(doc, KG.docId) == Literal("fixture-2021-02#02")
    assert str(merged.value(doc, kg_graph.DCTERMS.title)).startswith("生态环境部")
    assert merged.value(doc, kg_graph.SCHEMA.publisher) == entity_iri("中国自然资源报网")
    assert (entity_iri("中国自然资源报网"), RDF.type, KG.Organization) in merged
    assert merged.value(doc, KG.sourcePath) == Literal("seeds/fixture.txt")
    assert _literal(merged.value(doc, KG.rawStart)).toPython() == 420


def test_each_relation_is_a_direct_triple_in_its_document_graph_and_reified(
        dataset: Dataset, records: list[dict[str, Any]]) -> None:
    for record in records:
        graph = dataset.graph(document_iri(record["doc"]))
        for relation in record["relations"]:
            head, prop, tail = (entity_iri(relation["head"]), RELATION_PROPERTY[relation["relation"]],
                                entity_iri(relation["tail"]))
            assert (head, prop, tail) in graph
            statements = [a for a in graph.subjects(RDF.subject, head)
                          if (a, RDF.predicate, prop) in graph and (a, RDF.object, tail) in graph]
            assert len(statements) == 1
            assertion = statements[0]
            evidence = relation["evidence"]
            assert (assertion, RDF.type, KG.RelationAssertion) in graph
            assert graph.value(assertion, PROV.wasDerivedFrom) == document_iri(record["doc"])
            assert _literal(graph.value(assertion, KG.startOffset)).toPython() == evidence["start"]
            assert _literal(graph.value(assertion, KG.endOffset)).toPython() == evidence["end"]
            assert str(graph.value(assertion, KG.sentence)) == evidence["text"]
            assert str(graph.value(assertion, KG.rule)) == relation["rule"]
            confidence = float(_literal(graph.value(assertion, KG.confidence)).toPython())
            assert confidence == pytest.approx(relation["confidence"])


def test_provenance_is_queryable_with_sparql(dataset: Dataset) -> None:
    head, tail = entity_iri("国网电动汽车公司"), entity_iri(SHIP)
    rows = list(dataset.query(f"""
        PREFIX kg: <https://w3id.org/cnpolicykg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?sentence ?start ?end ?g WHERE {{
          GRAPH ?g {{
            ?a rdf:subject <{head}> ; rdf:predicate kg:investsIn ; rdf:object <{tail}> ;
               kg:sentence ?sentence ; kg:startOffset ?start ; kg:endOffset ?end ; prov:wasDerivedFrom ?g .
          }}
        }}"""))
    assert len(rows) == 1
    row = rows[0]
    assert isinstance(row, ResultRow)  # a SELECT query's rows
    sentence, start, end, graph_name = row
    assert "由国网电动汽车公司投资" in str(sentence)
    assert (_literal(start).toPython(), _literal(end).toPython()) == (20, 92)
    assert graph_name == document_iri("fixture-2021-02#01")


def test_mentions_record_where_an_entity_was_read(merged: Graph) -> None:
    mentions = set(merged.subjects(KG.denotes, entity_iri(CAS)))
    assert len(mentions) == 1
    mention = mentions.pop()
    assert str(merged.value(mention, KG.mentionText)) == "中科院"
    start, end = merged.value(mention, KG.startOffset), merged.value(mention, KG.endOffset)
    assert (_literal(start).toPython(), _literal(end).toPython()) == (155, 158)
    assert merged.value(mention, PROV.wasDerivedFrom) == document_iri("fixture-2021-02#03")


def test_records_without_evidence_rule_or_confidence_still_conform() -> None:
    """Gold-style records carry no evidence, rule or confidence: the sentence is found around the mentions."""
    text = "生态环境部举行发布会。生态环境部印发《湿地保护法》配套制度。"
    record = {"doc": "gold#1", "title": "t", "text": text,
              "entities": [{"start": 11, "end": 16, "label": "ORG", "text": "生态环境部",
                            "canonical": "生态环境部"},
                           {"start": 19, "end": 24, "label": "POLICY", "text": "湿地保护法",
                            "canonical": "湿地保护法"}],
              "relations": [{"head": "生态环境部", "relation": "issues", "tail": "湿地保护法"}],
              "goal_attributes": []}
    graph = merged_graph(records_to_dataset([record]))
    assertion = next(graph.subjects(RDF.type, KG.RelationAssertion))
    assert str(graph.value(assertion, KG.sentence)) == "生态环境部印发《湿地保护法》配套制度。"
    assert str(graph.value(assertion, KG.rule)) == "unspecified"
    conforms, report = validate(graph)
    assert conforms, report


def test_bad_relations_are_dropped_and_reported() -> None:
    record = {"doc": "x#1", "text": "", "entities": [], "goal_attributes": [],
              "relations": [{"head": "甲", "relation": "owns", "tail": "乙",
                             "head_label": "ORG", "tail_label": "ORG"},
                            {"head": "丙", "relation": "part_of", "tail": "丁"}]}  # untyped ends
    report = BuildReport()
    graph = merged_graph(records_to_dataset([record], report))
    assert report.dropped_relations == 2 and len(report.warnings) == 2
    assert not list(graph.subjects(RDF.type, KG.RelationAssertion))


def test_conflicting_labels_keep_the_first_and_warn() -> None:
    records = [{"doc": f"x#{i}", "text": "沈阳", "relations": [], "goal_attributes": [],
                "entities": [{"start": 0, "end": 2, "label": label, "text": "沈阳", "canonical": "沈阳"}]}
               for i, label in enumerate(("LOC", "ORG"))]
    report = BuildReport()
    graph = merged_graph(records_to_dataset(records, report))
    assert list(graph.objects(entity_iri("沈阳"), RDF.type)) == [KG.Place]
    assert any("kept LOC" in warning for warning in report.warnings)


# ------------------------------------------------------------------------------------------------ files


def test_write_graph_writes_both_files_atomically(outdir: Path, records: list[dict[str, Any]]) -> None:
    assert sorted(p.name for p in outdir.iterdir()) == ["graph.nq", "graph.ttl"]  # no temp files left
    turtle = Graph().parse(outdir / "graph.ttl", format="turtle")
    quads = Dataset().parse(outdir / "graph.nq", format="nquads")
    assert set(turtle) == set(merged_graph(quads))  # the same triples, literal forms included
    assert {g.identifier for g in quads.graphs() if len(g)} >= {document_iri(r["doc"]) for r in records}


def test_failed_write_keeps_the_old_file(outdir: Path, tmp_path: Path, records: list[dict[str, Any]]) -> None:
    target = tmp_path / "graph.nq"
    target.write_text("old\n")

    def explode(handle: Any) -> None:
        handle.write(b"half a file")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        kg_graph._write_atomically(target, explode)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]


# ------------------------------------------------------------------------------------------------ SHACL


def test_the_fixture_graph_conforms(outdir: Path) -> None:
    conforms, report = validate(outdir)
    assert conforms, report


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def _first_assertion(graph: Graph) -> URIRef:
    assertions = []
    for assertion in graph.subjects(RDF.type, KG.RelationAssertion):
        assert isinstance(assertion, URIRef)  # assertions are named, not blank nodes
        assertions.append(assertion)
    return sorted(assertions)[0]


# Each mutation changes the graph in place; what it returns (rdflib's Graph.add etc. return the graph) is unused.
BREAKAGES: dict[str, tuple[Callable[[Graph], object], str]] = {
    "person invests": (lambda g: g.add((entity_iri("严新平"), KG.investsIn, entity_iri(SHIP))),
                       "Only an organization invests"),
    "goal located in a person": (lambda g: g.add((entity_iri(SIA), KG.locatedIn, entity_iri("陆昊"))),
                                 "kg:locatedIn points to a kg:Place"),
    "missing label": (lambda g: g.remove((entity_iri("九章"), RDFS.label, None)), "exactly one rdfs:label"),
    "english label": (lambda g: g.set((entity_iri("九章"), RDFS.label, Literal("Jiuzhang", lang="en"))),
                      "exactly one rdfs:label"),
    "two types": (lambda g: g.add((entity_iri("九章"), RDF.type, KG.Goal)), "exactly one of kg:Organization"),
    "confidence above 1": (lambda g: g.set((_first_assertion(g), KG.confidence,
                                            Literal("1.5", datatype=XSD.decimal))), "confidence in [0, 1]"),
    "start after end": (lambda g: g.set((_first_assertion(g), KG.startOffset, Literal(10 ** 6))),
                        "<= its end offset"),
    "offset not an integer": (lambda g: g.set((_first_assertion(g), KG.endOffset, Literal("12"))),
                              "integer"),
    "no rule": (lambda g: g.remove((_first_assertion(g), KG.rule, None)), "exactly one extraction rule"),
    "target year 3000": (lambda g: g.set((entity_iri("2030年前碳达峰"), KG.targetYear, Literal(3000))),
                         "[1949, 2100]"),
    "part_of cycle": (lambda g: g.add((entity_iri(CAS), KG.partOf, entity_iri("机器人学国家重点实验室"))),
                      "not part of itself"),
    "reified but not asserted": (lambda g: g.remove((entity_iri("国网电动汽车公司"), KG.investsIn, None)),
                                 "not asserted as a direct triple"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_a_broken_graph_does_not_conform(merged: Graph, breakage: str) -> None:
    mutate, expected_message = BREAKAGES[breakage]
    graph = _copy(merged)
    mutate(graph)
    conforms, report = validate(graph)
    assert not conforms
    assert expected_message in report


def test_validate_reports_a_missing_build(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        validate(tmp_path)


def test_ontology_declares_every_term_the_graph_uses(merged: Graph) -> None:
    ontology = kg_graph.load_ontology()
    declared = set(ontology.subjects(RDF.type, None))
    used = {p for p in merged.predicates() if str(p).startswith(str(KG))}
    used |= {o for o in merged.objects(None, RDF.type) if str(o).startswith(str(KG))}
    assert used <= declared
    for term in (KG.Organization, KG.investsIn, KG.targetYear):
        languages = {_literal(label).language for label in ontology.objects(term, RDFS.label)}
        assert languages == {"en", "zh"}


def test_doctests() -> None:
    import doctest

    failures, tried = doctest.testmod(kg_graph)
    assert tried > 0 and failures == 0


def test_entity_lines_are_the_entity_quads_as_n_quads() -> None:
    """The entities graph written directly as text equals rdflib's terms serialised, escapes included."""
    from kg.graph import _Builder, _nquad_line

    builder = _Builder()
    builder.add_record({"doc": "d", "text": "x", "source": "新华社", "entities": [
        {"start": 0, "end": 1, "label": "ORG", "text": '中科院"\\', "canonical": "中国科学院"},
        {"start": 0, "end": 1, "label": "GOAL", "text": "碳中和", "canonical": "碳中和\n目标"},
        {"start": 0, "end": 1, "label": "PERSON", "text": "潘建伟", "canonical": "潘建伟"}],
        "relations": [], "goal_attributes": [{"goal": "碳中和\n目标", "target_year": 2060, "quantity": '18亿"亩'}]})
    lines = list(builder.entity_lines())
    assert lines == [_nquad_line(*quad) for quad in builder.entity_quads()]
    assert len(lines) == 12 and any('"2060"^^<http://www.w3.org/2001/XMLSchema#integer>' in line for line in lines)


def test_document_lines_are_the_rdflib_quads_as_n_quads(records: list[dict[str, Any]]) -> None:
    """A build writes each document's graph as text (``_LineTerms``); it equals rdflib's nodes serialised, on the
    fixture and on a record with every optional field, escapes, evidence-less and dropped relations."""
    from kg.graph import _Builder, _LineTerms, _nquad_line, document_nquads

    tricky = {"doc": 'd#1 "x"', "title": " 标题\n 二 ", "path": 'c:\\corpus\\"a".txt', "raw_start": 7,
              "source": "新华社", "text": "中科院\\投资“项目”。\n碳中和",
              "entities": [
                  {"start": 0, "end": 3, "label": "ORG", "text": '中科院"\\', "canonical": "中国科学院",
                   "rule": "ent\tx", "confidence": 0.8512345},
                  {"start": 5, "end": 9, "label": "PROJECT", "text": "“项目”", "canonical": "项目(一期)"},
                  {"start": 11, "end": 14, "label": "GOAL", "text": "碳中和"},
                  {"start": 0, "end": 1, "label": "UNKNOWN", "text": "中"}],
              "relations": [
                  {"relation": "invests_in", "head": "中国科学院", "tail": "项目(一期)", "head_label": "ORG",
                   "tail_label": "PROJECT", "evidence": {"start": 0, "end": 10, "text": "中科院\\投资\r\n"},
                   "rule": "rel:1", "confidence": 1},
                  {"relation": "pursues", "head": "项目(一期)", "tail": "碳中和"},
                  {"relation": "no_such_relation", "head": "中国科学院", "tail": "碳中和"}],
              "goal_attributes": [{"goal": "碳中和", "target_year": 2060}]}
    for record in [*records, tricky]:
        by_rdflib = _Builder()
        by_rdflib.add_record(record)
        by_text = _Builder(_LineTerms())
        by_text.add_record(record)
        expected = [_nquad_line(*quad) for quad in by_rdflib.doc_quads]
        assert by_text.doc_quads == expected
        assert by_text.report == by_rdflib.report
        assert document_nquads(record)[0] == sorted(set(expected))
    assert any('"ent\\tx"' in line and "^^<http://www.w3.org/2001/XMLSchema#decimal>" not in line
               for line in by_text.doc_quads)
    assert sum(line.count("/mention/") > 0 for line in by_text.doc_quads) > 0


def test_iri_segment_plain_text_shortcut_agrees_with_the_character_rule() -> None:
    """Plain text (ASCII unreserved and CJK ideographs) skips the per-character rule; a trailing "(" forces the
    rule, so every character must come out the same both ways."""
    from kg.graph import iri_segment

    codes = [*range(0x20, 0x7F), *range(0x4DF0, 0x4E10), *range(0x4E00, 0xA000, 97), *range(0x9FF0, 0xA010)]
    chars = [chr(c) for c in codes]
    for char in chars:
        assert iri_segment(char) + "%28" == iri_segment(char + "(")
    assert iri_segment("国网智慧能源交通技术创新中心") == "国网智慧能源交通技术创新中心"
    assert iri_segment("a b/c") == "a%20b%2Fc"


def test_turtle_section_of_one_text_equals_line_by_line(records: list[dict[str, Any]]) -> None:
    from kg.graph import document_nquads, turtle_section

    for record in records:
        lines, _ = document_nquads(record)
        graph = lines[0][lines[0].rindex(" <", 0, len(lines[0]) - 3) + 1:-3]
        text = "".join(lines).encode("utf-8")
        assert turtle_section(text, graph) == turtle_section(lines, graph)
        assert b"/doc/" in turtle_section(text, graph)
    # a line in another graph: the one-replace shortcut must not apply, every line still loses its graph
    mixed = (lines[0] + lines[1].replace(graph, "<https://w3id.org/cnpolicykg/graph/other>")).encode("utf-8")
    assert turtle_section(mixed, graph) == turtle_section(mixed.splitlines(keepends=True), graph)
    assert b"graph/other" not in turtle_section(mixed, graph)


def test_folded_contributions_give_the_entities_graph_of_all_records_at_once() -> None:
    """A streaming build folds per-document contributions (by column, through JSON as the build cache keeps them)
    into the entities graph; it equals the one made from all records in one pass: first label and goal
    attributes win, aliases merge, conflicts warn."""
    import json

    from kg.graph import ENTITIES_GRAPH, BuildReport, _nquad_line, document_nquads, entities_nquads, records_to_quads

    def mention(start: int, text: str, label: str, canonical: str) -> dict[str, Any]:
        return {"start": start, "end": start + len(text), "label": label, "text": text, "canonical": canonical}

    records = [
        {"doc": "a", "text": "中科院推进碳中和。",
         "entities": [mention(0, "中科院", "ORG", "中国科学院"), mention(5, "碳中和", "GOAL", "碳中和")],
         "relations": [], "goal_attributes": [{"goal": "碳中和", "target_year": 2060}]},
        {"doc": "b", "text": "中国科学院在合肥。",
         "entities": [mention(0, "中国科学院", "LOC", "中国科学院"), mention(6, "合肥", "LOC", "合肥")],
         "relations": [], "goal_attributes": [{"goal": "碳中和", "target_year": 2050, "quantity": "100%"}]},
        {"doc": "c", "text": "科学院与合肥市。",
         "entities": [mention(0, "科学院", "ORG", "中国科学院"), mention(4, "合肥市", "LOC", "合肥")],
         "relations": [], "goal_attributes": []},
    ]
    contributions = [json.loads(json.dumps(document_nquads(rec)[1], ensure_ascii=False)) for rec in records]
    assert contributions[0]["keys"] and len(contributions[0]["keys"]) == len(contributions[0]["labels"])
    assert any(extra[1] == ["中科院"] for extra in contributions[0]["extra"])  # the alias travels by index
    streamed_report, whole_report = BuildReport(), BuildReport()
    streamed = entities_nquads(contributions, streamed_report)
    whole = sorted({_nquad_line(*quad) for quad in records_to_quads(records, whole_report)
                    if quad[3] == ENTITIES_GRAPH})
    assert streamed == whole
    assert any('"科学院"@zh' in line for line in streamed) and any('"2060"' in line for line in streamed)
    assert not any('"2050"' in line for line in streamed)  # the first target year wins ...
    assert any("target year 2050" in w for w in streamed_report.warnings)  # ... and the other one is reported
    assert any("labelled LOC" in w for w in streamed_report.warnings)
    assert streamed_report.entities == whole_report.entities
