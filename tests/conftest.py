"""Shared fixtures: the seed corpus, the dev gold, and one seed build reused by the slower tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "shehui-fazhan-keji-dongtai-2021-02.txt"
DEV_GOLD = ROOT.parent / "shared" / "dev-gold" / "seed-dev.jsonl"
if not DEV_GOLD.exists():  # a checkout without ../shared carries a copy
    DEV_GOLD = ROOT / "tests" / "data" / "seed-dev.jsonl"


@pytest.fixture(scope="session")
def gold_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DEV_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """``kg build seeds`` once per test session (rules and the shipped NER, SHACL validation on)."""
    import kg

    out = tmp_path_factory.mktemp("seed-build")
    summary = kg.build([SEEDS], out, validate=True)
    return out, summary
