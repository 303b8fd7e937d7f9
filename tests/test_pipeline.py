"""kg.pipeline: the pipeline version that keys the build cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg.pipeline
from kg.pipeline import pipeline_version


def test_every_model_file_counts_in_the_pipeline_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "ner"
    shutil.copytree(kg.pipeline.MODEL_DIR, model)
    monkeypatch.setattr(kg.pipeline, "MODEL_DIR", model)
    with_ner, rules_only = pipeline_version(None), pipeline_version(False)
    onnx = next(model.rglob("lstm.onnx"))
    onnx.write_bytes(onnx.read_bytes() + b"\0")  # a re-exported network, every JSON file unchanged
    assert pipeline_version(None) != with_ner
    assert pipeline_version(False) == rules_only  # the rules-only pipeline does not use the model
