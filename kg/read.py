"""Reading input: expand paths, directories and globs; decode bytes by detection, never by silent guessing.

Plain text (``.txt``, ``.md``, no suffix) is decoded as it is; HTML (``.html``, ``.htm``) gives its visible
text, one line per block; PDF gives its text layer (pdfminer.six), pages one after another; Word ``.docx``
gives its paragraphs, one per line. Offsets in extraction records refer to this extracted text, which records
carry as ``text``.

>>> decode_bytes("中国科学院".encode("gb18030"), "x.txt")
('中国科学院', 'gb18030')
>>> html_text("<html><head><title>t</title><style>p{}</style></head>"
...           "<body><h1>标题</h1><p>中国科学院\\n  召开会议。<script>x()</script></p></body></html>")
'标题\\n中国科学院 召开会议。'
"""

from __future__ import annotations

import codecs
import glob
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
DOCX_SUFFIXES = {".docx"}
# What a directory contributes: every format :func:`read_text` understands.
INPUT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | DOCX_SUFFIXES
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_SEPARATORS = re.compile("[\u2028\u2029\x85]")
# A .docx whose document part unpacks to more than this is refused (a zip bomb, not a news article).
MAX_DOCX_XML_BYTES = 256 * 1024 * 1024


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
    """NUL bytes and many C0 control bytes mean binary data, not text (UTF-16 with a BOM is handled
    before)."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(8, len(sample) // 50)


def decode_bytes(data: bytes, name: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    A byte-order mark decides first (UTF-8, UTF-16, UTF-32); otherwise strict UTF-8 is tried (where it reads as
    nothing but characters U+0080–U+07FF, as short GBK text can, a Chinese reading may still win:
    :func:`_maybe_chinese_misread_as_utf8`), then strict GB18030 (a superset of GBK and GB2312) and strict Big5
    (traditional Chinese; CP950, then Big5-HKSCS).
    These legacy encodings decode many byte strings that are not theirs, so a result is accepted only when it
    is mostly CJK and ordinary text, and when both read as Chinese the one made of common characters wins;
    anything else raises :class:`InputError`.

    >>> decode_bytes("中國科學院與臺灣大學簽署合作協議".encode("big5"), "x.txt")
    ('中國科學院與臺灣大學簽署合作協議', 'big5')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError as err:
                raise InputError(name, f"has a {encoding} byte-order mark but is not valid {encoding}: "
                                       f"{err.reason}") from err
    if _looks_binary(data):
        raise InputError(name, "looks like a binary file, not text (NUL or control bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _maybe_chinese_misread_as_utf8(text):
            return text, "utf-8"
        # A short GBK or Big5 text can be valid UTF-8 too (协委院 = D0AD CEAF D4BA reads as ЭίԺ): it is Chinese
        # when a legacy reading gives common Chinese characters, or when the UTF-8 reading is not text in an
        # alphabet (席席席 = CFAF CFAF CFAF reads as the Coptic ϯϯϯ); otherwise the UTF-8 reading stands.
        legacy = _legacy_chinese(data)
        if legacy is not None and (not _reads_as_alphabetic(text) or _common_share(legacy[0]) >= 0.5):
            return legacy
        return text, "utf-8"
    legacy = _legacy_chinese(data)
    if legacy is None:
        raise InputError(name, "is not valid UTF-8 and does not read as GB18030/GBK or Big5 Chinese text "
                               "(undecodable bytes)")
    return legacy


def _maybe_chinese_misread_as_utf8(text: str) -> bool:
    """Could valid UTF-8 be GBK or Big5 bytes? A GBK or Big5 character whose bytes are a valid UTF-8 sequence
    is one character U+0080–U+07FF (Latin supplements, Greek, Cyrillic, Armenian, Hebrew, Arabic…); a text of
    nothing else above ASCII is checked again. (Three-byte sequences across two characters could read as CJK;
    such a text stays UTF-8.)

    >>> [_maybe_chinese_misread_as_utf8(text) for text in ("ЭίԺ", "中国", "abc", "")]
    [True, False, False, False]
    """
    return "\x80" <= max(text, default="") < "\u0800"


# Where the letters of U+0080-U+07FF belong, for :func:`_reads_as_alphabetic`: (first, last, script), in order.
# The letters that GBK and Big5 bytes make but living languages do not write (IPA, spacing modifier letters,
# the Coptic letters of the Greek block, historic Cyrillic) belong to none: a text holding one is no alphabet's.
_ALPHABETS: tuple[tuple[int, int, str], ...] = (
    (0x00C0, 0x024F, "Latin"), (0x0370, 0x03E1, "Greek"), (0x03F0, 0x03FF, "Greek"),
    (0x0400, 0x045F, "Cyrillic"), (0x048A, 0x052F, "Cyrillic"), (0x0531, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"), (0x0600, 0x06FF, "Arabic"), (0x0700, 0x074F, "Syriac"),
    (0x0750, 0x077F, "Arabic"), (0x0780, 0x07BF, "Thaana"), (0x07C0, 0x07FF, "NKo"),
)


def _alphabet_of(letter: str) -> str | None:
    code = ord(letter)
    for first, last, script in _ALPHABETS:
        if first <= code <= last:
            return script
    return None


def _reads_as_alphabetic(text: str) -> bool:
    """Could ``text`` (ASCII and characters U+0080–U+07FF) be written in an alphabet? Its letters above ASCII
    must be ordinary letters of one script, and four or more of them are not a degenerate run: at least three
    different letters, and in Latin script, ASCII letters beside them. C1 control characters
    (U+0080–U+009F) are never text. GBK or Big5 read as UTF-8 fails these: scripts mixed (ЭίԺ), letters no
    language writes (ϯ, ѧ, ˾), or one letter repeated (ññññ).

    >>> [_reads_as_alphabetic(text) for text in ("Привет", "Да", "Καλημέρα", "naïve", "ЭίԺ", "ϯϯϯ", "ññññ")]
    [True, True, True, True, False, False, False]
    """
    letters: list[str] = []
    for ch in text:
        if "\x80" <= ch <= "\x9f":
            return False
        if ch >= "\x80" and ch.isalpha():
            letters.append(ch)
    scripts = {_alphabet_of(letter) for letter in letters}
    if not letters:
        return True  # symbols and punctuation (°, ±, ·) beside ASCII
    if len(scripts) != 1 or None in scripts:
        return False
    if len(letters) < 4:
        return True
    if scripts == {"Latin"} and not any(ch.isascii() and ch.isalpha() for ch in text):
        return False
    return len(set(letters)) >= 3


def _legacy_chinese(data: bytes) -> tuple[str, str] | None:
    """``data`` read as GB18030 or Big5 Chinese, ``(text, encoding)``; None where neither reads as Chinese."""
    candidates: list[tuple[str, str]] = []
    for label, codecs_to_try in (("gb18030", ("gb18030",)), ("big5", ("cp950", "big5hkscs"))):
        for codec in codecs_to_try:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _plausible_chinese(text):
                candidates.append((text, label))
            break
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    # Both decode: GBK bytes read as Big5 (or the reverse) give rare characters (中国 → 笢弊); real text is
    # mostly common ones. On a tie, a GB18030 reading in traditional characters loses: GBK text is simplified,
    # while Big5 bytes read as GBK can give traditional ones (家家家 in Big5 = AEA1 x 3 reads as 產產產). Other ties
    # go to GB18030, the more common encoding of the inputs kg is for.
    def rank(candidate: tuple[str, str]) -> tuple[float, bool]:
        share, simplified = _common_share_and_simplified(candidate[0])
        return share, candidate[1] != "gb18030" or simplified

    return max(candidates, key=rank)


# The most frequent simplified Chinese characters; traditional text is compared after t2s conversion.
_COMMON_CHARACTERS = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所"
    "然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长"
    "把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身"
    "果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题"
    "活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空"
    "决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边张该交规万取拉格望觉"
    "术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始"
    "存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支"
    "视消越器容照须九增研写称企八功包片史委查轻易早曾除农找装广显阿李标谈图念六引历首医局突专费号尽另周较注语仅考"
    "落青随选列武红响虽推势参希古众构房半节土投某案黑维革划致陈律足态护七兴派验责营星够章音跟志底站严巴例防族供效"
    "续施留讲型料终答紧黄绝奇察京段依批群项故按河米围江织害斗双境客纪采举攻父苏密低朝友诉止细愿千值仍破网热助育属"
    "限船职速刻乐否刚威状率甚独球般普弹校创假久错承印晚兰试股预益阳若微继送急血伤素药适波省初卫源食险待述陆习置居"
    "劳财环排福纳欢获模充负云停木游龙树层洲冲略范句室异激汉村策演简卡罪判担州静退既宗积余检差富灵协角占配征修降阶"
    "审坚善刘读超免压银买养执副抗追帮宣航优香著田铁控税左右份艺背阵块顿守岛托央户烈洋索胡款靠评版宝座释景顾登货互"
    "付慢欧换闻危核介讨良序升监临露永味野架域括鱼杂误湖钟奥秘能源碳达峰绿色低储科技创新发展改革委员会")


def _common_share(text: str) -> float:
    return _common_share_and_simplified(text)[0]


def _common_share_and_simplified(text: str) -> tuple[float, bool]:
    """The share of common characters among the CJK ones (after traditional-to-simplified conversion), and
    whether that conversion changes none of them.

    >>> _common_share_and_simplified("中国产业"), _common_share_and_simplified("產產產")
    ((1.0, True), (1.0, False))
    """
    from kg.convert import to_simplified

    sample = text[:20000]
    simplified = to_simplified(sample)
    cjk = [ch for ch in simplified if "\u4e00" <= ch <= "\u9fff"]
    share = sum(ch in _COMMON_CHARACTERS for ch in cjk) / len(cjk) if cjk else 0.0
    return share, simplified == sample


def _plausible_chinese(text: str) -> bool:
    """Text decoded as GB18030 should be mostly common CJK, ASCII and CJK punctuation."""
    if not text:
        return True
    ok = 0
    for ch in text:
        cp = ord(ch)
        if (cp < 0x80 or 0x4E00 <= cp <= 0x9FFF or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF
                or ch in "“”‘’—…·"):
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
    """Read one file as text; raise :class:`InputError` naming the file.

    The format comes from the content's signature where it has one (``%PDF-``, a zip holding
    ``word/document.xml``), so a misnamed PDF still reads; otherwise from the suffix: HTML by its visible
    text, anything else as plain text decoded by :func:`decode_bytes`.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(p, f"cannot be read ({err.strerror or err})") from err
    suffix = p.suffix.lower()
    if data.startswith(b"%PDF-") or suffix in PDF_SUFFIXES:
        text = pdf_text(data, p)
    elif data.startswith(b"PK\x03\x04") and (suffix in DOCX_SUFFIXES or _is_docx(data)):
        text = docx_text(data, p)
    elif suffix in DOCX_SUFFIXES:
        raise InputError(p, "is not a Word .docx file (not a zip archive)")
    elif suffix in HTML_SUFFIXES:
        text = html_text(decode_html_bytes(data, p))
    else:
        text, _ = decode_bytes(data, p)
    # The strict decoders never yield lone surrogates, but a PDF's font maps can; they could not be written
    # out as UTF-8 (records, graph), so each becomes U+FFFD, which keeps every offset.
    text = _LONE_SURROGATE.sub("\ufffd", text)
    # Unicode's own line breaks become \n, one character for one: cleaning and splitting know only \n, and
    # JSON leaves them unescaped, so a JSONL reader using str.splitlines() would cut a record in two.
    # (A regex, not str.translate: translate looks every character up in its table, ~13x slower.)
    return _LINE_SEPARATORS.sub("\n", text)


