"""Every input format kg reads (text, Markdown, HTML, PDF, .docx) and traditional Chinese, end to end."""

from __future__ import annotations

import importlib.util
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from kg.cli import app
from kg.convert import has_traditional, matching_text, to_simplified
from kg.extraction import extract_records, extract_text
from kg.read import InputError, decode_html_bytes, docx_text, expand_inputs, html_text, read_text

DATA = ROOT / "tests" / "data"
PDF_FIXTURE = DATA / "chinese.pdf"


def _records(paths: list[Path], split: str = "auto") -> tuple[list[dict[str, Any]], list[str]]:
    errors: list[str] = []
    records = list(extract_records(paths, split=split, statistical_ner=False,
                                   on_error=lambda err: errors.append(str(err))))
    return records, errors


def _assert_offsets(record: dict[str, Any]) -> None:
    for e in record["entities"]:
        assert record["text"][e["start"]:e["end"]] == e["text"]
    for r in record["relations"]:
        ev = r["evidence"]
        assert record["text"][ev["start"]:ev["end"]] == ev["text"]


# ------------------------------------------------------------------------------------------------ PDF


def _make_pdf_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_pdf", DATA / "make_pdf.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pdf_fixture_is_what_its_script_makes() -> None:
    assert _make_pdf_module().make_pdf() == PDF_FIXTURE.read_bytes()


def test_a_pdf_without_a_text_layer_is_skipped_with_a_note(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(_make_pdf_module().make_pdf([[], []]))
    with pytest.raises(InputError, match=r"no text layer.*skipped$"):
        read_text(scan)
    result = CliRunner().invoke(app, ["extract", str(scan), "--no-ner"])
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith("kg: note: ") and "scan.pdf" in result.stderr


def test_pdf_text_layer_with_a_cid_font_reads_as_chinese() -> None:
    text = read_text(PDF_FIXTURE)
    assert "中国科学院与国家电网公司在北京签署战略合作协议" in text
    assert "科学技术部部长王志刚出席签约仪式。" in text
    assert "Page 1" in text and "\x0c" not in text


def test_pdf_extraction_offsets_refer_to_the_extracted_text() -> None:
    records, errors = _records([PDF_FIXTURE])
    assert errors == [] and len(records) == 1
    rec = records[0]
    assert rec["text"] == read_text(PDF_FIXTURE) and rec["path"].endswith("chinese.pdf")
    _assert_offsets(rec)
    names = {(e["canonical"], e["label"]) for e in rec["entities"]}
    assert {("中国科学院", "ORG"), ("王志刚", "PERSON")} <= names
    # The hard wrap inside the first paragraph is joined by cleaning: one sentence carries both halves.
    evidence = {(r["head"], r["relation"], r["tail"]): r["evidence"]["text"] for r in rec["relations"]}
    assert "双方将\n共同推进" in evidence[("中国科学院", "collaborates_with", "国家电网有限公司")]


def test_a_misnamed_pdf_is_read_by_its_signature(tmp_path: Path) -> None:
    misnamed = tmp_path / "report.txt"
    misnamed.write_bytes(PDF_FIXTURE.read_bytes())
    assert read_text(misnamed) == read_text(PDF_FIXTURE)


@pytest.mark.parametrize("data", [b"%PDF-1.4\nthis is not really a pdf", b"not a pdf at all \x00\x01"])
def test_a_broken_pdf_is_an_input_error_naming_the_file(tmp_path: Path, data: bytes) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data)
    try:
        text = read_text(broken)
    except InputError as err:
        assert "broken.pdf" in str(err)
    else:  # pdfminer may read a header-only file as a PDF with no pages: no text, reported as empty later
        assert text.strip() == ""


# ------------------------------------------------------------------------------------------------ HTML

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>页面标题不算正文</title>
<style>body { font-family: serif; }</style><script>var x = "<p>不显示</p>";</script></head>
<body><nav>首页 &gt; 新闻</nav>
<h1>国家能源局发布通知</h1>
<p>国家能源局近日印发《关于推进
   新型储能发展的指导意见》，&ldquo;十四五&rdquo;期间<b>加快</b>发展。</p>
