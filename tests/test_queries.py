"""Every researcher query in queries/ returns the expected answer on the fixture build.

The queries declare their own prefixes, so they also run unchanged on rdflib; the last test checks that they
agree with Oxigraph on the fixture.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import rdflib
from rdflib.query import ResultRow

from kg.graph import records_to_dataset
from kg.store import KnowledgeGraph

QUERIES = Path(__file__).parent.parent / "queries"
FIXTURE = Path(__file__).parent / "data" / "records_small.jsonl"
SHIP = "国内首艘纯电池动力集装箱船"
SIMIT = "中国科学院上海微系统与信息技术研究所"
SIA = "中国科学院沈阳自动化研究所"

Rows = list[dict[str, Any]]


def load_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.from_records(load_records())


def pick(rows: Rows, *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(row.get(key) for key in keys) for row in rows]


def check_organisations_pursuing_goals(rows: Rows) -> None:
    assert pick(rows, "organisation", "goal", "targetYear") == [
        ("自然资源部", "18亿亩耕地红线", None),
        ("生态环境部", "2030年前碳达峰", 2030),
        ("生态环境部", "2060年前碳中和", 2060),
        ("中国科学院", "碳达峰", None)]


def check_projects_investors_leads(rows: Rows) -> None:
    by_project = {row["project"]: row for row in rows}
    assert set(by_project) == {"2030年前碳排放达峰行动方案", "九章", SHIP, "海斗一号"}
    ship = by_project[SHIP]
    assert ship["investors"] == "国网电动汽车公司"
    assert set(ship["leads"].split("、")) == {"国网智慧能源交通技术创新中心", "严新平"}
    assert by_project["九章"]["leads"] == "潘建伟"
    assert set(by_project["九章"]["participants"].split("、")) == {"中国科学技术大学", SIMIT}
    assert by_project["海斗一号"]["participants"] == SIA


def check_goals_by_target_year(rows: Rows) -> None:
    assert pick(rows, "targetYear", "goal", "actors") == [
        (2030, "2030年前碳达峰", 1), (2060, "2060年前碳中和", 1)]


def check_collaboration_network(rows: Rows) -> None:
    assert pick(rows, "a", "b") == [
        ("中国科学技术大学", SIMIT), ("中国科学技术大学", "国家并行计算机工程技术研究中心")]


def check_part_of_hierarchy(rows: Rows) -> None:
    assert sorted(pick(rows, "unit", "ancestor", "direct")) == sorted([
        (SIMIT, "中国科学院", True),
        (SIA, "中国科学院", True),
        ("机器人学国家重点实验室", "中国科学院", False),  # only through kg:partOf+
        ("机器人学国家重点实验室", SIA, True)])


def check_people_and_organisations(rows: Rows) -> None:
    people = {row["person"]: set(row["organisations"].split("、")) for row in rows}
    assert people == {"严新平": {"中国工程院", "武汉理工大学"}, "刘友宾": {"生态环境部"},
                      "潘建伟": {"中国科学技术大学"}, "陆昊": {"自然资源部"}}


def check_fact_provenance(rows: Rows) -> None:
    records = load_records()
    assert len(rows) == sum(len(r["relations"]) for r in records) == 28
    texts = {r["doc"]: r["text"] for r in records}
    for row in rows:  # the offsets point at the sentence in the raw document text
        assert texts[row["docId"]][row["start"]:row["end"]] == row["sentence"]
        assert 0 <= row["confidence"] <= 1 and row["rule"].startswith("rel.")
    invest = [row for row in rows if row["relation"] == "investsIn"]
    assert pick(invest, "head", "tail", "docId", "start", "end") == [
        ("国网电动汽车公司", SHIP, "fixture-2021-02#01", 20, 92)]


def check_entities_by_alias(rows: Rows) -> None:
    assert pick(rows, "alias", "entity", "type", "aliases") == [("中科院", "中国科学院", "ORG", "中科院")]


def check_policies_and_issuers(rows: Rows) -> None:
    assert pick(rows, "issued", "kind", "issuers") == [
        ("关于统筹和加强应对气候变化与生态环境保护相关工作的指导意见", "POLICY", "生态环境部"),
        ("2030年前碳排放达峰行动方案", "PROJECT", "生态环境部")]


def check_places_and_located(rows: Rows) -> None:
    assert sorted(pick(rows, "place", "locatedThere", "n")) == [
        ("江苏泰州", SHIP, 1), ("沈阳", SIA, 1), ("苏州高新区", "国网智慧能源交通技术创新中心", 1)]


def check_most_connected_organisations(rows: Rows) -> None:
    assert pick(rows[:3], "organisation", "neighbours") == [
        ("生态环境部", 5), ("中国科学技术大学", 4), (SIA, 4)]
    assert len(rows) == 12  # the organisations in at least one fact (outlets are in none)


def check_documents_mentioning_entity(rows: Rows) -> None:
    assert pick(rows, "docId", "title", "outlet", "text", "start", "end") == [
        ("fixture-2021-02#03", "科技自立自强", "人民网", "中科院", 155, 158)]


def check_goals_through_projects(rows: Rows) -> None:
    assert sorted(pick(rows, "organisation", "role", "goal")) == sorted([
        ("国网智慧能源交通技术创新中心", "leads", "碳中和"), ("国网电动汽车公司", "invests_in", "碳中和"),
        ("国网智慧能源交通技术创新中心", "leads", "碳达峰"), ("国网电动汽车公司", "invests_in", "碳达峰")])


def check_relations_by_type(rows: Rows) -> None:
    counts = {row["relation"]: row["facts"] for row in rows}
    assert counts == {"pursues": 6, "affiliatedWith": 5, "leads": 3, "locatedIn": 3, "partOf": 3,
                      "participatesIn": 3, "collaboratesWith": 2, "issues": 2, "investsIn": 1}
    assert rows[-1]["meanConfidence"] == Decimal("0.85")


EXPECTED: dict[str, Callable[[Rows], None]] = {
    name.removeprefix("check_") + ".rq": check
    for name, check in list(globals().items()) if name.startswith("check_")
}


def test_every_query_file_has_a_comment_line_and_an_expectation() -> None:
    files = sorted(p.name for p in QUERIES.glob("*.rq"))
    assert len(files) >= 12
    assert set(files) == set(EXPECTED)
    for name in files:
        first = (QUERIES / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 10


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_answers_on_the_fixture(kg: KnowledgeGraph, name: str) -> None:
    result = kg.query((QUERIES / name).read_text(encoding="utf-8"))
    assert result.kind == "select"
    EXPECTED[name](result.records())


# Valid SPARQL that rdflib 7 fails on; Oxigraph (the engine kg ships) runs them.
RDFLIB_BUGS = {
    "projects_investors_leads.rq": "NotBoundError on GROUP_CONCAT(DISTINCT ?x) when ?x is unbound in a group",
}


def test_queries_give_the_same_row_counts_on_rdflib(kg: KnowledgeGraph) -> None:
    dataset = records_to_dataset(load_records())  # default graph = union of the named graphs
    for name in sorted(set(EXPECTED) - set(RDFLIB_BUGS)):
        text = (QUERIES / name).read_text(encoding="utf-8")
        oxigraph_rows = len(kg.query(text))
        rdflib_rows = len(list(dataset.query(text)))
        assert rdflib_rows == oxigraph_rows, name


def test_rdflib_agrees_on_a_property_path_query() -> None:
    dataset = records_to_dataset(load_records())
    found = set()
    for r in dataset.query((QUERIES / "part_of_hierarchy.rq").read_text(encoding="utf-8")):
        assert isinstance(r, ResultRow) and isinstance(r.direct, rdflib.Literal)  # a SELECT query's rows
        found.add((str(r.unit), str(r.ancestor), r.direct.toPython()))
    assert found == {
        (SIMIT, "中国科学院", True), (SIA, "中国科学院", True),
        ("机器人学国家重点实验室", "中国科学院", False), ("机器人学国家重点实验室", SIA, True)}
    assert isinstance(dataset, rdflib.Dataset)
