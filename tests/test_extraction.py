from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conftest import SEED_FILE

from kg.extraction import extract_records, extract_text, records_from_docs
from kg.pipeline import build_nlp
from kg.split import Article

ANNOTATION_KEYS = {"doc", "text", "entities", "relations", "goal_attributes"}


def test_records_have_the_annotation_format_with_raw_offsets() -> None:
    records = list(extract_records([SEED_FILE], split="auto", statistical_ner=False))
    assert len(records) == 13
    for rec in records:
        assert rec.keys() >= ANNOTATION_KEYS
        for e in rec["entities"]:
            assert rec["text"][e["start"]:e["end"]] == e["text"]
            assert e["label"] in {"ORG", "PERSON", "LOC", "PROJECT", "GOAL", "POLICY"}
            assert e["canonical"] and not any(ch.isspace() or ch in "“”《》" for ch in e["canonical"])
            assert e["rule"]
        for r in rec["relations"]:
            ev = r["evidence"]
            assert rec["text"][ev["start"]:ev["end"]] == ev["text"]
            assert r["rule"].startswith("rel.") and 0 < r["confidence"] <= 1


def test_a_name_split_by_a_line_break_is_one_span_over_the_raw_text() -> None:
    raw = "2021年1月28日，由国网电动汽车公司投资、国网智慧能源交通技术创新\n\n中心负责研发的国内首艘纯电池动力集装箱船开工。"
    rec = extract_text(raw, statistical_ner=False)
    spans = [e["text"] for e in rec["entities"] if e["label"] == "ORG"]
    assert "国网智慧能源交通技术创新\n\n中心" in spans


def test_split_none_keeps_file_ids(tmp_path: Path) -> None:
    f = tmp_path / "two.txt"
    f.write_text("标题一\n科技部发布通知。\n来源：新华网\n标题二\n教育部发布通知。\n来源：人民网\n", encoding="utf-8")
    auto = list(extract_records([f], split="auto", statistical_ner=False))
    whole = list(extract_records([f], split="none", statistical_ner=False))
    assert [r["doc"] for r in auto] == ["two#00", "two#01"] and [r["doc"] for r in whole] == ["two"]
    assert auto[1]["source"] == "人民网"


def test_bad_inputs_are_reported_and_the_rest_still_come_out(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("科技部副部长李萌表示，将支持创新。", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 20)
    errors: list[str] = []
    records = list(extract_records([bad, tmp_path / "missing.txt", good], statistical_ner=False,
                                   on_error=lambda err: errors.append(str(err))))
    assert [r["doc"] for r in records] == ["good"]
    assert len(errors) == 2 and "bad.txt" in errors[0] and "missing.txt" in errors[1]


def test_a_batch_frees_its_docs_once_their_records_are_made() -> None:
    nlp = build_nlp(statistical_ner=False)
    made: list[weakref.ref[Any]] = []
    pipe = nlp.pipe

    def remembering_pipe(texts: Any, **options: Any) -> Iterator[Any]:
        for doc in pipe(texts, **options):
            made.append(weakref.ref(doc))
            yield doc

    nlp.pipe = remembering_pipe  # type: ignore[method-assign]
    text = "由国网电动汽车公司投资、国网智慧能源交通技术创新中心负责研发的国内首艘纯电池动力集装箱船开工建造。"
    gc.disable()  # what frees the docs must be their reference counts, not the cyclic collector
    try:
        records = records_from_docs(nlp, [Article("a", text), Article("b", text)])
        assert len(made) == 2 and all(doc() is None for doc in made)
    finally:
        gc.enable()
    assert all(record["relations"] and record["entities"] for record in records)  # Spans were kept in the docs