<noscript>请开启脚本</noscript>
<table><tr><td>单位</td><td>中国科学院</td></tr></table>
<p>第一行<br>第二行</p>
<pre>  保留   空格
第二行</pre>
<!-- 注释不算 -->
</body></html>"""


def test_html_keeps_visible_text_and_block_breaks() -> None:
    text = html_text(PAGE)
    lines = text.split("\n")
    assert lines[:3] == ["首页 > 新闻", "国家能源局发布通知",
                         "国家能源局近日印发《关于推进 新型储能发展的指导意见》，“十四五”期间加快发展。"]
    assert "单位" in lines and "中国科学院" in lines and "第一行" in lines and "第二行" in lines
    assert "  保留   空格" in lines
    for hidden in ("页面标题", "font-family", "不显示", "请开启脚本", "注释"):
        assert hidden not in text
    assert html_text("<p>正文</p><!-- 没有结束的注释 <p>不显示</p>") == "正文"


def test_html_charset_declaration_decodes_big5_and_gbk() -> None:
    big5 = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head>' \
           "<body><p>中國科學院與臺灣大學</p></body></html>"
    assert html_text(decode_html_bytes(big5.encode("big5"), "x.html")) == "中國科學院與臺灣大學"
    gbk = '<html><head><meta charset="gb2312"></head><body><p>中国科学院</p></body></html>'
    assert html_text(decode_html_bytes(gbk.encode("gbk"), "x.html")) == "中国科学院"
    # A wrong declaration is not trusted: detection decides.
    wrong = '<meta charset="utf-8"><p>中国科学院</p>'
    assert html_text(decode_html_bytes(wrong.encode("gb18030"), "x.html")) == "中国科学院"


def test_html_file_extracts_entities_from_the_body(tmp_path: Path) -> None:
    page = tmp_path / "news.htm"
    page.write_text(PAGE, encoding="utf-8")
    records, errors = _records([page], split="none")
    assert errors == [] and len(records) == 1
    rec = records[0]
    _assert_offsets(rec)
    assert "<" not in rec["text"] and "页面标题" not in rec["text"]
    assert ("国家能源局", "ORG") in {(e["canonical"], e["label"]) for e in rec["entities"]}


# ------------------------------------------------------------------------------------------------ DOCX

_DOCX_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(body_xml: str) -> bytes:
    """A minimal .docx: the parts Word needs to open it, with ``body_xml`` as the document body."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{_DOCX_NS}"><w:body>{body_xml}</w:body></w:document>')
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


DOCX_BODY = ("<w:p><w:r><w:t>科技部发布通知</w:t></w:r></w:p>"
             "<w:p><w:r><w:t>生态环境部新闻发言人</w:t></w:r><w:r><w:t>刘友宾介绍了情况。</w:t></w:r></w:p>"
             "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单位</w:t></w:r></w:p></w:tc>"
             "<w:tc><w:p><w:r><w:t>中国科学院</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
             "<w:p><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t><w:br/><w:t>三</w:t></w:r></w:p>")


def test_docx_paragraphs_runs_tables_tabs_and_breaks() -> None:
    assert docx_text(make_docx(DOCX_BODY)) == "科技部发布通知\n生态环境部新闻发言人刘友宾介绍了情况。\n单位\n中国科学院\n一\t二\n三"


def test_docx_file_extracts_entities(tmp_path: Path) -> None:
    doc = tmp_path / "notice.docx"
    doc.write_bytes(make_docx(DOCX_BODY))
    records, errors = _records([doc])
    assert errors == [] and len(records) == 1
    _assert_offsets(records[0])
    relations = {(r["head"], r["relation"], r["tail"]) for r in records[0]["relations"]}
    assert ("刘友宾", "affiliated_with", "生态环境部") in relations


