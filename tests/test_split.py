from __future__ import annotations

from typing import Any

from conftest import SEED_FILE

from kg.split import split_articles, split_sentences


def test_auto_split_reproduces_the_gold_articles(gold_records: list[dict[str, Any]]) -> None:
    raw = SEED_FILE.read_text(encoding="utf-8")
    articles = {a.doc_id: a for a in split_articles(SEED_FILE.stem, raw)}
    assert len(articles) == 13
    for gold in gold_records:
        assert articles[gold["doc"]].text == gold["text"]
    assert articles[f"{SEED_FILE.stem}#07"].source == "北极星储能网"
    assert articles[f"{SEED_FILE.stem}#07"].title == "国内首艘纯电池动力集装箱船开工建造"
    assert "".join(a.text for a in sorted(articles.values(), key=lambda a: a.raw_start)) == raw


def test_none_keeps_the_file_whole() -> None:
    raw = "标题\n正文。\n来源：新华网\n第二篇\n来源：人民网\n"
    [article] = split_articles("digest", raw, "none")
    assert article.doc_id == "digest" and article.text == raw


def test_sentences_cut_on_chinese_punctuation_and_closing_quotes() -> None:
    text = "他表示：“要加强保护。”会议指出，要立法！是否可行？第二段\n第三段"
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == ["他表示：“要加强保护。”", "会议指出，要立法！", "是否可行？", "第二段\n", "第三段"]


def test_a_bracketed_source_line_on_its_own_cuts_the_digest() -> None:
    digest = ("“中国天眼”核心阵列项目启动\n据新华社报道，项目正式启动。\n（来源：新华社）\n"
              "贵州省人民政府与中国科学院签署合作协议\n双方将共建贵州射电天文台。\n（来源：贵州日报）\n")
    articles = split_articles("d", digest)
    assert [(a.title, a.source) for a in articles] == [
        ("“中国天眼”核心阵列项目启动", "新华社"), ("贵州省人民政府与中国科学院签署合作协议", "贵州日报")]
    # a bracket after the outlet of an unbracketed line stays in it
    assert split_articles("e", "标题\n正文。\n来源：新华网（记者 张三）\n")[0].source == "新华网（记者 张三）"
