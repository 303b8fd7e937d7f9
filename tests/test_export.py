"""Exports and the HTML viewer (issue 6).

The graphs here are built by hand in the networkx shape that ``kg.store`` hands over, so these tests do not
depend on the extractor or the store. The browser tests need Debian's ``chromium`` (the CI installs it) and
fail, not skip, when it is missing.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import html
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
import types
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import pytest
import rdflib

from kg import export

if TYPE_CHECKING:
    import typer

ENTITY = "https://w3id.org/cnpolicykg/entity/"
KG = rdflib.Namespace(export.ONTOLOGY_NAMESPACE)
REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
XSS = "</script><img src=x onerror=alert(1)>"


def demo_graph() -> nx.MultiDiGraph:
    """A small graph in the store's networkx shape, with the seed's entities and sentences."""
    graph = nx.MultiDiGraph()

    def entity(key: str, label: str, entity_type: str, aliases: tuple[str, ...] = (),
               **extra: object) -> None:
        graph.add_node(ENTITY + key, label=label, type=entity_type, aliases=list(aliases), **extra)

    entity("cas", "中国科学院", "ORG", ("中科院",))
    entity("sia", "中国科学院沈阳自动化研究所", "ORG", ("沈阳自动化所",))
    entity("sim", "中国科学院上海微系统与信息技术研究所", "ORG", ("中科院上海微系统所",))
    entity("ustc", "中国科学技术大学", "ORG", ("中国科大",))
    entity("pan", "潘建伟", "PERSON")
    entity("jiuzhang", "九章", "PROJECT", ("“九章”",))
    entity("sgev", "国网电动汽车公司", "ORG")
    entity("center", "国网智慧能源交通技术创新中心", "ORG")
    entity("ship", "国内首艘纯电池动力集装箱船", "PROJECT")
    entity("yan", "严新平", "PERSON")
    entity("whut", "武汉理工大学", "ORG")
    entity("suzhou", "苏州高新区", "LOC")
    entity("taizhou", "江苏泰州", "LOC")
    entity("neutral", "碳中和", "GOAL")
    entity("peak", "2030年前碳达峰", "GOAL", target_year=2030, quantity=None)
    entity("farmland", "18亿亩耕地红线", "GOAL", quantity="18亿亩")
    entity("mee", "生态环境部", "ORG")
    entity("liu", "刘友宾", "PERSON")
    entity("plan", "2030年前碳排放达峰行动方案", "PROJECT")
    entity("wetland", "湿地保护法", "POLICY")
    entity("mnr", "自然资源部", "ORG")
    entity("lu", "陆昊", "PERSON")
    entity("tianwen", "天问一号", "PROJECT")
    entity("cnsa", "国家航天局", "ORG")

    ship_sentence = ("国网电动汽车公司投资、国网智慧能源交通技术创新中心负责研发的国内首艘纯电池动力集装箱船"
                     "在江苏泰州开工建造，助力实现碳中和。")
    jiuzhang_sentence = ("中国科学技术大学潘建伟团队与中科院上海微系统所合作构建了"
                         "76个光子的量子计算原型机“九章”。")
    ship_doc, jiuzhang_doc = "keji-2021-02#07", "keji-2020-12#03"
    facts = [
        ("sgev", "ship", "invests_in", 0.85, "rel.invests_in.agent_you", ship_doc, ship_sentence, 120),
        ("center", "ship", "leads", 0.8, "rel.leads.fuze", "keji-2021-02#07", ship_sentence, 120),
        ("yan", "ship", "leads", 0.75, "rel.leads.lingxian", "keji-2021-02#07",
         "武汉理工大学严新平院士领衔该船的设计。", 190),
        ("yan", "whut", "affiliated_with", 0.7, "rel.affiliated.title", "keji-2021-02#07",
         "武汉理工大学严新平院士领衔该船的设计。", 190),
        ("ship", "neutral", "pursues", 0.7, "rel.pursues.zhuli", "keji-2021-02#07", ship_sentence, 120),
        ("ship", "taizhou", "located_in", 0.7, "rel.located_in.zai", "keji-2021-02#07", ship_sentence, 120),
        ("center", "suzhou", "located_in", 0.8, "rel.located_in.weiyu", "keji-2021-02#07",
         "国网智慧能源交通技术创新中心位于苏州高新区。", 60),
        ("ustc", "jiuzhang", "participates_in", 0.8, "rel.participates.goujian", "keji-2020-12#03",
         jiuzhang_sentence, 0),
        ("sim", "jiuzhang", "participates_in", 0.8, "rel.participates.goujian", "keji-2020-12#03",
         jiuzhang_sentence, 0),
        ("pan", "jiuzhang", "leads", 0.7, "rel.leads.team", "keji-2020-12#03", jiuzhang_sentence, 0),
        ("pan", "ustc", "affiliated_with", 0.7, "rel.affiliated.team", jiuzhang_doc, jiuzhang_sentence, 0),
        ("ustc", "sim", "collaborates_with", 0.75, "rel.collab.yu_hezuo", jiuzhang_doc, jiuzhang_sentence, 0),
        ("ustc", "cas", "part_of", 0.6, "rel.part_of.suoshu", "keji-2020-12#05",
         "中国科学技术大学是中国科学院所属的一所高校。", 0),
        ("sim", "cas", "part_of", 0.95, "rel.part_of.name", "keji-2020-12#03", jiuzhang_sentence, 0),
        ("sia", "cas", "part_of", 0.95, "rel.part_of.name", "keji-2021-01#02",
         "中国科学院沈阳自动化研究所研制的水下机器人完成深海试验。", 0),
        ("mee", "plan", "issues", 0.85, "rel.issues.zhiding", "shehui-2021-03#01",
         "生态环境部正在制定2030年前碳排放达峰行动方案。", 33),
        ("plan", "peak", "pursues", 0.7, "rel.pursues.wei_mubiao", "shehui-2021-03#01",
         "2030年前碳排放达峰行动方案将为实现2030年前碳达峰目标提供路线图。", 58),
        ("liu", "mee", "affiliated_with", 0.9, "rel.affiliated.spokesperson", "shehui-2021-03#01",
         "生态环境部新闻发言人刘友宾表示，生态环境部正在制定2030年前碳排放达峰行动方案。", 0),
        ("mnr", "farmland", "pursues", 0.7, "rel.pursues.luoshi", "shehui-2021-01#04",
         "自然资源部将严守18亿亩耕地红线。", 0),
        ("lu", "mnr", "affiliated_with", 0.9, "rel.affiliated.buzhang", "shehui-2021-01#04",
         "自然资源部部长陆昊介绍了湿地保护法草案。", 20),
        ("mnr", "wetland", "issues", 0.6, "rel.issues.bianzhi", "shehui-2021-01#04",
         "自然资源部会同有关部门编制了湿地保护法草案。", 44),
        ("cnsa", "tianwen", "leads", 0.8, "rel.leads.chengdan", "keji-2021-02#01",
         "国家航天局负责的天问一号探测器成功进入环火轨道。", 0),
    ]
    for number, (head, tail, relation, confidence, rule, doc, sentence, start) in enumerate(facts, 1):
        graph.add_edge(ENTITY + head, ENTITY + tail, key=f"{ENTITY}assertion/{number}", relation=relation,
                       confidence=confidence, rule=rule, doc=doc, sentence=sentence, start=start,
                       end=start + len(sentence))
    # A second assertion of the same fact from another article: drawn as one edge with two sources.
    graph.add_edge(ENTITY + "sia", ENTITY + "cas", key=f"{ENTITY}assertion/99", relation="part_of",
                   confidence=0.95, rule="rel.part_of.name", doc="keji-2021-03#05",
                   sentence="中国科学院沈阳自动化研究所发布新一代工业机器人。", start=10, end=34)
    return graph


def hostile_graph() -> nx.MultiDiGraph:
    """Corpus strings that try to break out of the page: in labels, aliases, sentences, rules, doc ids."""
    graph = demo_graph()
    graph.add_node(ENTITY + "evil", label=XSS, type="ORG", aliases=["<!--", "a\u2028b\u2029c", "&amp;"],
                   quantity="<script>alert(2)</script>")
    graph.add_edge(ENTITY + "evil", ENTITY + "cas", key="<b>k</b>", relation="part_of", confidence=0.5,
                   rule="</script><script>alert(3)</script>", doc="<svg onload=alert(4)>",
                   sentence=XSS + "\u2028</SCRIPT >", start=0, end=5)
    return graph


# ------------------------------------------------------------------------------------- GraphML / GEXF / cyjs


def test_graphml_round_trips_through_networkx(tmp_path: Path) -> None:
    graph = demo_graph()
    written = export.to_graphml(graph, tmp_path / "graph.graphml")
    back = nx.read_graphml(written, force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    cas = back.nodes[ENTITY + "cas"]
    assert (cas["label"], cas["type"], cas["aliases"]) == ("中国科学院", "ORG", "中科院")
    assert (cas["r"], cas["g"], cas["b"]) == (0x4E, 0x79, 0xA7)
    peak = back.nodes[ENTITY + "peak"]
    assert peak["target_year"] == 2030 and "quantity" not in peak  # None dropped, int kept
    assert "aliases" not in back.nodes[ENTITY + "mee"]  # an empty list is dropped like None
    edges = {key: data for _, _, key, data in back.edges(keys=True, data=True)}
    assert set(edges) == {key for _, _, key in graph.edges(keys=True)}
    first = edges[f"{ENTITY}assertion/1"]
    assert first["relation"] == "invests_in" and first["confidence"] == pytest.approx(0.85)
    assert isinstance(first["confidence"], float) and first["start"] == 120
    assert first["sentence"].startswith("国网电动汽车公司投资")


def test_gexf_round_trips_and_keeps_offsets_out_of_time_intervals(tmp_path: Path) -> None:
    graph = demo_graph()
    written = export.to_gexf(graph, tmp_path / "graph.gexf")
    text = written.read_text(encoding="utf-8")
    assert 'mode="static"' in text and "<spells" not in text  # offsets did not turn into a dynamic graph
    back = nx.read_gexf(written)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    cas = back.nodes[ENTITY + "cas"]
    assert (cas["label"], cas["type"], cas["aliases"]) == ("中国科学院", "ORG", "中科院")
    assert cas["viz"]["color"]["r"] == 0x4E
    edge = next(data for _, _, data in back.edges(data=True) if data["id"] == f"{ENTITY}assertion/1")
    assert edge["label"] == "invests_in" and edge["relation"] == "invests_in"
    assert edge["confidence"] == pytest.approx(0.85) and edge["weight"] == pytest.approx(0.85)
    assert (edge["sentence_start"], edge["sentence_end"]) == (120, 120 + len(graph.edges[
        ENTITY + "sgev", ENTITY + "ship", f"{ENTITY}assertion/1"]["sentence"]))


def test_cytoscape_json_has_elements_positions_and_assertion_ids(tmp_path: Path) -> None:
    graph = demo_graph()
    payload = json.loads(export.to_cytoscape_json(graph, tmp_path / "graph.cyjs").read_text(encoding="utf-8"))
    nodes = {node["data"]["id"]: node for node in payload["elements"]["nodes"]}
    assert nodes[ENTITY + "cas"]["data"]["aliases"] == ["中科院"]
    assert nodes[ENTITY + "cas"]["data"]["name"] == "中国科学院"
    assert all("position" in node for node in nodes.values())
    assert "quantity" not in nodes[ENTITY + "peak"]["data"]
    edge_ids = [edge["data"]["id"] for edge in payload["elements"]["edges"]]
    assert sorted(edge_ids) == sorted(key for _, _, key in graph.edges(keys=True))
    assert {edge["data"]["relation"] for edge in payload["elements"]["edges"]} >= {"invests_in", "part_of"}


def test_writes_are_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.graphml"
    target.write_text("old", encoding="utf-8")

    def failing_replace(source: str, destination: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(export.os, "replace", failing_replace)
    with pytest.raises(OSError):
        export.to_graphml(demo_graph(), target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]  # no temporary file left behind
    export.to_graphml(demo_graph(), target)
    assert target.read_text(encoding="utf-8").startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]


def test_layout_is_deterministic_and_components_do_not_overlap() -> None:
    graph = demo_graph()
    first, second = export.compute_layout(graph), export.compute_layout(graph)
    assert first == second and set(first) == set(graph.nodes)
    # The 天问一号 pair is its own component; it must sit away from the big component's nodes.
    pair = [first[ENTITY + "cnsa"], first[ENTITY + "tianwen"]]
    others = [xy for node, xy in first.items() if node not in {ENTITY + "cnsa", ENTITY + "tianwen"}]
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for a in pair for b in others)
    assert closest > 40


def test_layout_does_not_depend_on_the_hash_seed() -> None:
    # Sets iterate in an order that changes with PYTHONHASHSEED; the same graph must get the same picture.
    program = ("import sys, json; sys.path.insert(0, 'tests'); from test_export import demo_graph; "
               "from kg.export import compute_layout; "
               "print(json.dumps(sorted(compute_layout(demo_graph()).items())))")
    outputs = set()
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", program], cwd=REPO_ROOT, capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_big_component_uses_the_sampled_layout_quickly() -> None:
    graph = nx.MultiDiGraph()
    for i in range(600):
        graph.add_node(f"n{i}", label=f"机构{i}", type="ORG", aliases=[])
        if i:
            graph.add_edge(f"n{i}", f"n{i // 3}", key=f"a{i}", relation="part_of", confidence=0.5)
    layout = export.compute_layout(graph)
    xs = [x for x, _ in layout.values()]
    assert len(layout) == 600 and max(xs) - min(xs) > 500


# ------------------------------------------------------------------------------------------------ HTML page


def _script_bodies(page: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)


def test_json_for_script_escapes_everything_that_could_end_the_element() -> None:
    encoded = export.json_for_script({"a": XSS, "b": "x\u2028y\u2029z & <!-- -->"})
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in encoded
    assert json.loads(encoded) == {"a": XSS, "b": "x\u2028y\u2029z & <!-- -->"}


def test_hostile_strings_stay_data(tmp_path: Path) -> None:
    graph = hostile_graph()
    page = export.to_html(graph, tmp_path / "graph.html", title=XSS).read_text(encoding="utf-8")
    scripts = _script_bodies(page)
    # Exactly the four script elements the template has: data, title, library, viewer.
    assert [attrs.strip() for attrs, _ in scripts] == [
        'type="application/json" id="kg-data"', 'type="application/json" id="kg-title"', "", ""]
    assert page.count("</script>") == 4 and page.lower().count("<script") == 4
    assert "<img" not in page and "<svg onload" not in page
    data = json.loads(scripts[0][1])
    evil = next(node for node in data["nodes"] if node["id"] == ENTITY + "evil")
    assert evil["label"] == XSS and "a\u2028b\u2029c" in evil["aliases"]
    assert any(sentence[3] == XSS + "\u2028</SCRIPT >" for sentence in data["sentences"])
    assert json.loads(scripts[1][1]) == XSS
    assert f"<title>{html.escape(XSS)}</title>" in page
    # The viewer renders with textContent only, and the CSP allows exactly the two inline scripts.
    assert "innerHTML" not in export._VIEWER_JS and "insertAdjacentHTML" not in export._VIEWER_JS
    assert "document.write" not in export._VIEWER_JS
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp is not None
    assert html.unescape(csp.group(1)).count("'sha256-") == 2
    assert export._csp_hash(scripts[3][1]) in html.unescape(csp.group(1))


def test_page_is_self_contained(tmp_path: Path) -> None:
    page = export.to_html(demo_graph(), tmp_path / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from the network
    data = json.loads(_script_bodies(page)[0][1])
    assert len(data["nodes"]) == 24
    part_of = [e for e in data["edges"] if e["r"] == "part_of" and len(e["ev"]) == 2]
    assert len(part_of) == 1  # two assertions of one fact → one drawn edge with two sources
    assert (tmp_path / "graph.html").stat().st_mode & 0o044  # readable by others, like any written file


def test_show_returns_a_sandboxed_iframe() -> None:
    shown = export.show(hostile_graph(), height=420)
    markup = shown.data
    assert markup.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in markup
    assert "height:420px" in markup
    srcdoc = re.search(r'srcdoc="([^"]*)"', markup)
    assert srcdoc is not None and "<" not in srcdoc.group(1)  # the whole page is attribute-escaped
    assert html.unescape(srcdoc.group(1)).startswith("<!DOCTYPE html>")


# ---------------------------------------------------------------------------------------------- RDF exports


def _provenance_dataset() -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.bind("kg", KG)
    cas, ship = rdflib.URIRef(ENTITY + "cas"), rdflib.URIRef(ENTITY + "ship")
    dataset.add((cas, rdflib.RDF.type, KG.Organization))
    dataset.add((cas, rdflib.RDFS.label, rdflib.Literal("中国科学院", lang="zh")))
    dataset.add((ship, rdflib.RDF.type, KG.Project))
    assertion = dataset.graph(rdflib.URIRef(ENTITY + "assertion/1"))
    assertion.add((cas, KG.investsIn, ship))
    dataset.add((rdflib.URIRef(ENTITY + "assertion/1"), KG.confidence,
                 rdflib.Literal("0.85", datatype=rdflib.XSD.decimal)))
    dataset.add((rdflib.URIRef(ENTITY + "assertion/1"), KG.sentence, rdflib.Literal(XSS, lang="zh")))
    return dataset


def test_nquads_reserialises_graph_nq_with_named_graphs(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "graph.nq").write_text(_provenance_dataset().serialize(format="nquads"), encoding="utf-8")
    written = export.to_nquads(outdir, tmp_path / "export.nq")
    back = rdflib.Dataset()
    back.parse(written, format="nquads")
    graph_names = {str(g.identifier) for g in back.graphs() if len(g)}
    assert ENTITY + "assertion/1" in graph_names
    assert len(list(back.quads())) == len(list(_provenance_dataset().quads()))
    lines = written.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_nquads_from_a_plain_graph_and_from_graph_ttl(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef(ENTITY + "cas"), rdflib.RDFS.label, rdflib.Literal("中国科学院", lang="zh")))
    graph.serialize(outdir / "graph.ttl", format="turtle")
    text = export.to_nquads(outdir, tmp_path / "a.nq").read_text(encoding="utf-8")
    assert '"中国科学院"@zh' in text


def test_jsonld_has_a_context_from_the_ontology_and_round_trips(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "graph.nq").write_text(_provenance_dataset().serialize(format="nquads"), encoding="utf-8")
    written = export.to_jsonld(outdir, tmp_path / "graph.jsonld")
    document = json.loads(written.read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["kg"] == export.ONTOLOGY_NAMESPACE
    if export.DEFAULT_ONTOLOGY_PATH.is_file():  # terms come from ontology/kg.ttl
        assert context["investsIn"] == {"@id": "kg:investsIn", "@type": "@id"}
        assert context["Organization"] == "kg:Organization"
    assert "brick" not in context  # rdflib's default prefixes are not carried along
    back = rdflib.Dataset()
    back.parse(data=written.read_text(encoding="utf-8"), format="json-ld")
    assert len(list(back.quads())) == len(list(_provenance_dataset().quads()))
    assert XSS in written.read_text(encoding="utf-8")


def test_jsonld_context_from_a_given_ontology() -> None:
    ontology = rdflib.Graph(bind_namespaces="none")
    ontology.bind("kg", KG)
    ontology.add((KG.Goal, rdflib.RDF.type, rdflib.OWL.Class))
    ontology.add((KG.targetYear, rdflib.RDF.type, rdflib.OWL.DatatypeProperty))
    ontology.add((KG.targetYear, rdflib.RDFS.range, rdflib.XSD.gYear))
    context = export.jsonld_context(ontology)
    assert context["Goal"] == "kg:Goal"
    assert context["targetYear"] == {"@id": "kg:targetYear", "@type": "xsd:gYear"}


# ------------------------------------------------------------------------------------------------------ CLI


@pytest.fixture
def fake_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in ``kg.store`` so the command can be tested before (and apart from) the real store."""
    module = types.ModuleType("kg.store")

    class FakeKnowledgeGraph:
        def to_networkx(self) -> nx.MultiDiGraph:
            return demo_graph()

    def load(outdir: Path) -> FakeKnowledgeGraph:
        return FakeKnowledgeGraph()

    module.load = load  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kg.store", module)