@pytest.mark.parametrize("data,reason", [
    (b"plain text pretending", "not a Word .docx"),
    (None, "without word/document.xml"),
    (b"<w:document", "malformed"),
])
def test_bad_docx_is_an_input_error(tmp_path: Path, data: bytes | None, reason: str) -> None:
    bad = tmp_path / "bad.docx"
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        bad.write_bytes(buffer.getvalue())
    elif data.startswith(b"<"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", data)
        bad.write_bytes(buffer.getvalue())
    else:
        bad.write_bytes(data)
    with pytest.raises(InputError, match=reason) as info:
        read_text(bad)
    assert "bad.docx" in str(info.value)


# ------------------------------------------------------------------------------------------------ dirs


def test_directories_pick_up_every_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("科技部发布通知。", encoding="utf-8")
    (tmp_path / "b.md").write_text("# 标题\n\n教育部发布通知。", encoding="utf-8")
    (tmp_path / "c.html").write_text("<p>国家能源局发布通知。</p>", encoding="utf-8")
    (tmp_path / "d.HTM").write_text("<p>国家能源局发布通知。</p>", encoding="utf-8")
    (tmp_path / "e.pdf").write_bytes(PDF_FIXTURE.read_bytes())
    (tmp_path / "f.docx").write_bytes(make_docx(DOCX_BODY))
    (tmp_path / "g.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".hidden.txt").write_text("不读", encoding="utf-8")
    names = [p.name for p in expand_inputs([tmp_path]) if isinstance(p, Path)]
    assert names == ["a.txt", "b.md", "c.html", "d.HTM", "e.pdf", "f.docx"]


def test_cli_extract_reads_a_directory_of_mixed_formats(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("科技部副部长李萌表示，将支持创新。", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>生态环境部新闻发言人刘友宾介绍了情况。</p></body></html>",
                                     encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(PDF_FIXTURE.read_bytes())
    (tmp_path / "d.docx").write_bytes(make_docx(DOCX_BODY))
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--no-ner"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc"] for r in records] == ["a", "b", "c", "d"]
    for rec in records:
        assert rec["entities"]
        _assert_offsets(rec)


# ------------------------------------------------------------------------------------------------ 繁體


def test_to_simplified_keeps_length_and_indices() -> None:
    text = "中國科學院與國家發展和改革委員會聯合發佈《關於推進綠色低碳發展的意見》，臺灣、後來、乾燥、頭髮、麵條"
    simplified = to_simplified(text)
    assert len(simplified) == len(text)
    assert simplified.startswith("中国科学院与国家发展和改革委员会联合发布《关于推进绿色低碳发展的意见》")
    assert has_traditional(text) and not has_traditional(simplified)


def test_simplified_text_with_a_traditional_name_is_left_alone() -> None:
    raw = (Path(ROOT / "seeds" / "shehui-fazhan-keji-dongtai-2021-02.txt").read_text(encoding="utf-8"))
    assert "汪集暘" in raw
    assert matching_text(raw) == raw


def test_traditional_text_is_found_with_simplified_canonical_names_and_raw_spans() -> None:
    raw = "中國科學院與國家電網公司在北京簽署戰略合作協議。科學技術部部長王志剛出席。"
    rec = extract_text(raw, statistical_ner=False)
    assert rec["text"] == raw
    _assert_offsets(rec)
    by_text = {e["text"]: e["canonical"] for e in rec["entities"]}
    assert by_text["中國科學院"] == "中国科学院"
    assert by_text["王志剛"] == "王志刚"
    assert by_text["科學技術部"] == "科学技术部"
    relations = {(r["head"], r["relation"], r["tail"]) for r in rec["relations"]}
    assert ("王志刚", "affiliated_with", "科学技术部") in relations
    assert all(r["evidence"]["text"] in raw for r in rec["relations"])


def test_traditional_big5_html_end_to_end(tmp_path: Path) -> None:
    page = tmp_path / "tw.html"
    page.write_bytes('<html><head><meta charset="big5"></head><body><p>科學技術部部長王志剛出席會議。</p>'
                     "</body></html>".encode("big5"))
    records, errors = _records([page])
    assert errors == []
    assert ("王志刚", "PERSON", "王志剛") in {(e["canonical"], e["label"], e["text"]) for e in records[0]["entities"]}


def test_big5_text_file_reads_as_traditional_chinese_end_to_end(tmp_path: Path) -> None:
    raw = "科學技術部部長王志剛出席會議。\n來源：中央社\n"
    (tmp_path / "tw.txt").write_bytes(raw.encode("big5"))
    records, errors = _records([tmp_path / "tw.txt"])
    assert errors == [] and records[0]["text"] == raw and records[0]["source"] == "中央社"
    _assert_offsets(records[0])
    assert ("王志刚", "王志剛") in {(e["canonical"], e["text"]) for e in records[0]["entities"]}


def test_a_news_page_with_a_byline_under_its_headline_is_one_article(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text("<html><body><h1>科技部发布通知</h1><div class='info'>来源：新华网　2021-01-28</div>"
                    "<p>科技部副部长李萌表示，将支持创新。</p><p>生态环境部新闻发言人刘友宾介绍了情况。</p>"
                    "</body></html>", encoding="utf-8")
    records, errors = _records([page])
    assert errors == [] and len(records) == 1
    rec = records[0]
    assert (rec["doc"], rec["title"], rec["source"]) == ("news", "科技部发布通知", "新华网　2021-01-28")
    assert {"李萌", "刘友宾"} <= {e["canonical"] for e in rec["entities"]}


def test_unicode_line_separators_become_line_breaks(tmp_path: Path) -> None:
    """JSON leaves U+2028/U+2029/NEL unescaped, and str.splitlines() would cut a JSONL record at them."""
    f = tmp_path / "seps.txt"
    f.write_text("科技部发布通知。\u2028教育部发布通知。\u2029工信部\x85发布通知。", encoding="utf-8")
    assert read_text(f) == "科技部发布通知。\n教育部发布通知。\n工信部\n发布通知。"
    result = CliRunner().invoke(app, ["extract", str(f), "--no-ner"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
