from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kg.read import InputError, decode_bytes, expand_inputs, read_text

TEXT = "国网智慧能源交通技术创新中心落户于苏州高新区。"


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_decodes_by_detection(encoding: str, prefix: bytes) -> None:
    text, _ = decode_bytes(prefix + TEXT.encode(encoding), "x.txt")
    assert text == TEXT


def test_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError) as info:
        read_text(f)
    assert str(f) in str(info.value) and "binary" in str(info.value)


def test_undecodable_bytes_are_an_error_not_a_guess(tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes("Ærøskøbing façade naïve".encode("latin-1") * 3)
    with pytest.raises(InputError, match=r"latin\.txt"):
        read_text(f)


def test_expand_inputs_files_dirs_globs_and_missing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub" / "c.bin").write_bytes(b"\x00")
    found = list(expand_inputs([tmp_path]))
    assert [p.name for p in found if isinstance(p, Path)] == ["a.txt", "b.md"]
    globbed = list(expand_inputs([str(tmp_path / "*.txt")]))
    assert [p.name for p in globbed if isinstance(p, Path)] == ["a.txt"]
    missing = list(expand_inputs([tmp_path / "nope.txt"]))
    assert isinstance(missing[0], InputError) and "nope.txt" in str(missing[0])


def test_short_gbk_and_big5_text_that_is_valid_utf8_too_reads_as_chinese() -> None:
    # 协委院 in GBK is D0AD CEAF D4BA: valid UTF-8 as well (ЭίԺ); the Chinese reading is the one of common characters
    for text in ("协协委委院院", "协委院"):
        data = text.encode("gbk")
        assert data.decode("utf-8") != text  # the trap: strict UTF-8 accepts these bytes
        assert decode_bytes(data, "x.txt") == (text, "gb18030")
    # text really written in UTF-8 in the scripts those byte pairs fall into stays UTF-8
    for text in ("Привет мир, как дела", "Καλημέρα κόσμε", "naïve café", "协委院"):
        assert decode_bytes(text.encode("utf-8"), "x.txt") == (text, "utf-8")


@pytest.mark.parametrize("text,encoding", [
    ("席席席席席席", "gbk"),   # CFAF x 6: valid UTF-8 as well, the Coptic ϯϯϯϯϯϯ, which no living language writes
    ("席签席签席签", "gbk"),   # ϯǩϯǩϯǩ: two scripts in one word
    ("签签签签", "gbk"),       # ǩǩǩǩ: Latin letters without any ASCII letter, one letter repeated
    ("家家家", "big5"),        # AEA1 x 3: GB18030 reads the traditional 產產產, a tie of common characters
])
def test_degenerate_gbk_and_big5_text_reads_as_what_was_written(text: str, encoding: str) -> None:
    label = "gb18030" if encoding == "gbk" else encoding
    assert decode_bytes(text.encode(encoding), "x.txt") == (text, label)


@pytest.mark.parametrize("text", ["Да", "Ёж", "Москва", "España", "ñ", "°C", "שלום", "مرحبا", "Ærøskøbing"])
def test_short_utf8_text_in_an_alphabet_stays_utf8(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), "x.txt") == (text, "utf-8")
