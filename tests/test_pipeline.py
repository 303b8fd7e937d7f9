"""kg.pipeline: the pipeline version that keys the build cache; the pipeline a process keeps."""

from __future__ import annotations

import shutil
import weakref
from pathlib import Path

import pytest

import kg.pipeline
from kg.pipeline import default_nlp, graph_version, pipeline_version, release_default_nlp, version_files


def test_every_model_file_counts_in_the_pipeline_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "ner"
    shutil.copytree(kg.pipeline.MODEL_DIR, model)
    monkeypatch.setattr(kg.pipeline, "MODEL_DIR", model)
    with_ner, rules_only = pipeline_version(None), pipeline_version(False)
    onnx = next(model.rglob("lstm.onnx"))
    onnx.write_bytes(onnx.read_bytes() + b"\0")  # a re-exported network, every JSON file unchanged
    assert pipeline_version(None) != with_ner
    assert pipeline_version(False) == rules_only  # the rules-only pipeline does not use the model


def test_every_module_counts_in_one_version_or_is_downstream() -> None:
    extraction, graph = version_files(None)
    names = {p.name for p in kg.pipeline.PACKAGE_DIR.glob("*.py")}
    counted = {p.name for p in extraction if p.suffix == ".py"}
    assert set(kg.pipeline.GRAPH_CODE) | set(kg.pipeline.DOWNSTREAM_CODE) <= names  # no stale names
    assert {p.name for p in graph} == set(kg.pipeline.GRAPH_CODE)
    assert counted == names - set(kg.pipeline.GRAPH_CODE) - set(kg.pipeline.DOWNSTREAM_CODE)
    # what makes records (the rules, the NER, the resolver's evidence) re-extracts; the graph writer does not
    assert {"entities.py", "relations.py", "ner.py", "resolve.py", "extraction.py"} <= counted
    assert "graph.py" not in counted


def test_graph_code_changes_the_graph_version_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "kg"
    package.mkdir()
    for module in kg.pipeline.PACKAGE_DIR.glob("*.py"):
        shutil.copy(module, package / module.name)
    monkeypatch.setattr(kg.pipeline, "PACKAGE_DIR", package)
    versions = pipeline_version(False), graph_version(False)
    graph_py = package / "graph.py"
    graph_py.write_text(graph_py.read_text(encoding="utf-8") + "\n# another graph writer\n", encoding="utf-8")
    assert pipeline_version(False) == versions[0]
    assert graph_version(False) != versions[1]
    relations_py = package / "relations.py"
    relations_py.write_text(relations_py.read_text(encoding="utf-8") + "\n# another rule engine\n", encoding="utf-8")
    assert pipeline_version(False) != versions[0]
    export_py = package / "export.py"
    changed = pipeline_version(False), graph_version(False)
    export_py.write_text(export_py.read_text(encoding="utf-8") + "\n# another exporter\n", encoding="utf-8")
    assert (pipeline_version(False), graph_version(False)) == changed


def test_released_pipelines_are_freed_and_built_again() -> None:
    kept = default_nlp(False)
    assert default_nlp(False) is kept  # built once per process
    released = weakref.ref(kept)
    del kept
    release_default_nlp()
    assert released() is None  # no cycle or cache keeps its memory
    assert "ORG" in {ent.label_ for ent in default_nlp(False)("国家电网公司投资建设保德电厂。").ents}
