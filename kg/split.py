"""Splitting a digest into articles at its ``来源：…`` lines, and clean text into sentences.

An article runs from just after one source line (its line break included) to the end of the next source line
(its line break included); the first starts at the top of the file. Text after the last source line becomes a
final article when it holds anything but whitespace.

>>> arts = split_articles("digest", "标题一\\n正文。\\n来源：新华网\\n标题二\\n正文。\\n来源：人民网\\n")
>>> [(a.doc_id, a.title, a.source, a.raw_start) for a in arts]
[('digest#00', '标题一', '新华网', 0), ('digest#01', '标题二', '人民网', 15)]
>>> [s for s in split_sentences("会议指出，要加强领导。一是改革！二是创新")]
[(0, 11), (11, 16), (16, 20)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# 来源 or, in traditional Chinese digests, 來源.
# (or in brackets on a line of its own: （来源：新华社）)
SOURCE_LINE = re.compile(r"^[ \t\u3000]*(?P<open>[（(])?[来來]\s*源\s*[：:][ \t\u3000]*(?P<source>[^\n]*?)"
                         r"(?(open)[）)])[ \t\u3000\r]*$", re.MULTILINE)
# A sentence of body text ends before a digest's source line; a byline under a headline has none above it.
_BODY_SENTENCE = re.compile(r"[。！？!?]")
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|\n+")


@dataclass
class Article:
    """One document: its id, the raw text (exactly as cut from the file) and where it starts in the file."""

    doc_id: str
    text: str
    raw_start: int = 0
    title: str = ""
    source: str = ""
    path: str = ""


def _title_of(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return re.sub(r"\s+", "", line) if re.search(r"[\u4e00-\u9fff]", line) else line.strip()
    return ""


_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def readable_name(name: str) -> str:
    """A file name as text that can be written as UTF-8 (JSON records, RDF).

    A name whose bytes are not UTF-8 (GBK names from Windows zip archives are common) comes from the OS with
    lone surrogates standing for its bytes; those bytes are read as GB18030 where they can be, else the
    undecodable ones become U+FFFD.

    >>> import os
    >>> readable_name(os.fsdecode("科技".encode("gbk"))), readable_name("已是文本")
    ('科技', '已是文本')
    """
    if not _LONE_SURROGATES.search(name):
        return name
    try:
        data = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates that never were bytes
        return _LONE_SURROGATES.sub("\ufffd", name)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


def split_articles(stem: str, raw: str, mode: str = "auto", path: str = "") -> list[Article]:
    """Split ``raw`` (the text of the file named ``stem``) into articles.

    ``mode="none"`` keeps the file one document with id ``stem``; ``mode="auto"`` cuts at source lines and
    gives ids ``stem#00``, ``stem#01``, … (a file with no source line stays one document with id ``stem``).
    A source line with no sentence above it is a news page's byline, not a cut:

    >>> [(a.doc_id, a.title, a.source) for a in split_articles("page", "标题\\n来源：新华网 2021-01-28\\n正文。\\n")]
    [('page', '标题', '新华网 2021-01-28')]

    A source line in brackets on a line of its own cuts too, its outlet without them:

    >>> [(a.doc_id, a.source) for a in split_articles("d", "标题一\\n正文。\\n（来源：新华社）\\n标题二\\n正文。\\n")]
    [('d#00', '新华社'), ('d#01', '')]
    """
    if mode not in {"auto", "none"}:
        raise ValueError(f"unknown split mode {mode!r} (expected 'auto' or 'none')")
    # Ids and paths end up in UTF-8 output: a file name that is not UTF-8 must not sink the whole build.
    stem, path = readable_name(stem), readable_name(path)
    matches = list(SOURCE_LINE.finditer(raw)) if mode == "auto" else []
    pieces: list[tuple[int, int, str]] = []
    start = 0
    byline = ""
    for m in matches:
        if not _BODY_SENTENCE.search(raw, start, m.start()):
            # Nothing but a title above it: a byline under a news page's headline (来源：新华网 2021-01-28), not
            # the end of a digest article. No cut; the article it heads keeps it as its source.
            byline = byline or m.group("source")
            continue
        end = m.end()
        if end < len(raw) and raw[end] == "\n":
            end += 1
        pieces.append((start, end, m.group("source")))
        start = end
        byline = ""
    if not pieces:
        sources = [m.group("source") for m in SOURCE_LINE.finditer(raw)]
        return [Article(stem, raw, 0, _title_of(raw), byline or (sources[-1] if sources else ""), path)]
    if raw[start:].strip():
        pieces.append((start, len(raw), byline))
    elif pieces:
        # Trailing whitespace after the last source line belongs to the last article.
        s, _, src = pieces[-1]
        pieces[-1] = (s, len(raw), src)
    width = max(2, len(str(len(pieces) - 1)))
    return [Article(f"{stem}#{i:0{width}d}", raw[s:e], s, _title_of(raw[s:e]), src, path)
            for i, (s, e, src) in enumerate(pieces)]


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each sentence of clean text: cut after 。！？；(and closing quotes) and at breaks."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            yield start, end
        start = end
    if text[start:].strip():
        yield start, len(text)
