"""Reading input: expand paths, directories and globs; decode bytes by detection, never by silent guessing.

>>> decode_bytes("中国科学院".encode("gb18030"), "x.txt")
('中国科学院', 'gb18030')
"""

from __future__ import annotations

import codecs
import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}


class InputError(Exception):
    """A single input could not be read; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    """NUL bytes and many C0 control bytes mean binary data, not text (UTF-16 with a BOM is handled before)."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(8, len(sample) // 50)


def decode_bytes(data: bytes, name: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    A byte-order mark decides first (UTF-8, UTF-16, UTF-32); otherwise strict UTF-8 is tried, then strict
    GB18030 (a superset of GBK and GB2312). GB18030 can decode almost any byte string, so its result is
    accepted only when it is mostly CJK and ordinary text; anything else raises :class:`InputError`.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError as err:
                raise InputError(name, f"has a {encoding} byte-order mark but is not valid {encoding}: {err.reason}") from err
    if _looks_binary(data):
        raise InputError(name, "looks like a binary file, not text (NUL or control bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise InputError(name, "is neither UTF-8 nor GB18030/GBK text (undecodable bytes)") from err
    if not _plausible_chinese(text):
        raise InputError(name, "is not valid UTF-8 and does not read as GB18030/GBK Chinese text")
    return text, "gb18030"


def _plausible_chinese(text: str) -> bool:
    """Text decoded as GB18030 should be mostly common CJK, ASCII and CJK punctuation."""
    if not text:
        return True
    ok = 0
    for ch in text:
        cp = ord(ch)
        if cp < 0x80 or 0x4E00 <= cp <= 0x9FFF or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF or ch in "“”‘’—…·":
            ok += 1
    if ok / len(text) <= 0.9:
        return False
    # Latin-1 or Windows-1252 bytes misread as GB18030 give single CJK characters wedged between ASCII
    # letters (Ærøskøbing → 苔r...); real Chinese text has runs of CJK.
    cjk = [i for i, ch in enumerate(text) if 0x4E00 <= ord(ch) <= 0x9FFF]
    if not cjk:
        return True
    wedged = sum(1 for i in cjk if 0 < i < len(text) - 1 and text[i - 1].isascii() and text[i - 1].isalpha()
                 and text[i + 1].isascii() and text[i + 1].isalpha())
    return wedged / len(cjk) < 0.3


def read_text(path: str | Path) -> str:
    """Read one file as text (see :func:`decode_bytes`); raise :class:`InputError` naming the file."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(p, f"cannot be read ({err.strerror or err})") from err
    text, _ = decode_bytes(data, p)
    return text


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Yield input files from files, directories (recursively, text files, sorted) and glob patterns.

    A path that names nothing yields an :class:`InputError` in its place, so the other inputs still come out.
    """
    for item in paths:
        p = Path(item)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES
                              and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            yield p
        elif any(ch in str(item) for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(item), recursive=True) if Path(m).is_file())
            if not matches:
                yield InputError(item, "the pattern matches no file")
            yield from matches
        else:
            yield InputError(item, "no such file or directory")
