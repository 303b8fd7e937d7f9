"""Issue 7: the same graph from every route (here, --jobs 2, Dask), and incremental rebuilds from the cache."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import weakref
import zlib
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.api import extract
from kg.cache import BUILD_PREFIX, CACHE_FILENAME
from kg.graph import document_iri, entity_iri
from kg.resolve import resolve_records

ROOT = Path(__file__).resolve().parent.parent

# Small digests in the seed format: articles end at their 来源： line. b#00 writes 晋能煤电公司, c#00 the formal
# 晋能煤电有限公司, so adding or removing c.txt changes how b#00 resolves (a cross-document effect).
CORPUS = {
    "a.txt": """国内首艘纯电池动力集装箱船开工建造
2021年1月28日，由国网电动汽车公司投资的国内首艘纯电池动力集装箱船在江苏泰州开工建造。该船由武汉理工大学参与设计。
来源：北极星储能网
中国科学院发布碳达峰行动方案
中国科学院近日发布《科技支撑碳达峰碳中和行动方案》，提出到2030年前实现碳达峰。中科院院长侯建国出席发布会。
来源：新华网
生态环境部召开例行新闻发布会
生态环境部新闻发言人刘友宾介绍了情况。生态环境部将推动实现碳中和目标。
来源：人民网
""",
    "b.txt": """晋能煤电公司建设保德电厂