def _cli_app() -> typer.Typer:
    import typer

    from kg import cli_export

    app = typer.Typer()
    cli_export.register(app)

    @app.command("noop", hidden=True)
    def noop() -> None:  # a second command keeps typer from collapsing the app into the single command
        pass

    return app


def test_cli_exports_each_format(tmp_path: Path, fake_store: None) -> None:
    from typer.testing import CliRunner

    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "graph.nq").write_text(_provenance_dataset().serialize(format="nquads"), encoding="utf-8")
    runner = CliRunner()
    for fmt, name in [("html", "g.html"), ("graphml", "g.graphml"), ("gexf", "g.gexf"),
                      ("cytoscape", "g.cyjs"), ("jsonld", "g.jsonld"), ("nquads", "g.nq")]:
        arguments = ["export", str(outdir), "--format", fmt, "-o", str(tmp_path / name)]
        result = runner.invoke(_cli_app(), arguments)
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0
    result = runner.invoke(_cli_app(), ["export", str(outdir)])
    assert result.exit_code == 0 and (outdir / "graph.html").is_file()


def test_cli_says_in_one_line_when_outdir_is_not_a_graph(tmp_path: Path, fake_store: None) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(_cli_app(), ["export", str(tmp_path), "--format", "html"])
    assert result.exit_code == 1
    message = result.output.strip()
    assert "\n" not in message and "not a built graph" in message and "Traceback" not in message


