"""Cleaning PDF-extracted Chinese text, keeping a map from every cleaned character back to the raw text.

PDF text layers hard-wrap paragraphs, put spaces between Chinese characters and digits (``2021 年``), and
carry page headers, page numbers and stray URLs. :func:`clean` undoes that and returns a :class:`CleanText`
whose ``offsets[i]`` is the raw index of cleaned character ``i``, so every span found in the clean text can
be reported in raw coordinates with :meth:`CleanText.raw_span`.

>>> ct = clean("2021 年全国会议召开，会议以习近平\\n\\n新时代思想为指导。 \\n\\n第二段。")
>>> ct.text
'2021年全国会议召开，会议以习近平新时代思想为指导。\\n第二段。'
>>> ct.raw_span(2, 4)   # '21' in raw coordinates
(2, 4)
>>> start, end = ct.raw_span(ct.text.index("习近平新时代"), ct.text.index("习近平新时代") + 6)
>>> "习近平\\n\\n新时代" == "2021 年全国会议召开，会议以习近平\\n\\n新时代思想为指导。 \\n\\n第二段。"[start:end]
True
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# Characters after which a line break is a real paragraph or sentence boundary, not a hard wrap.
_TERMINAL = set("。！？!?；;：:…")
_URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—－]\s*\d{1,4}\s*[-—－]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d{1,4}"
                          r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+)\s*$", re.IGNORECASE)


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs and CJK/full-width punctuation, where spaces carry no meaning."""
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2FA1F
            or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF or ch in "“”‘’—…·《》")


@dataclass
class CleanText:
    """Cleaned text plus, for each of its characters, the index of the raw character it came from."""

    text: str
    offsets: list[int] = field(repr=False)
    raw_length: int = 0

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the clean span ``[start, end)`` to the raw span that covers the same characters."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else self.raw_length
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def raw_index(self, index: int) -> int:
        """Raw index of clean character ``index`` (the raw end for ``index == len(text)``)."""
        return self.offsets[index] if index < len(self.offsets) else self.raw_length


def _repeated_short_lines(lines: list[str]) -> set[str]:
    """Page headers and footers: short lines that recur (three times or more) in one file."""
    counts = Counter(line.strip() for line in lines if 0 < len(line.strip()) <= 30)
    return {line for line, n in counts.items() if n >= 3 and not _TERMINAL.intersection(line[-1:])}


def _typical_width(lines: list[str]) -> int:
    widths = sorted(len(line.strip()) for line in lines if len(line.strip()) >= 8)
    if not widths:
        return 0
    return widths[int(len(widths) * 0.8)]


_ITEM_START = re.compile(r"[ \t\u3000]*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)")
_UNITS_END = re.compile(r"[（(](?:牵头|责任|主要责任|负责|配合)单位[：:][^（）()]{2,80}[）)]$")
_DOCUMENT_TITLE_END = re.compile(r"关于[^，。；：]{2,60}的(?:指导意见|实施意见|若干意见|意见|通知|决定|办法|规定"
                                 r"|实施方案|方案|决议|条例|规划|计划|纲要|批复|函)$")


