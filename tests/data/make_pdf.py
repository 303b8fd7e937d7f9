"""Write ``tests/data/chinese.pdf``: a two-page PDF whose text layer holds Chinese and Latin text.

The Chinese text is set in STSong-Light, one of the standard Adobe-GB1 CID fonts a PDF may use without
embedding it, with the predefined ``UniGB-UCS2-H`` CMap: each character is its UCS-2 code, so the file is a
few hundred bytes, needs no font tooling to make and reads back without a ``ToUnicode`` map. Run
``python tests/data/make_pdf.py`` to regenerate it; the output is byte-for-byte reproducible.
"""

from __future__ import annotations

from pathlib import Path

# Each page: lines of (font, text). F1 is the Chinese CID font, F2 Helvetica. The first page's paragraph is
# hard-wrapped over two lines, as PDF text layers are.
PAGES: list[list[tuple[str, str]]] = [
    [("F1", "中国科学院与国家电网公司在北京签署战略合作协议，双方将"),
     ("F1", "共同推进新型电力系统建设。"),
     ("F2", "Page 1")],
    [("F1", "科学技术部部长王志刚出席签约仪式。"),
     ("F2", "Page 2")],
]


def _text_operand(font: str, text: str) -> str:
    if font == "F1":  # UCS-2 big-endian codes as a hex string (UniGB-UCS2-H)
        return "<" + text.encode("utf-16-be").hex().upper() + ">"
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _content(lines: list[tuple[str, str]]) -> bytes:
    ops = ["BT", "14 TL", "72 760 Td"]
    for font, text in lines:
        ops.append(f"/{font} 12 Tf {_text_operand(font, text)} Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def make_pdf(pages: list[list[tuple[str, str]]] = PAGES) -> bytes:
    """The PDF's bytes (objects, an exact cross-reference table and trailer) for ``pages``."""
    n_pages = len(pages)
    # Object numbers: 1 catalog, 2 pages, 3 Type0 font, 4 CID font, 5 descriptor, 6 Helvetica, then per page
    # a page object and its content stream.
    page_ids = [7 + 2 * i for i in range(n_pages)]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: f"<< /Type /Pages /Kids [{' '.join(f'{p} 0 R' for p in page_ids)}] /Count {n_pages} >>".encode(),
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
           b" /DescendantFonts [4 0 R] >>",
        4: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
           b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
           b" /FontDescriptor 5 0 R /DW 1000 >>",
        5: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
           b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        6: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for page_id, lines in zip(page_ids, pages, strict=True):
        stream = _content(lines)
        objects[page_id] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
                            f" /Contents {page_id + 1} 0 R"
                            " /Resources << /Font << /F1 3 0 R /F2 6 0 R >> >> >>").encode()
        objects[page_id + 1] = f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += f"{offsets[number]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


if __name__ == "__main__":
    target = Path(__file__).with_name("chinese.pdf")
    target.write_bytes(make_pdf())
    print(f"wrote {target} ({target.stat().st_size} bytes)")
