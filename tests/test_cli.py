"""The CLI end to end: build the seed graph, extract JSONL, evaluate, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import DEV_GOLD, ROOT
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
LABELS = {"ORG", "PERSON", "LOC", "PROJECT", "GOAL", "POLICY"}


def test_build_on_seeds_has_all_types_most_relations_and_conforms(seed_build: tuple[Path, dict[str, Any]]) -> None:
    out, summary = seed_build
    assert (out / "graph.ttl").is_file() and (out / "graph.nq").is_file()
    assert summary["documents"] == 13
    assert set(summary["entities_by_type"]) == LABELS
    assert len(summary["relations_by_type"]) >= 7
    assert summary["conforms"] is True


def test_build_graph_validates_with_pyshacl(seed_build: tuple[Path, dict[str, Any]]) -> None:
    from pyshacl import validate
    from rdflib import Graph

    out, _ = seed_build
    data = Graph().parse(out / "graph.ttl")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl")
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert conforms, report


def test_extract_prints_one_json_record_per_article() -> None:
    done = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(ROOT / "seeds"), "--format", "jsonl",
                           "--no-ner"], capture_output=True, text=True, check=True, cwd=ROOT)
    records = [json.loads(line) for line in done.stdout.splitlines()]  # every line whole (main() flushes)
    assert len(records) == 13
    assert records[0]["doc"].endswith("#00") and all(rec["entities"] for rec in records)


def test_the_console_script_keeps_a_usage_errors_status() -> None:
    # main() ends the process with os._exit: the status must still be the command's (the whole output of a
    # finished command through a pipe: test_extract_prints_one_json_record_per_article)
    usage = subprocess.run([sys.executable, "-m", "kg.cli", "no-such-command"], capture_output=True, text=True,
                           check=False, cwd=ROOT)
    assert usage.returncode == 2 and "No such command" in usage.stderr


def test_evaluate_reports_scores_and_errors() -> None:
    result = runner.invoke(app, ["evaluate", str(DEV_GOLD), "--errors", "--no-ner"])
    assert result.exit_code == 0, result.output
    last = json.loads(result.output.strip().splitlines()[-1])
    assert last["entity_f"] > 0.75 and last["relation_f"] > 0.45
    assert "false_positive" in result.output or "miss" in result.output


def test_bad_input_is_one_line_naming_the_file_and_others_still_come_out(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("生态环境部新闻发言人刘友宾介绍了情况。", encoding="utf-8")
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\xff" * 64)
    done = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(bad), str(good), "--no-ner"],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = [x for x in done.stderr.splitlines() if x.strip()]
    assert "broken.txt" in line
    assert json.loads(done.stdout)["doc"] == "good"


def test_a_rebuild_starts_no_forkserver_ahead_of_need(tmp_path: Path) -> None:
    """A first build with several processes starts the workers' forkserver at once, so that its imports run beside
    the command's own; a rebuild into the same OUT (a build cache there) extracts and graphs a few documents in
    its own process and leaves it unstarted (a pool that does need it starts it then)."""
    code = (
        "import sys, psutil\n"
        "from kg.cli import app\n"
        "sys.argv = ['kg', 'build', 'seeds', '-o', sys.argv[1], '--jobs', '2', '--no-ner', '--no-validate', '--quiet']\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print('children:', ' | '.join(p.cmdline()[-1] for p in psutil.Process().children()))\n"
    )
    out = tmp_path / "out"

    def children() -> str:
        done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, cwd=ROOT,
                              check=True)
        return done.stdout.strip().splitlines()[-1]

    assert "multiprocessing.forkserver" in children()  # the first build
    assert (out / "build-cache.sqlite").is_file()
    assert children() == "children:"  # the rebuild: nothing changed, no worker process needed


def test_the_cli_spells_the_build_cache_as_the_cache_does() -> None:
    from kg.cache import CACHE_FILENAME
    from kg.cli_core import BUILD_CACHE_FILENAME

    assert BUILD_CACHE_FILENAME == CACHE_FILENAME