# ------------------------------------------------------------------------------------------------ HTML

# Elements whose content is never shown: dropped with everything inside them.
_HIDDEN_TAGS = {"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object"}
# Elements that start a new line of the extracted text.
_BLOCK_TAGS = {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl", "dt",
               "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
               "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td",
               "tfoot", "th", "thead", "tr", "ul"}
# Void elements have no end tag, so they must not open a hidden region.
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
              "track", "wbr"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# HTML's own whitespace; no-break and ideographic spaces are text a browser shows as they are.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class _VisibleText(HTMLParser):
    """Collects the text a browser would show: hidden elements dropped, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._hidden_depth = 0
        self._pre_depth = 0

    def _break(self) -> None:
        line = "".join(self._line)
        if self._pre_depth == 0:
            line = _HTML_SPACE.sub(" ", line).strip(" ")
        if line.strip():
            self.lines.append(line)
        self._line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS and tag not in _VOID_TAGS:
            self._hidden_depth += 1
        elif self._hidden_depth == 0 and tag in _BLOCK_TAGS:
            self._break()
            if tag == "pre":
                self._pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <p/>: a break, never a hidden region (a self-closed <script/> has no content to hide).
        if self._hidden_depth == 0 and tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS and tag not in _VOID_TAGS:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif self._hidden_depth == 0 and tag in _BLOCK_TAGS:
            self._break()
            if tag == "pre":
                self._pre_depth = max(0, self._pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._hidden_depth == 0:
            self._line.append(data)

    def text(self) -> str:
        self.close()
        self._break()
        return "\n".join(self.lines)


def html_text(html: str) -> str:
    """The visible text of an HTML document: no head, scripts or styles; blocks on lines of their own;
    whitespace inside a block collapsed as a browser does (``<pre>`` kept as is)."""
    parser = _VisibleText()
    opened = html.rfind("<!--")
    if opened >= 0 and html.find("-->", opened + 4) < 0:
        # A comment left open hides the rest of the page in a browser, but html.parser would show it as text
        # (unless the "<!--" is inside a script or style, where it is no comment at all).
        parser.feed(html[:opened])
        if getattr(parser, "cdata_elem", None) is None:
            return parser.text()
        html = html[opened:]
    parser.feed(html)
    return parser.text()


def decode_html_bytes(data: bytes, name: str | Path = "<bytes>") -> str:
    """Decode HTML: a byte-order mark first, then a ``<meta charset>`` declaration (Big5 pages are common in
    traditional Chinese), then detection as for plain text."""
    if not any(data.startswith(bom) for bom, _ in _BOMS):
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            encoding = declared.group(1).decode("ascii").lower()
            # GB2312 and GBK pages often use characters only their superset GB18030 has.
            encoding = "gb18030" if encoding in {"gb2312", "gbk", "x-gbk"} else encoding
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                pass  # an unknown or wrong declaration: detect instead
    text, _ = decode_bytes(data, name)
    return text


# ------------------------------------------------------------------------------------------------ PDF


def pdf_text(data: bytes, name: str | Path = "<bytes>") -> str:
    """The text layer of a PDF (pdfminer.six layout analysis), pages joined by a line break.

    An encrypted or broken PDF raises :class:`InputError`, and so does a PDF without a text layer (a scan),
    with a reason ending in "skipped", which the CLI reports as a note.
    """
    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError

    # pdfminer logs every oddity of a file (missing CropBox, bad fonts) as a warning: not ours to print.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        text = extract_text(io.BytesIO(data))
    except PDFSyntaxError as err:
        raise InputError(name, f"is not a readable PDF ({err})") from err
    except Exception as err:  # pdfminer raises many types for encrypted and damaged files
        kind = type(err).__name__.lower()
        reason = "is an encrypted PDF" if "encrypt" in kind or "password" in kind else "cannot be read as PDF"
        raise InputError(name, f"{reason} ({type(err).__name__}: {err})") from err
    if "\x0c" not in text:  # pdfminer ends every page with a form feed: no pages at all is a damaged file
        raise InputError(name, "is not a readable PDF (no pages)")
    # A page break is a line break (cleaning decides whether it is a wrap or a paragraph).
    text = text.replace("\x0c", "\n").rstrip("\n")
    if not text.strip():  # a reason ending in "skipped" is reported as a note, not a failure
        raise InputError(name, "has no text layer (a scanned PDF needs OCR first); skipped")
    return text


# ------------------------------------------------------------------------------------------------ DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def docx_text(data: bytes, name: str | Path = "<bytes>") -> str:
    """The text of a Word ``.docx``: its paragraphs (table cells included) one per line, in document order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise InputError(name, f"has a document part of {info.file_size} bytes unpacked; refused")
            xml = archive.read(info)
    except KeyError as err:
        raise InputError(name, "is a zip archive without word/document.xml, not a Word .docx file") from err
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as err:
        raise InputError(name, f"is not a readable .docx file ({err})") from err
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as err:
        raise InputError(name, f"has a malformed word/document.xml ({err})") from err
    lines: list[str] = []
    current: list[str] = []

    def walk(element: ElementTree.Element) -> None:
        nonlocal current
        tag = element.tag
        if tag == f"{_W}t":
            current.append(element.text or "")
        elif tag == f"{_W}tab":
            current.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            current.append("\n")
        for child in element:
            walk(child)
        if tag == f"{_W}p":  # a paragraph ends its line (a text box's paragraphs come out on their own)
            lines.append("".join(current))
            current = []

    walk(root)
    if current:
        lines.append("".join(current))
    return "\n".join(lines).strip("\n")


def expand_inputs(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Yield input files from files, directories (recursively, every readable format, sorted) and globs.

    A path that names nothing yields an :class:`InputError` in its place, so the other inputs still come out.
    """
    for item in paths:
        p = Path(item)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES
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