晋能煤电公司投资建设的保德电厂二期工程正式开工。该项目位于山西省忻州市。
来源：山西日报
清华大学与国家电网合作研究储能技术
清华大学与国家电网有限公司签署合作协议，共同研究新型储能技术。清华大学校长邱勇出席签约仪式。
来源：光明日报
""",
}
EXTRA = {"c.txt": """晋能煤电有限公司推进绿色转型
晋能煤电有限公司董事长王伟表示，公司将推动实现碳达峰目标。
来源：中国能源报
"""}


def write_corpus(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def build(corpus: Path, out: Path, **options: Any) -> dict[str, Any]:
    return kg.build([corpus], out, statistical_ner=False, **options)


def nquads(out: Path) -> str:
    return (out / "graph.nq").read_text(encoding="utf-8")


def graph_names(out: Path) -> set[str]:
    return {line.rsplit(" ", 2)[-2] for line in nquads(out).splitlines()}


@pytest.fixture(scope="module")
def local_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    corpus = write_corpus(tmp_path_factory.mktemp("corpus"), {**CORPUS, **EXTRA})
    out = tmp_path_factory.mktemp("local")
    return corpus, out, build(corpus, out)


# ------------------------------------------------------------------------------------------ same graph, any route


def test_local_build_matches_the_one_shot_graph_writer(local_build: tuple[Path, Path, dict[str, Any]],
                                                       tmp_path: Path) -> None:
    # The streaming writer gives the bytes write_graph gives for all resolved records at once.
    from kg.graph import write_graph

    corpus, out, summary = local_build
    records = resolve_records(extract([corpus], statistical_ner=False))
    reference = write_graph(records, tmp_path)
    assert nquads(out) == (tmp_path / "graph.nq").read_text(encoding="utf-8")
    assert summary["quads"] == reference["quads"] and summary["triples"] == reference["triples"]
    assert summary["documents"] == 6 and summary["processed"] == 6 and summary["cached"] == 0
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records


def test_graph_ttl_holds_the_merged_triples_in_one_section_per_named_graph(
        local_build: tuple[Path, Path, dict[str, Any]]) -> None:
    import pyoxigraph as ox

    _, out, summary = local_build
    turtle = (out / "graph.ttl").read_bytes()
    triples = {quad.triple for quad in ox.parse(turtle, format=ox.RdfFormat.TURTLE)}
    assert triples == {quad.triple for quad in ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)}
    assert len(triples) == summary["triples"]
    sections = [line[2:] for line in turtle.decode("utf-8").splitlines() if line.startswith("# <")]
    assert sections[-1] == "<https://w3id.org/cnpolicykg/graph/entities>"
    assert sorted(sections[:-1]) == sorted(graph_names(out) - {sections[-1]})


def test_the_graph_does_not_depend_on_the_string_hash_seed(tmp_path: Path) -> None:
    """Every process of a build (its workers, a Dask worker, a later rebuild) hashes strings with a seed of its own,
    and a set iterates in an order that follows it. Two equally long full names of one shortened mention are
    such a case: two builds whose seeds order them differently in a set give the same graph and records."""
    names = ["晋能保德甲号发电工程", "晋能保德乙号发电工程"]  # both the full name of 晋能保德发电工程

    def set_order(seed: int) -> str:
        code = f"print(list(set({names!r})))"
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
    orders: dict[str, int] = {}
    seed = 1
    while len(orders) < 2 and seed < 64:  # two seeds under which the set of the two names iterates differently
        orders.setdefault(set_order(seed), seed)
        seed += 1
    assert len(orders) == 2
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "d.txt").write_text(f"{names[0]}于3月开工。{names[1]}于5月投产。晋能保德发电工程每年可发电60亿千瓦时。\n"
                                  "来源：新华网\n", encoding="utf-8")
    outputs = []
    for k, seed in enumerate(orders.values()):
        out = tmp_path / f"out{k}"
        subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "--no-ner",
                        "--no-validate", "--quiet"], check=True, capture_output=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": str(seed)})
        outputs.append(out)
    records = [json.loads((out / "records.jsonl").read_text(encoding="utf-8")) for out in outputs]
    shortened = [e["canonical"] for e in records[0]["entities"] if e["text"] == "晋能保德发电工程"]
    assert shortened and shortened[0] in names  # merged into one of the full names, the same one in both builds
    assert records[0] == records[1]
    assert (outputs[0] / "graph.nq").read_bytes() == (outputs[1] / "graph.nq").read_bytes()


def test_two_processes_give_the_same_graph(local_build: tuple[Path, Path, dict[str, Any]], tmp_path: Path) -> None:
    corpus, out, _ = local_build
    summary = build(corpus, tmp_path, jobs=2, batch_size=2)  # batches (the last ones smaller) over two workers
    assert summary["processed"] == 6
    assert summary["regraphed"] == 6  # the graph stage ran in the two processes as well
    assert nquads(tmp_path) == nquads(out)
    assert store_quads(tmp_path) == store_quads(out)  # loaded in its own process while the graph was made
    for name in ("records.jsonl", "graph.ttl"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes()


def test_a_dask_cluster_gives_the_same_graph(local_build: tuple[Path, Path, dict[str, Any]], tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    corpus, out, _ = local_build
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        # An address, as `--scheduler tcp://host:port` passes it (here the in-process cluster's); the graph
        # stage then runs in two local processes, as the CLI's --jobs default gives on two cores.
        summary = build(corpus, tmp_path, scheduler=cluster.scheduler_address, batch_size=2, jobs=2)
    assert summary["processed"] == 6
    assert nquads(tmp_path) == nquads(out)
    ours = kg.load(tmp_path).query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").records()
    theirs = kg.load(out).query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").records()
    assert sorted(map(str, ours)) == sorted(map(str, theirs))


def test_dask_settings_that_slow_the_workers_are_named_and_the_shipped_config_turns_them_off(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    distributed = pytest.importorskip("distributed")
    import dask
    from distributed.nanny import _get_env_variables

    from kg.parallel import DASK_WORKER_CONFIG, warn_about_worker_setup

    shipped = dask.config.merge(dask.config.config, dask.config.collect(paths=[str(DASK_WORKER_CONFIG)], env={}))
    environ = shipped["distributed"]["nanny"]["pre-spawn-environ"]
    profile = shipped["distributed"]["worker"]["profile"]["enabled"]
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        # what a nanny started with the shipped config puts in its worker's environment
        assert "MALLOC_TRIM_THRESHOLD_" not in _get_env_variables("distributed.nanny.pre-spawn-environ")
        assert _get_env_variables("distributed.nanny.pre-spawn-environ")["OMP_NUM_THREADS"] == "1"  # kept
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")  # as Dask's default set-up gives a worker
        with dask.config.set({"distributed.worker.profile.enabled": True}), caplog.at_level(logging.WARNING):
            assert warn_about_worker_setup(client) == ["MALLOC_TRIM_THRESHOLD_=65536", "the profiler on"]
        assert [record.name for record in caplog.records if str(DASK_WORKER_CONFIG) in record.getMessage()] == [
            "kg.parallel"]
        caplog.clear()
        monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
        with dask.config.set({"distributed.worker.profile.enabled": profile}):
            assert warn_about_worker_setup(client) == []
        assert not [record for record in caplog.records if record.name == "kg.parallel"]


def test_a_one_process_build_lets_its_pipeline_go_before_the_graph_stage(tmp_path: Path) -> None:
    import kg.pipeline

    pipeline = weakref.ref(kg.pipeline.default_nlp(False))
    assert build(write_corpus(tmp_path / "corpus", CORPUS), tmp_path / "out")["processed"] == 5
    # nothing keeps it alive: the graph stage's tables do not stack on the pipeline (with the NER, ~180 MB)
    assert pipeline() is None
    assert kg.pipeline.default_nlp(False).pipe_names  # and the next call builds it again


def test_a_worker_with_another_pipeline_version_is_refused() -> None:
    from kg.parallel import check_cluster_version

    class OtherWorkers:  # what distributed.Client.run answers: worker address → result
        def run(self, function: Any, *args: Any) -> dict[str, str]:
            return {"tcp://10.0.0.2:40000": "0123456789abcdef"}

    with pytest.raises(ValueError, match=r"tcp://10\.0\.0\.2:40000 runs pipeline version"):
        check_cluster_version(OtherWorkers(), statistical_ner=False)


def test_extract_is_the_same_with_two_processes(local_build: tuple[Path, Path, dict[str, Any]]) -> None:
    corpus, _, _ = local_build
    one = extract([corpus], statistical_ner=False)
    assert extract([corpus], statistical_ner=False, jobs=2, batch_size=2) == one


# ------------------------------------------------------------------------------------------ incremental builds


@pytest.fixture()
def corpus_and_out(tmp_path: Path) -> tuple[Path, Path]:
    corpus = write_corpus(tmp_path / "corpus", CORPUS)
    out = tmp_path / "out"
    first = build(corpus, out)
    assert (first["processed"], first["cached"]) == (5, 0)
    return corpus, out


def store_quads(out: Path) -> list[str]:
    import pyoxigraph as ox

    def nquad(quad: ox.Quad) -> str:
        data = ox.serialize([quad], format=ox.RdfFormat.N_QUADS)
        assert data is not None  # no output given: serialize returns the bytes
        return data.decode("utf-8")

    store = ox.Store.read_only(str(out / "store"))
    return sorted(nquad(quad) for quad in store)


COUNTS = ("quads", "triples", "relations_by_type", "entities_by_type")


def assert_same_as_a_fresh_build(corpus: Path, out: Path, fresh: Path, patched: dict[str, Any] | None = None) -> None:
    reference = build(corpus, fresh)
    if patched is not None:  # the patched build's counts (spliced: updated around the changes) are the fresh ones
        assert {k: patched[k] for k in COUNTS} == {k: reference[k] for k in COUNTS}
    assert nquads(out) == nquads(fresh)
    assert (out / "records.jsonl").read_bytes() == (fresh / "records.jsonl").read_bytes()
    # The store of the incremental build (patched, not reloaded) holds what a fresh bulk load holds.
    assert store_quads(out) == store_quads(fresh)


@pytest.fixture(autouse=True)
def patch_stores_even_for_big_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    # One document of five is a big share of this tiny corpus; patch the store anyway, to test the patching.
    monkeypatch.setattr("kg.cache.INCREMENTAL_STORE_MAX_CHANGE", 1.0)
    monkeypatch.setattr("kg.cache.PATCH_MAX_CHANGE", 1.0)


def test_adding_a_document_extracts_only_it(corpus_and_out: tuple[Path, Path], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.api
    from kg.extraction import iter_articles as read_articles

    corpus, out = corpus_and_out
    write_corpus(corpus, EXTRA)
    reads: list[list[str]] = []

    def iter_articles(paths: Any, *args: Any, **kwargs: Any) -> Any:
        paths = list(paths)
        reads.append(sorted(Path(p).name for p in paths))
        return read_articles(paths, *args, **kwargs)

    monkeypatch.setattr(kg.api, "iter_articles", iter_articles)
    summary = build(corpus, out)
    # the scan reads the corpus (iter_file_articles); the extraction reads only the file with the new document
    assert reads == [sorted(EXTRA)]
    assert (summary["processed"], summary["cached"], summary["documents"]) == (1, 5, 6)
    assert summary["store_update"] == "incremental"
    assert summary["patched"] is True  # graph.nq patched from the previous one, not merged from every document
    assert summary["graph_nq_patch"] == "spliced"  # ... by edits at offsets found by binary search
    # b#00's 晋能煤电公司 now resolves to c#00's 晋能煤电有限公司: its graph is redone from the cached record.
    assert summary["regraphed"] == 2
    assert f"<{entity_iri('晋能煤电公司')}>" not in nquads(out)
    assert_same_as_a_fresh_build(corpus, out, tmp_path / "fresh", summary)


def test_a_rebuild_reads_only_new_and_changed_files(corpus_and_out: tuple[Path, Path], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan remembers each input file's articles under its size, times and inode: a rebuild reads only
    files that are new or were written since (the extraction then reads those holding a document to extract);
    a file written moments before a scan is read again by the next one."""
    import kg.cache
    from kg.read import read_text

    corpus, out = corpus_and_out
    reads: list[str] = []

    def counted(path: Any) -> str:
        reads.append(Path(path).name)
        return read_text(path)

    monkeypatch.setattr("kg.extraction.read_text", counted)
    build(corpus, out)
    assert sorted(reads) == sorted(CORPUS)  # just written: too young to be trusted by their signature
    monkeypatch.setattr(kg.cache, "SCAN_MEMO_MIN_AGE", 0.0)
    build(corpus, out)  # read once more, remembered now
    reads.clear()
    again = build(corpus, out)
    assert reads == [] and (again["processed"], again["cached"]) == (0, 5)
    (corpus / "a.txt").write_bytes((corpus / "a.txt").read_bytes())  # the same bytes, written again
    again = build(corpus, out)
    assert reads == ["a.txt"] and again["processed"] == 0  # read, and nothing to extract
    reads.clear()
    (corpus / "b.txt").write_text(CORPUS["b.txt"].replace("清华大学校长邱勇", "清华大学校长王希勤"), encoding="utf-8")
    write_corpus(corpus, EXTRA)
    summary = build(corpus, out)
    assert sorted(reads) == ["b.txt", "b.txt", "c.txt", "c.txt"]  # scanned, then read for the extraction
    assert summary["processed"] == 2
    assert "王希勤" in nquads(out) and "邱勇" not in nquads(out)
    assert_same_as_a_fresh_build(corpus, out, tmp_path / "fresh", summary)