def clean(raw: str) -> CleanText:
    """Clean ``raw`` text (see module doc); offsets map each clean character back to ``raw``."""
    lines = raw.split("\n")
    drop = _repeated_short_lines(lines)
    width = _typical_width(lines)
    # Pass 1: decide per line whether to keep it and whether the break after it is a wrap (join) or a paragraph.
    kept: list[tuple[int, str]] = []  # (raw start of line, line text)
    pos = 0
    for line in lines:
        stripped = line.strip()
        if stripped and stripped not in drop and not _PAGE_NUMBER.match(stripped):
            kept.append((pos, line))
        pos += len(line) + 1
    # Whole lines at a time (str.join, list.extend over a range): no Python step per character.
    pieces: list[str] = []
    offsets: list[int] = []
    for i, (start, line) in enumerate(kept):
        body = line.rstrip("\r")
        pieces.append(body)
        offsets.extend(range(start, start + len(body)))
        if i + 1 == len(kept):
            break
        stripped = body.rstrip()
        # a space after a digit or Latin letter at the end of a full line is the layer's space before the Chinese
        # character that follows, wrapped onto the next line (…规划（2021-2035 ↵ 年）), no paragraph's end
        ends_with_space = len(body) > len(stripped) and not (
            stripped[-1:].isascii() and stripped[-1:].isalnum() and width > 0 and len(stripped) >= 0.9 * width)
        wrapped = (not ends_with_space and stripped[-1:] not in _TERMINAL
                   and (width == 0 or len(stripped) >= 0.6 * width)
                   # two lines only: the width says little; a wrap's first line is the full one, a title is shorter
                   and (len(kept) != 2 or len(stripped) >= len(kept[1][1].strip()))
                   # a byline (■刘中民) is a line of its own
                   and not _MARKED_LINE.fullmatch(stripped) and kept[i + 1][1].lstrip()[:1] not in _MARKS
                   # a document's title (…关于…的通知) ends its line, however long
                   and not _DOCUMENT_TITLE_END.search(stripped)
                   # a numbered item (（二）, 三、) starts a paragraph; a task's units in brackets end one
                   and not _ITEM_START.match(kept[i + 1][1]) and not _UNITS_END.search(stripped))
        newline_at = start + len(line)
        if wrapped:
            # A hard wrap: the characters join; a marker space keeps Latin words apart and is dropped below
            # when either neighbour is Chinese.
            pieces.append(" ")
        else:
            pieces.append("\n")
        offsets.append(newline_at)
    text, offsets = _squeeze_spaces("".join(pieces), offsets)
    text, offsets = _drop_urls(text, offsets)
    return CleanText(text, offsets, len(raw))


_SPACE_RUN = re.compile(r"\s+")  # \s is str.isspace() for str patterns
# The marks before a section's byline on a newspaper page (■庞忠和 汪集暘); kg.relations reads bylines by them too.
BYLINE_MARKS = "■□◆◇●◎▲★☆"
# A short line after a mark: its spaces part names, so one is kept even between Chinese characters.
_MARKED_LINE = re.compile(rf"(?m)^[ \t\u3000]*[{BYLINE_MARKS}][^\n]{{1,30}}$")


def _squeeze_spaces(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Drop whitespace next to Chinese (and between Chinese and digits); collapse other runs to one space.

    Paragraph breaks (``\\n``) survive, one per run, and swallow the spaces around them. ``offsets[i]`` is
    the raw index of ``text[i]``; the text between whitespace runs is copied whole.
    """
    out: list[str] = []
    out_offsets: list[int] = []
    pos = 0
    n = len(text)
    marked = [m.span() for m in _MARKED_LINE.finditer(text)] if _has_mark(text) else []
    k = 0  # the first marked line that does not end before the run
    for run in _SPACE_RUN.finditer(text):
        i, j = run.span()
        out.append(text[pos:i])
        out_offsets.extend(offsets[pos:i])
        pos = j
        newline_at = text.find("\n", i, j)
        if newline_at >= 0:
            if i > 0:  # no leading paragraph break (everything before a run is kept text)
                out.append("\n")
                out_offsets.append(offsets[newline_at])
            continue
        while k < len(marked) and marked[k][1] <= i:
            k += 1
        in_byline = k < len(marked) and marked[k][0] < i and j < marked[k][1] and text[i - 1] not in _MARKS
        if i > 0 and j < n and (not (is_cjk(text[i - 1]) or is_cjk(text[j])) or in_byline):
            out.append(" ")
            out_offsets.append(offsets[i])
    out.append(text[pos:])
    out_offsets.extend(offsets[pos:])
    result = "".join(out)
    stripped = result.rstrip("\n")  # only a trailing paragraph break can end it (runs are whole)
    if len(stripped) < len(result):
        del out_offsets[len(stripped):]
    return stripped, out_offsets


_MARKS = frozenset(BYLINE_MARKS)


def _has_mark(text: str) -> bool:
    return not _MARKS.isdisjoint(text)


def _drop_urls(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    if "http" not in text and "www." not in text:
        return text, offsets
    keep = [True] * len(text)
    for m in _URL.finditer(text):
        for k in range(m.start(), m.end()):
            keep[k] = False
    return ("".join(ch for ch, k in zip(text, keep, strict=True) if k),
            [o for o, k in zip(offsets, keep, strict=True) if k])
