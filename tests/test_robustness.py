"""Bad input through the CLI, internal errors named by document, long single-line files, killed builds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

import kg
from kg.clean import clean
from kg.cli import app
from kg.convert import matching_text
from kg.read import read_text
from kg.split import split_articles, split_sentences

GOOD = "生态环境部新闻发言人刘友宾介绍了情况。"


def _kg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Files kg must refuse, each with the words its one stderr line must hold."""
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "latin.txt").write_bytes("Ærøskøbing façade naïve".encode("latin-1") * 3)
    (folder / "half.txt").write_bytes(b"\xef\xbb\xbf" + "中国".encode() + b"\xff\xfe\xfd")  # BOM, then junk
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    return {"image.txt": "binary", "latin.txt": "GB18030", "half.txt": "utf-8", "broken.pdf": "broken.pdf",
            "broken.docx": "broken.docx"}


def test_cli_extract_reports_each_bad_input_on_one_line_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text(" \n\u3000\n", encoding="utf-8")
    bad = _bad_inputs(tmp_path)
    done = _kg("extract", str(tmp_path), str(tmp_path / "missing.txt"), str(tmp_path / "*.nomatch"), "--no-ner")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["doc"] for r in records] == ["good"]
    lines = done.stderr.strip().splitlines()
    for name, reason in bad.items():
        mine = [line for line in lines if name in line]
        assert len(mine) == 1 and mine[0].startswith("kg: error: ") and reason.lower() in mine[0].lower(), lines
    assert any("missing.txt" in line and "no such file" in line for line in lines)
    assert any("*.nomatch" in line and "matches no file" in line for line in lines)
    # Empty files are skipped with a note, which does not count as a failure.
    notes = [line for line in lines if line.startswith("kg: note: ")]
    assert {Path(line.split(": ")[2]).name for line in notes} == {"empty.txt", "blank.md"}
    assert len(lines) == len(bad) + 2 + len(notes)


def test_cli_extract_of_only_empty_files_succeeds_with_notes(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "empty.txt"), "--no-ner"])
    assert result.exit_code == 0
    assert result.stdout == "" and "kg: note:" in result.stderr and "empty" in result.stderr