# ----------------------------------------------------------------------------------------- headless browser


def _chromium(tmp_path: Path, url: str, *extra: str) -> str:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's chromium "
                    "(apt-get update && apt-get install -y chromium fonts-noto-cjk)")
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", f"--user-data-dir={tmp_path / 'chromium-profile'}",
               "--virtual-time-budget=5000", *extra, url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _status(dom: str) -> dict[str, str]:
    tag = re.search(r'<div id="status"([^>]*)>', dom)
    assert tag is not None, "the page did not write its status element"
    return {name: html.unescape(value) for name, value in re.findall(r'([\w-]+)="([^"]*)"', tag.group(1))}


def _page_url(page: Path, search: str | None = None) -> str:
    return page.as_uri() + (f"#search={urllib.parse.quote(search)}" if search else "")


def test_browser_draws_the_graph_and_search_finds_aliases(tmp_path: Path) -> None:
    graph = demo_graph()
    page = export.to_html(graph, tmp_path / "graph.html", title="政策科技知识图谱 · 示例")
    status = _status(_chromium(tmp_path, _page_url(page, "中科院"), "--dump-dom"))
    assert status["data-ready"] == "1"
    assert int(status["data-nodes"]) == graph.number_of_nodes()
    assert int(status["data-painted"]) > 100, "the canvas stayed empty"
    assert status["data-search"] == "中科院"
    assert json.loads(status["data-matches"])[0] == "中国科学院"
    assert status["data-selected-label"] == "中国科学院"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "graph.png"
    screenshot.unlink(missing_ok=True)
    _chromium(tmp_path, _page_url(page, "中科院"), "--window-size=1400,860", f"--screenshot={screenshot}")
    assert screenshot.is_file() and screenshot.stat().st_size > 20_000
    overview = ARTIFACTS / "graph-overview.png"
    _chromium(tmp_path, _page_url(page), "--window-size=1400,860", f"--screenshot={overview}")
    assert overview.is_file() and overview.stat().st_size > 20_000