def test_a_changed_document_replaces_its_facts(corpus_and_out: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, out = corpus_and_out
    assert kg.load(out).lookup("邱勇") is not None
    (corpus / "b.txt").write_text(CORPUS["b.txt"].replace("清华大学校长邱勇", "清华大学校长王希勤"), encoding="utf-8")
    summary = build(corpus, out)
    assert (summary["processed"], summary["cached"]) == (1, 4)  # only b#01 changed
    assert summary["store_update"] == "incremental"
    assert summary["patched"] is True and summary["graph_nq_patch"] == "spliced"
    graph = kg.load(out)
    assert graph.select(f"ASK {{ <{entity_iri('王希勤')}> ?p ?o }}") is True
    assert graph.select(f"ASK {{ <{entity_iri('邱勇')}> ?p ?o }}") is False
    assert "邱勇" not in nquads(out)
    assert_same_as_a_fresh_build(corpus, out, tmp_path / "fresh", summary)


def test_a_removed_document_takes_its_facts_along(corpus_and_out: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, out = corpus_and_out
    (corpus / "b.txt").unlink()
    summary = build(corpus, out)
    assert (summary["processed"], summary["cached"], summary["documents"]) == (0, 3, 3)
    assert summary["store_update"] == "incremental"
    assert summary["patched"] is True and summary["graph_nq_patch"] == "spliced"
    assert f"<{document_iri('b#01')}>" not in graph_names(out)
    assert kg.load(out).select(f"ASK {{ <{entity_iri('清华大学')}> ?p ?o }}") is False
    assert_same_as_a_fresh_build(corpus, out, tmp_path / "fresh", summary)


def test_patched_and_merged_rebuilds_agree(corpus_and_out: tuple[Path, Path], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The same change rebuilt by patching the previous graph.nq and by merging every document's graph gives
    the same files and store; an unchanged rebuild patches nothing and changes no byte."""
    corpus, out = corpus_and_out
    before = (out / "graph.nq").read_bytes(), (out / "graph.ttl").read_bytes()
    again = build(corpus, out)
    assert again["patched"] is True and again["regraphed"] == 0
    assert ((out / "graph.nq").read_bytes(), (out / "graph.ttl").read_bytes()) == before
    merged = tmp_path / "merged"
    shutil.copytree(out, merged)
    write_corpus(corpus, EXTRA)
    (corpus / "a.txt").unlink()
    read_all = tmp_path / "read-all"  # patched too, but without what the cache knows of the previous graph.nq
    shutil.copytree(out, read_all)
    in_workers = tmp_path / "in-workers"  # patched, the changed graphs made by two worker processes
    shutil.copytree(out, in_workers)
    with sqlite3.connect(read_all / "build-cache.sqlite") as db:
        db.execute("DELETE FROM meta WHERE key = 'built_entities'")
    monkeypatch.setattr("kg.cache.PATCH_MAX_CHANGE", 100.0)  # most of this tiny corpus changes
    spliced = build(corpus, out)
    assert spliced["patched"] is True and spliced["graph_nq_patch"] == "spliced"
    every_line = build(corpus, read_all)
    assert every_line["patched"] is True and every_line["graph_nq_patch"] == "merged"
    workers = build(corpus, in_workers, jobs=2, batch_size=1)
    assert workers["patched"] is True and workers["regraphed"] >= 2
    monkeypatch.setattr("kg.cache.PATCH_MAX_CHANGE", 0.0)
    full = build(corpus, merged)
    assert full["patched"] is False
    for name in ("graph.nq", "graph.ttl", "records.jsonl"):
        expected = (merged / name).read_bytes()
        assert all((path / name).read_bytes() == expected for path in (out, read_all, in_workers)), name
    assert store_quads(out) == store_quads(merged) == store_quads(read_all) == store_quads(in_workers)
    for summary in (spliced, every_line, workers):
        assert {k: summary[k] for k in COUNTS} == {k: full[k] for k in COUNTS}


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_a_patched_build_copies_unchanged_sections_unless_the_files_changed(
        corpus_and_out: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel_copy: bool) -> None:
    """Unchanged documents' record lines and Turtle sections are copied from the previous records.jsonl and
    graph.ttl (with the kernel's file-to-file copy and without it); a file edited since is not copied from.
    Either way the files are a fresh build's."""
    import os

    from kg.cache import GraphWriter

    if not kernel_copy:
        def refuse(*args: Any) -> int:
            raise OSError("not here")

        monkeypatch.setattr(os, "copy_file_range", refuse)
    copied: list[Any] = []
    copy_section = GraphWriter.copy_section

    def counted(self: GraphWriter, previous: Any) -> Any:
        copied.append(previous)
        return copy_section(self, previous)

    monkeypatch.setattr(GraphWriter, "copy_section", counted)
    corpus, out = corpus_and_out
    write_corpus(corpus, EXTRA)  # c.txt sorts last; b#00 is regraphed (its company name now resolves to c's)
    summary = build(corpus, out)
    assert summary["patched"] is True and summary["regraphed"] == 2
    assert len(copied) == 4  # the five documents but b#00
    assert_same_as_a_fresh_build(corpus, out, tmp_path / "fresh", summary)
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "fresh" / "graph.ttl").read_bytes()

    copied.clear()
    records = out / "records.jsonl"
    records.write_bytes(records.read_bytes().replace(b"\n", b"\n", 1))  # the same bytes, but written again
    (corpus / "a.txt").unlink()
    summary = build(corpus, out)
    assert summary["patched"] is True and copied == []  # records.jsonl is not the file the cache knows
    assert_same_as_a_fresh_build(corpus, out, tmp_path / "fresh-2", summary)
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "fresh-2" / "graph.ttl").read_bytes()
    again = build(corpus, out)  # and the next patched build copies again
    assert again["patched"] is True and len(copied) == summary["documents"]


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_splicing_counts_a_triple_held_by_several_graphs_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              kernel_copy: bool) -> None:
    """The spliced graph.nq is the sorted union, and its triple count follows triples shared between graphs
    (with the kernel's file-to-file copy and without it)."""
    import os

    from kg.cache import BuiltGraph, GraphWriter

    if not kernel_copy:
        def refuse(*args: Any) -> int:
            raise OSError("not here")

        monkeypatch.setattr(os, "copy_file_range", refuse)

    def quad(s: str, g: str) -> bytes:
        return f"<urn:{s}> <urn:p> <urn:o> <urn:{g}> .\n".encode()

    previous = tmp_path / "previous.nq"
    old = sorted([quad("a", "g1"), quad("a", "g2"), quad("b", "g1"), quad("c", "g2")])
    previous.write_bytes(b"".join(old))
    writer = GraphWriter(tmp_path)
    before = BuiltGraph(quads=4, triples=3, relations_by_type={}, entities_packed=zlib.compress(b""))
    # g1 goes: "a" stays (g2 still holds it), "b" goes; "d" comes in g3, and "c" in g3 too (already a triple)
    leaving, coming = {quad("a", "g1"), quad("b", "g1")}, {quad("d", "g3"), quad("c", "g3")}
    assert writer._splice(previous, leaving, coming, before, copy_bytes=7)  # blocks smaller than a line
    written = (writer.workdir / "graph.nq").read_bytes()
    assert written == b"".join(sorted((set(old) - leaving) | coming))
    assert (writer.quads, writer.triples) == (4, 3)  # a, c, d
    assert writer.source == hashlib.sha256(written).hexdigest()
    # a line that is not in the file: nothing is written, the caller reads every line instead
    assert not GraphWriter(tmp_path)._splice(previous, {quad("x", "g1")}, set(), before)
    writer.discard()


def test_a_new_pipeline_version_rebuilds_everything(corpus_and_out: tuple[Path, Path],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out = corpus_and_out
    assert build(corpus, out)["processed"] == 0
    monkeypatch.setattr("kg.pipeline.pipeline_version", lambda statistical_ner=None: "another-version")
    summary = build(corpus, out)
    assert (summary["processed"], summary["cached"]) == (5, 0)


def test_new_graph_code_remakes_the_graphs_and_keeps_the_extractions(corpus_and_out: tuple[Path, Path],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out = corpus_and_out
    before = {name: (out / name).read_bytes() for name in ("graph.nq", "graph.ttl", "records.jsonl")}
    monkeypatch.setattr("kg.pipeline.graph_version", lambda statistical_ner=None: "another-graph-version")
    summary = build(corpus, out)
    assert (summary["processed"], summary["cached"], summary["regraphed"]) == (0, 5, 5)
    assert not summary["patched"]
    assert {name: (out / name).read_bytes() for name in before} == before
    assert build(corpus, out)["regraphed"] == 0  # the new graphs are cached under the new version


def test_a_killed_build_leaves_the_previous_outdir(corpus_and_out: tuple[Path, Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out = corpus_and_out
    before = {name: (out / name).read_bytes() for name in ("graph.nq", "graph.ttl", "records.jsonl")}
    write_corpus(corpus, EXTRA)

    def killed(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.graph.entities_nquads", killed)  # dies after extraction, while writing the graph
    with pytest.raises(KeyboardInterrupt):
        build(corpus, out)
    assert {name: (out / name).read_bytes() for name in before} == before
    assert not list(out.glob(f"{BUILD_PREFIX}*"))
    assert kg.load(out).lookup("邱勇") is not None
    monkeypatch.undo()
    summary = build(corpus, out)  # the extraction the killed build finished is kept
    assert (summary["processed"], summary["cached"]) == (0, 6)
    assert (out / CACHE_FILENAME).is_file()


def test_a_build_killed_after_the_store_swap_reloads_the_store_next_time(
        corpus_and_out: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kg.cache import GraphWriter

    corpus, out = corpus_and_out
    write_corpus(corpus, EXTRA)

    def killed(self: GraphWriter) -> None:
        self.discard()
        raise KeyboardInterrupt

    monkeypatch.setattr(GraphWriter, "commit", killed)  # the new store is in place, the old graph.nq too
    with pytest.raises(KeyboardInterrupt):
        build(corpus, out)
    monkeypatch.undo()
    monkeypatch.setattr("kg.cache.INCREMENTAL_STORE_MAX_CHANGE", 1.0)
    (corpus / "c.txt").unlink()  # back to the old corpus: graph.nq is unchanged, yet the store must be redone
    summary = build(corpus, out)
    assert summary["store_update"] == "full"
    assert_same_as_a_fresh_build(corpus, out, tmp_path / "fresh")


def test_cli_build_quiet_with_jobs(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", CORPUS)
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(tmp_path / "out"),
                           "--no-ner", "--no-validate", "--jobs", "1", "--quiet"],
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "documents extracted now" in done.stdout and "━" not in done.stderr  # no progress bar off a TTY


def start_parallel_build(tmp_path: Path, out: Path) -> tuple[subprocess.Popen[bytes], list[Any]]:
    """``kg build --jobs 2`` of a ~1 M-character corpus, returned once it is extracting, with its processes."""
    import psutil

    big = "".join(f"第{i}号通知\n{CORPUS['a.txt']}{CORPUS['b.txt']}" for i in range(1500))
    corpus = write_corpus(tmp_path / "big", {"big.txt": big})  # seconds of extraction
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "--no-ner",
                             "--no-validate", "--jobs", "2", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    workers: list[Any] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = main.children(recursive=True)
        if len(workers) >= 3:  # the fork server and two extraction workers
            break
        time.sleep(0.05)
    assert len(workers) >= 3 and proc.poll() is None
    time.sleep(1.0)  # into the extraction
    return proc, workers


def test_sigterm_stops_a_parallel_build_and_its_workers(tmp_path: Path) -> None:
    """SIGTERM reaches only the main process: the build unwinds as on Ctrl-C, its worker processes stop, and the
    previous OUT stays as it was."""
    import psutil

    out = tmp_path / "out"
    build(write_corpus(tmp_path / "small", CORPUS), out)
    before = (out / "graph.nq").read_bytes()
    proc, workers = start_parallel_build(tmp_path, out)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    _gone, alive = psutil.wait_procs(workers, timeout=15)
    assert alive == []
    assert (out / "graph.nq").read_bytes() == before
    assert not list(out.glob(f"{BUILD_PREFIX}*"))
    assert build(tmp_path / "small", out)["processed"] == 0  # the cache is whole: nothing to extract again


def test_a_build_killed_outright_takes_its_workers_along(tmp_path: Path) -> None:
    """SIGKILL gives the build no chance to stop its workers; they notice their parent is gone and end (else
    they, and the fork server, would wait for work forever)."""
    import psutil

    proc, workers = start_parallel_build(tmp_path, tmp_path / "out")
    proc.kill()
    assert proc.wait(timeout=60) == -signal.SIGKILL
    _gone, alive = psutil.wait_procs(workers, timeout=20)
    assert alive == []


def test_graph_workers_in_two_processes_match_one(local_build: tuple[Path, Path, dict[str, Any]]) -> None:
    """The graph stage's process pool: every worker holds the build's resolution and the order is kept."""
    import os
    import zlib

    from kg.parallel import GraphWorkers
    from kg.resolve import EntityResolver

    corpus, _, _ = local_build
    raw = extract([corpus], statistical_ner=False)
    resolver = EntityResolver()
    resolver.rename = {"晋能煤电公司": "晋能煤电有限公司"}
    packed = [(zlib.compress(json.dumps(r, ensure_ascii=False).encode("utf-8")), r["path"]) for r in raw]
    with GraphWorkers(resolver, jobs=1) as here:
        expected = here.run(packed)
    with GraphWorkers(resolver, jobs=2) as pool:
        assert pool._pool is not None and all(pid != os.getpid() for pid in pool._pool._processes)
        # windows in flight ahead of the caller come back whole, tagged and in order (an empty window too)
        windows = [("a", packed[:1]), ("b", []), ("c", packed[1:])]
        ahead = list(pool.run_ahead(iter(windows)))
    assert [tag for tag, _, _ in ahead] == ["a", "b", "c"] and ahead[1][1:] == ([], [])
    # from the workers: the graphs without their N-Quads, which come as one sorted run per chunk instead
    slim = [graph for _, graphs, _ in ahead for graph in graphs]
    assert [graph._replace(nquads=b"", cache_row=None) for graph in slim] == \
        [graph._replace(nquads=b"") for graph in expected]
    assert all(graph.cache_row is not None and graph.nquads == b"" for graph in slim)
    runs = [run for _, _, chunk_runs in ahead for run in chunk_runs]
    assert all(run.splitlines() == sorted(set(run.splitlines())) for run in runs)
    assert {line for run in runs for line in run.splitlines()} == \
        {line for graph in expected for line in graph.nquads.splitlines()}
    # the workers resolved with the build's resolution
    canonicals = {e["canonical"] for line, *_ in slim for e in json.loads(line)["entities"]}
    assert "晋能煤电有限公司" in canonicals and "晋能煤电公司" not in canonicals


def test_the_same_corpus_under_another_path_is_not_extracted_again(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache keys extraction by content, not by how the path was spelt; the graph still says where each
    document was read this time (kg:sourcePath)."""
    corpus = write_corpus(tmp_path / "corpus", CORPUS)
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    first = build(Path("corpus"), out)  # relative
    assert first["processed"] == 5
    assert '"corpus/a.txt"' in nquads(out)
    again = build(corpus.resolve(), out)  # absolute
    assert (again["processed"], again["cached"]) == (0, 5)
    assert again["regraphed"] == 5  # the named graphs are redone: their source path changed
    assert f'"{corpus.resolve() / "a.txt"}"' in nquads(out)
    assert '"corpus/a.txt"' not in nquads(out)
    assert_same_as_a_fresh_build(corpus.resolve(), out, tmp_path / "fresh")


def test_the_store_stamp_follows_graph_nq(corpus_and_out: tuple[Path, Path]) -> None:
    from kg.cache import current_source, sha256_file

    _, out = corpus_and_out
    nq = out / "graph.nq"
    assert current_source(out) == sha256_file(nq)
    data = nq.read_bytes()
    nq.write_bytes(data)  # same bytes, new modification time: hashed again, still the graph the store holds
    assert current_source(out) == sha256_file(nq)
    nq.write_bytes(data + data[:data.index(b"\n") + 1].replace(b"<", b"<x", 1))  # edited by hand
    assert current_source(out) is None
    assert build(*corpus_and_out)["store_update"] == "full"  # so the next build reloads the store


def test_doctests_of_the_build_modules() -> None:
    import doctest

    import kg.cache
    import kg.parallel

    for module in (kg.cache, kg.parallel):
        failed, attempted = doctest.testmod(module)
        assert attempted > 0 and failed == 0, module.__name__