def test_cli_build_goes_on_past_bad_inputs_and_exits_nonzero(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GOOD, encoding="utf-8")
    bad = _bad_inputs(inputs)
    result = CliRunner().invoke(app, ["build", str(inputs), "-o", str(tmp_path / "out"), "--no-ner",
                                      "--no-validate"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert all(name in result.stderr for name in bad)
    assert kg.load(tmp_path / "out").lookup("刘友宾") is not None


# ------------------------------------------------------------------------------------------------ internal errors

_BOOM = "触发内部故障"


@Language.component("kg_test_failing_component")
def _failing_component(doc: Doc) -> Doc:
    if _BOOM in doc.text:
        raise RuntimeError("a component broke")
    return doc


def test_an_internal_error_names_the_document_and_the_rest_come_out(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.pipeline import build_nlp

    nlp = build_nlp(statistical_ner=False)
    nlp.add_pipe("kg_test_failing_component", before="kg_relations")
    monkeypatch.setattr("kg.pipeline.default_nlp", lambda statistical_ner=None: nlp)
    digest = tmp_path / "digest.txt"
    digest.write_text(f"标题一\n{GOOD}\n来源：新华网\n标题二\n{_BOOM}。\n来源：人民网\n标题三\n{GOOD}\n来源：人民网\n",
                      encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(digest), "--no-ner"])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert [json.loads(line)["doc"] for line in result.stdout.splitlines()] == ["digest#00", "digest#02"]
    assert result.stderr.strip() == ("kg: error: digest#01: internal error while extracting: "
                                     "RuntimeError: a component broke")


# ------------------------------------------------------------------------------------------------ size

# One line of real text: the seed digest with its line breaks removed, repeated to 3 MB.
_SEED_LINE = (SEEDS / "shehui-fazhan-keji-dongtai-2021-02.txt").read_text(encoding="utf-8").replace("\n", "")
THREE_MB = 3_000_000


def test_a_3mb_single_line_file_reads_cleans_and_splits(tmp_path: Path) -> None:
    big = tmp_path / "one-line.txt"
    big.write_text((_SEED_LINE * (THREE_MB // len(_SEED_LINE) + 1))[:THREE_MB], encoding="utf-8")
    raw = read_text(big)
    articles = split_articles(big.stem, raw)
    cleaned = [clean(a.text) for a in articles]
    sentences = sum(1 for ct in cleaned for _ in split_sentences(ct.text))
    converted = [matching_text(ct.text) for ct in cleaned]
    assert len(articles) == 1 and sentences > 10_000 and len(converted[0]) == len(cleaned[0].text)


def test_a_3mb_single_line_file_is_extracted(tmp_path: Path) -> None:
    """A long one-line document is not refused (spaCy's 1M-character cap) and comes out whole. How fast it
    goes is measured by benchmarks/long_line.py (BENCHMARKS.md), not asserted here."""
    big = tmp_path / "one-line.txt"
    big.write_text((_SEED_LINE * (THREE_MB // len(_SEED_LINE) + 1))[:THREE_MB], encoding="utf-8")
    done = _kg("extract", str(big), "--no-ner", timeout=900)
    assert done.returncode == 0, done.stderr
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(record["text"]) == len(big.read_text(encoding="utf-8"))
    assert len(record["entities"]) > 1000
    assert all(record["text"][e["start"]:e["end"]] == e["text"] for e in record["entities"])


# ------------------------------------------------------------------------------------------------ killed builds


def _check_outdir(out: Path, names: set[str]) -> None:
    """Every artifact in OUT is complete, and the store answers queries about one of the two builds."""
    from rdflib import Dataset, Graph

    for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)
    Dataset().parse(out / "graph.nq", format="nquads")
    Graph().parse(out / "graph.ttl", format="turtle")
    graph = kg.load(out)
    rows = graph.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(rows, list) and int(rows[0]["n"]) > 0
    assert any(graph.lookup(name) is not None for name in names)


@pytest.mark.parametrize("kill_when", ["first temporary file", "graph.nq replaced", "store being built"])
def test_a_build_killed_midway_leaves_the_old_graph_queryable(tmp_path: Path, kill_when: str) -> None:
    small = tmp_path / "small.txt"
    small.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    kg.build([small], out, statistical_ner=False)
    before = {p.name for p in out.iterdir()}
    nq_mtime = (out / "graph.nq").stat().st_mtime_ns

    def started_writing() -> bool:
        names = {p.name for p in out.iterdir()}
        if kill_when == "first temporary file":
            return bool(names - before)
        if kill_when == "graph.nq replaced":
            return (out / "graph.nq").stat().st_mtime_ns != nq_mtime
        return any(name.startswith(".store-build-") for name in names)

    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "-o", str(out), "--no-ner",
                                "--no-validate"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while process.poll() is None and not started_writing() and time.monotonic() < deadline:
            time.sleep(0.001)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    _check_outdir(out, {"刘友宾", "国网电动汽车公司"})
    # A later build over the debris of the killed one succeeds and cleans up after itself.
    kg.build([small], out, statistical_ner=False)
    _check_outdir(out, {"刘友宾"})
    assert not [p for p in out.iterdir() if p.name.startswith(".store-")]


# ------------------------------------------------------------------------------------------------ file names


def test_a_gbk_file_name_does_not_sink_the_build(tmp_path: Path) -> None:
    """Zip archives made on Chinese Windows unpack to GBK-encoded names, which are not UTF-8."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    gbk_name = os.fsdecode("科技".encode("gbk") + b".txt")
    (inputs / gbk_name).write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}  # stdout strict UTF-8
    done = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(inputs), "--no-ner"], capture_output=True,
                          cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    record = json.loads(done.stdout.decode("utf-8"))
    assert record["doc"] == "科技" and record["path"].endswith("科技.txt")
    summary = kg.build([inputs], tmp_path / "out", statistical_ner=False)
    assert summary["documents"] == 1