def test_browser_does_not_run_injected_markup(tmp_path: Path) -> None:
    page = export.to_html(hostile_graph(), tmp_path / "evil.html", title=XSS)
    dom = _chromium(tmp_path, _page_url(page, "<!--"), "--dump-dom")
    status = _status(dom)
    assert status["data-ready"] == "1"  # the data parsed and the viewer ran to the end
    assert json.loads(status["data-matches"]) == [XSS]  # found by its alias "<!--", shown as text
    body = dom.split("<body>", 1)[1]
    assert "<img" not in body and "<svg onload" not in body.lower()
    panel = body.split('id="panel"', 1)[1].split("</aside>", 1)[0]
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in panel  # rendered as text


class DevToolsBrowser:
    """Headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``).

    No websocket client or Playwright needed: Chromium reads NUL-terminated JSON commands on fd 3 and writes
    replies on fd 4. Mouse clicks and typing go through Chromium's input pipeline, as a person's would.
    """

    def __init__(self, url: str, profile: Path) -> None:
        if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
            pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's chromium "
                        "(apt-get update && apt-get install -y chromium fonts-noto-cjk)")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # Move our ends of the child's fds above 9 so bash's "3<&N 4>&M" cannot clobber one with the other.
        child_read = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
        child_write = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
        os.close(to_browser_read)
        os.close(from_browser_write)
        wiring = f"3<&{child_read} 4>&{child_write} {child_read}<&- {child_write}>&-"
        command = ["bash", "-c", f'exec "$0" "$@" {wiring}',
                   CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--hide-scrollbars", f"--user-data-dir={profile}", "--window-size=1400,860",
                   "--remote-debugging-pipe", url]
        self._process = subprocess.Popen(command, pass_fds=(child_read, child_write),
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(child_read)
        os.close(child_write)
        self._buffer = b""
        self._last_id = 0
        self._session: str | None = None
        pages: list[dict[str, str]] = []
        for _ in range(100):
            pages = [t for t in self.send("Target.getTargets")["targetInfos"] if t["type"] == "page"]
            if pages:
                break
            time.sleep(0.1)
        assert pages, "Chromium opened no page"
        attached = self.send("Target.attachToTarget", {"targetId": pages[0]["targetId"], "flatten": True})
        self._session = attached["sessionId"]

    def send(self, method: str, params: dict[str, object] | None = None, timeout: float = 60) -> dict:
        self._last_id += 1
        message: dict[str, object] = {"id": self._last_id, "method": method, "params": params or {}}
        if self._session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._last_id:  # anything else is an event we did not ask for
                    assert "error" not in reply, f"{method}: {reply['error']}"
                    return reply.get("result", {})
            left = deadline - time.monotonic()
            assert left > 0, f"Chromium did not answer {method} within {timeout} s"
            if select.select([self._from_browser], [], [], left)[0]:
                chunk = os.read(self._from_browser, 1 << 16)
                assert chunk, "Chromium closed the DevTools pipe"
                self._buffer += chunk

    def js(self, expression: str) -> object:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60) -> object:
        deadline = time.monotonic() + timeout
        guarded = f"(() => {{ try {{ return {expression}; }} catch (error) {{ return false; }} }})()"
        while time.monotonic() < deadline:  # the page may not even be loaded yet: errors count as "not yet"
            value = self.js(guarded)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {expression}")

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent",
                      {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def click_element(self, selector: str) -> None:
        box = self.js(f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
                      ".getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        assert isinstance(box, list), f"no element {selector}"
        self.click(*box)

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        self._session = None
        with contextlib.suppress(AssertionError, OSError):
            self.send("Browser.close", timeout=10)
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


# Where a graph element is on the screen, in page coordinates (Cytoscape's rendered position + the canvas).
_NODE_ON_SCREEN = """(() => {{
  const node = kgViewer.cy.nodes().filter(n => n.data("label") === {label})[0];
  const at = node.renderedPosition(), box = document.getElementById("cy").getBoundingClientRect();
  return [at.x + box.left, at.y + box.top]; }})()"""
_EDGE_ON_SCREEN = """(() => {{
  const edge = kgViewer.cy.edges().filter(e => e.source().data("label") === {head}
                                             && e.target().data("label") === {tail})[0];
  const at = edge.renderedMidpoint(), box = document.getElementById("cy").getBoundingClientRect();
  return [at.x + box.left, at.y + box.top]; }})()"""


def test_browser_as_a_person_clicks_searches_and_filters(tmp_path: Path) -> None:
    graph = demo_graph()
    page = export.to_html(graph, tmp_path / "graph.html", title="政策科技知识图谱 · 示例")
    browser = DevToolsBrowser(_page_url(page), tmp_path / "profile")
    try:
        browser.wait_for("document.getElementById('status').dataset.ready === '1'")
        panel_title = "document.querySelector('#panel h2') && document.querySelector('#panel h2').textContent"

        # Click a node: its facts and the source sentences of its relations.
        browser.click(*browser.js(_NODE_ON_SCREEN.format(label=json.dumps("中国科学院"))))  # type: ignore[misc]
        assert browser.wait_for(panel_title) == "中国科学院"
        panel_text = str(browser.js("document.getElementById('panel').textContent"))
        assert "中科院" in panel_text  # the alias
        assert "中国科学技术大学是中国科学院所属的一所高校。" in panel_text
        assert "doc keji-2020-12#05" in panel_text and "chars 0–22" in panel_text
        assert "rule rel.part_of.suoshu" in panel_text and "confidence 0.6" in panel_text
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        browser.screenshot(ARTIFACTS / "graph-clicked.png")

        # Click an edge with two assertions: both sources are listed.
        browser.click(*browser.js(_EDGE_ON_SCREEN.format(  # type: ignore[misc]
            head=json.dumps("中国科学院沈阳自动化研究所"), tail=json.dumps("中国科学院"))))
        assert browser.wait_for(panel_title) == "part_of"
        assert browser.js("document.querySelectorAll('#panel .evidence').length") == 2

        # Type an alias into the search box.
        browser.click_element("#search")
        browser.send("Input.insertText", {"text": "中科院"})
        browser.wait_for("document.getElementById('status').dataset.search === '中科院'")
        matches = json.loads(str(browser.js("document.getElementById('status').dataset.matches")))
        assert matches[0] == "中国科学院"
        assert browser.js(panel_title) == "中国科学院"

        # Untick a type and a relation in the legend.
        browser.click_element('#type-filters input[data-value="POLICY"]')
        browser.wait_for("document.getElementById('status').dataset.visibleNodes === '23'")
        edges_before = int(str(browser.js("document.getElementById('status').dataset.visibleEdges")))
        browser.click_element('#relation-filters input[data-value="part_of"]')
        browser.wait_for(f"document.getElementById('status').dataset.visibleEdges === '{edges_before - 3}'")
    finally:
        browser.close()


def test_chromium_is_installed_for_the_browser_tests() -> None:
    # A separate, obvious failure when the CI image lacks the browser.
    assert shutil.which("chromium") or Path(CHROMIUM).is_file(), (
        "chromium is missing: apt-get update && apt-get install -y chromium fonts-noto-cjk")


# ------------------------------------------------------------------------------------ with the real kg.store


def test_exports_a_real_build(tmp_path: Path) -> None:
    """End to end on the store's own fixture: kg.store builds OUTDIR, `kg export` writes every format."""
    from typer.testing import CliRunner

    from kg.store import build_outputs

    records_path = REPO_ROOT / "tests" / "data" / "records_small.jsonl"
    records = [json.loads(line) for line in records_path.read_text(encoding="utf-8").splitlines() if line]
    outdir = tmp_path / "out"
    build_outputs(records, outdir)
    runner = CliRunner()
    for fmt in ("html", "graphml", "gexf", "cytoscape", "jsonld", "nquads"):
        target = tmp_path / f"graph.{fmt}"
        result = runner.invoke(_cli_app(), ["export", str(outdir), "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    data = json.loads(_script_bodies(page)[0][1])
    assert data["nodes"] and data["edges"]
    assert {node["type"] for node in data["nodes"]} <= set(export.TYPE_STYLES)
    assert {edge["r"] for edge in data["edges"]} <= set(export.RELATION_STYLES)
    back = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    assert back.number_of_edges() == sum(len(edge["ev"]) for edge in data["edges"])
    quads = rdflib.Dataset()
    quads.parse(tmp_path / "graph.nquads", format="nquads")
    assert len(list(quads.quads())) == len((outdir / "graph.nq").read_text(encoding="utf-8").splitlines())


def test_odd_graphs_still_export(tmp_path: Path) -> None:
    """Empty graphs, missing attributes, unknown types and relations: every format still writes."""
    odd = nx.MultiDiGraph()
    odd.add_node("urn:e:a")
    odd.add_node("urn:e:b", label=None, type="WEIRD", aliases=None, confidence=None)
    odd.add_edge("urn:e:a", "urn:e:b", key=1)
    odd.add_edge("urn:e:a", "urn:e:b", relation="new_relation", confidence=1, start=None)
    for graph in (nx.MultiDiGraph(), odd):
        export.to_html(graph, tmp_path / "g.html")
        export.to_graphml(graph, tmp_path / "g.graphml")
        export.to_gexf(graph, tmp_path / "g.gexf")
        export.to_cytoscape_json(graph, tmp_path / "g.cyjs")
        assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == graph.number_of_nodes()
        assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == graph.number_of_nodes()
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.nodes["urn:e:a"]["label"] == "urn:e:a" and back.nodes["urn:e:b"]["type"] == "WEIRD"


def test_docstring_examples() -> None:
    import doctest

    assert doctest.testmod(export).failed == 0
