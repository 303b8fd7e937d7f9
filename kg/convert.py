"""Traditional → simplified Chinese for matching, character for character, so offsets stay valid.

The rules, lexicons and the NER model know simplified Chinese. Traditional text (``中國科學院``) is run
through the pipeline as its simplified counterpart; because the conversion keeps every character at its
index, spans found in the converted text are spans of the original: mentions are reported with the original
(traditional) slice as ``text`` and names built from the converted text (``中国科学院``) as ``canonical``.

OpenCC's ``t2s`` conversion (characters and phrases, offline dictionaries shipped in the ``opencc`` wheel) is
used when it keeps the length; where a phrase would change the length, that stretch is converted character by
character instead. Lone surrogates (which no codec can encode) pass through :func:`to_simplified` unchanged
and become U+FFFD in :func:`matching_text`.

>>> to_simplified("中國科學院與國家發展和改革委員會")
'中国科学院与国家发展和改革委员会'
>>> to_simplified("已经是简体。") == "已经是简体。"
True
>>> has_traditional("臺灣"), has_traditional("台湾"), has_traditional("ASCII only")
(True, False, False)
>>> matching_text("中國科學院召開會議")
'中国科学院召开会议'
>>> matching_text("院士汪集暘指出，地热能开发利用规划推动了产业发展。")  # a name in simplified text stays
'院士汪集暘指出，地热能开发利用规划推动了产业发展。'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# A text is read as traditional Chinese when at least this share of its CJK characters are traditional-only
# forms. Running traditional text has 15-30%; simplified text keeps a few traditional characters in personal
# names (汪集暘) and quotations, which must not be rewritten.
TRADITIONAL_SHARE = 0.05

# Lone surrogates cannot be handed to OpenCC (it takes UTF-8); they are kept as they are, between the pieces.
_SURROGATES = re.compile("([\ud800-\udfff]+)")


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=65536)
def _char_to_simplified(ch: str) -> str:
    converted = _converter().convert(ch)
    return converted if len(converted) == 1 else ch


def _convert_piece(piece: str) -> str:
    converted: str = _converter().convert(piece)
    if len(converted) == len(piece):
        return converted
    # A phrase mapped to a different length would shift every later offset: map characters one by one.
    return "".join(_char_to_simplified(ch) for ch in piece)


def to_simplified(text: str) -> str:
    """``text`` with traditional characters replaced by simplified ones; ``len`` and every index preserved."""
    if text.isascii():
        return text
    pieces = _SURROGATES.split(text)  # odd indices: runs of lone surrogates
    return "".join(piece if i % 2 or not piece else _convert_piece(piece) for i, piece in enumerate(pieces))


def has_traditional(text: str) -> bool:
    """True when :func:`to_simplified` would change ``text``."""
    return not text.isascii() and to_simplified(text) != text


def _changed_share(text: str, converted: str) -> float:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    return changed / max(cjk, 1)


def traditional_share(text: str) -> float:
    """The share of the CJK ideographs of ``text`` that :func:`to_simplified` changes (0.0 without any)."""
    return _changed_share(text, to_simplified(text))


def matching_text(text: str) -> str:
    """The text the pipeline should match on: simplified when ``text`` is traditional Chinese (see
    :data:`TRADITIONAL_SHARE`), else ``text`` itself. Same length and indices either way.

    Lone surrogates (possible only in strings handed to the Python API; files never decode to them) become
    U+FFFD here, because spaCy stores every token as UTF-8; the record keeps the original text.
    """
    converted = to_simplified(text)
    if converted == text or _changed_share(text, converted) < TRADITIONAL_SHARE:
        converted = text
    if _SURROGATES.search(converted):
        converted = _SURROGATES.sub(lambda m: "\ufffd" * len(m.group()), converted)
    return converted
