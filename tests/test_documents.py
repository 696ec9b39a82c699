"""Loading user documents: encodings, .docx, .pdf, .html and the errors users can meet."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from zoo_desktop.documents import (
    DEFAULT_MAX_BYTES,
    BinaryDocument,
    CorruptDocument,
    Document,
    DocumentDependencyMissing,
    DocumentError,
    DocumentNotFound,
    DocumentTooLarge,
    EmptyDocument,
    ScannedPdf,
    UndecodableDocument,
    UnsupportedDocument,
    decode_text,
    html_to_text,
    load_document,
)
from zoo_desktop.errors import ZooError

SIMPLIFIED = (
    "水运工程项目作为我国航运和水利的重要组成部分，其重要性不言而喻。\n"
    "针对现阶段水运工程项目建设和运行过程中存在的管理制度不够完善、施工材料耗损大等问题，"
    "采用全过程管理模式对水运工程项目进行管理。\n"
    "第3节给出了结论（见表1）。"
)
TRADITIONAL = (
    "臺灣的天氣在夏天非常炎熱，許多人會到海邊游泳。\n"
    "這篇文章介紹了繁體中文的編碼方式，以及如何在電腦上正確顯示。\n"
    "學習語言最重要的是每天練習說話和聽力。"
)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------------------
# Plain text in every common Chinese encoding
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, data_of, expected",
    [
        (SIMPLIFIED, lambda t: t.encode("utf-8"), "utf-8"),
        (SIMPLIFIED, lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
        (SIMPLIFIED, lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16-le"),
        (SIMPLIFIED, lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16-be"),
        (SIMPLIFIED, lambda t: t.encode("utf-16-le"), "utf-16-le"),  # no BOM: NUL pattern
        (SIMPLIFIED, lambda t: t.encode("utf-16-be"), "utf-16-be"),
        ("纯中文没有任何英文字符的句子", lambda t: t.encode("utf-16-le"), "utf-16-le"),  # not one NUL byte
        (SIMPLIFIED, lambda t: t.encode("gbk"), "gbk"),
        (SIMPLIFIED + "欧元符号€和𠀀字。", lambda t: t.encode("gb18030"), "gb18030"),  # outside GBK
        (TRADITIONAL, lambda t: t.encode("big5"), "big5"),
        (TRADITIONAL + "碁銹裏墻恒粧嫺", lambda t: t.encode("cp950"), "cp950"),  # cp950-only mappings
        (TRADITIONAL, lambda t: t.encode("utf-8"), "utf-8"),
        ("plain ASCII text.\n", lambda t: t.encode("ascii"), "ascii"),
    ],
)
def test_text_encodings(tmp_path, text, data_of, expected):
    if text == "纯中文没有任何英文字符的句子":
        assert b"\x00" not in data_of(text)
    path = write(tmp_path / "文档.txt", data_of(text))
    doc = load_document(path)
    assert isinstance(doc, Document)
    assert doc.text == text
    assert doc.encoding == expected
    assert doc.kind == "text" and doc.path == path


def test_gbk_and_big5_are_told_apart():
    # GB2312 text is also valid Big5 byte by byte, and Big5 text valid GB18030: the score decides.
    first_line = SIMPLIFIED.split("\n")[0].encode("gbk")
    assert first_line.decode("big5")  # really ambiguous at the byte level
    assert decode_text(first_line).encoding == "gbk"
    assert decode_text(SIMPLIFIED.encode("gbk")).encoding == "gbk"
    traditional = TRADITIONAL.encode("big5")
    assert traditional.decode("gb18030")
    assert decode_text(traditional).encoding == "big5"
    for sentence in TRADITIONAL.split("\n"):
        assert decode_text(sentence.encode("big5")).text == sentence
    for sentence in SIMPLIFIED.split("\n"):
        assert decode_text(sentence.encode("gbk")).text == sentence


def test_crlf_and_markdown(tmp_path):
    path = write(tmp_path / "说明.md", "# 标题\r\n\r\n正文第一段。\r第二行".encode("gbk"))
    doc = load_document(path)
    assert doc.kind == "markdown"
    assert doc.text == "# 标题\n\n正文第一段。\n第二行"
    assert doc.encoding == "gbk"


def test_real_abstracts_in_legacy_encodings(shared_data, tmp_path):
    path = shared_data / "csl" / "ts_dev.tsv"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    abstracts = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()[:100]]
    for i, abstract in enumerate(abstracts):
        for codec in ("gb18030", "utf-16-le", "utf-8-sig"):
            doc = load_document(write(tmp_path / f"摘要{i}-{codec}.txt", abstract.encode(codec)))
            assert doc.text == abstract, (i, codec, doc.encoding)


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


def test_errors_are_zoo_errors():
    for cls in (DocumentNotFound, UnsupportedDocument, BinaryDocument, EmptyDocument, DocumentTooLarge,
                UndecodableDocument, CorruptDocument, ScannedPdf, DocumentDependencyMissing):
        assert issubclass(cls, DocumentError) and issubclass(cls, ZooError)


def test_binary_file(tmp_path):
    path = write(tmp_path / "数据.txt", bytes(range(256)) * 4)
    with pytest.raises(BinaryDocument, match="binary"):
        load_document(path)
    png = write(tmp_path / "图片.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 50)
    with pytest.raises(BinaryDocument, match="PNG"):
        load_document(png)
    assert issubclass(BinaryDocument, UnsupportedDocument)


def test_undecodable_text(tmp_path):
    # Latin-1 text is none of the encodings read here
    text = "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, na\u00efve fa\u00e7ade."
    path = write(tmp_path / "latin.txt", text.encode("latin-1"))
    with pytest.raises(UndecodableDocument, match="UTF-8"):
        load_document(path)


def test_empty_files(tmp_path):
    with pytest.raises(EmptyDocument, match="empty"):
        load_document(write(tmp_path / "空.txt", b""))
    with pytest.raises(EmptyDocument, match="no text"):
        load_document(write(tmp_path / "空白.txt", " \r\n\t\n".encode("utf-8")))
    with pytest.raises(EmptyDocument):
        load_document(write(tmp_path / "空白.html", b"<html><body><script>x()</script></body></html>"))


def test_too_large(tmp_path):
    path = write(tmp_path / "大文件.txt", "很长的文本。".encode("utf-8") * 100)
    with pytest.raises(DocumentTooLarge, match="larger than"):
        load_document(path, max_bytes=1000)
    assert load_document(path, max_bytes=10_000).text.startswith("很长的文本。")
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    with pytest.raises(ValueError):
        load_document(path, max_bytes=0)


def test_not_found_unsupported_and_folders(tmp_path):
    with pytest.raises(DocumentNotFound):
        load_document(tmp_path / "不存在.txt")
    with pytest.raises(DocumentNotFound):
        load_document(tmp_path / "不存在.xyz")
    with pytest.raises(UnsupportedDocument, match=r"\.docx"):
        load_document(write(tmp_path / "旧文档.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100))
    with pytest.raises(UnsupportedDocument, match="not supported"):
        load_document(write(tmp_path / "表格.xyz", b"abc"))
    (tmp_path / "目录.txt").mkdir()
    with pytest.raises(UnsupportedDocument, match="folder"):
        load_document(tmp_path / "目录.txt")


def test_missing_optional_packages(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)
    monkeypatch.setitem(sys.modules, "pypdf", None)
    with pytest.raises(DocumentDependencyMissing, match="python-docx"):
        load_document(write(tmp_path / "报告.docx", b"PK\x03\x04" + b"\x00" * 30))
    with pytest.raises(DocumentDependencyMissing, match="pypdf"):
        load_document(write(tmp_path / "报告.pdf", b"%PDF-1.4\n" + b"0" * 30))


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>页面标题</title>
<style>p {{ color: red; }}</style><script>var hidden = "不应出现";</script></head>
<body><h1>第一章 概述</h1>
<p>这是第一段，源代码里
换了行。Hello
   world &amp; more</p><div>第二段<br>新的一行</div>
<table><tr><td>甲</td><td>乙</td></tr><tr><th>丙</th><td>丁</td></tr></table>
<ul><li>项目一</li><li>项目二</li></ul><noscript>也不应出现</noscript></body></html>"""

PAGE_TEXT = "第一章 概述\n这是第一段，源代码里换了行。Hello world & more\n第二段\n新的一行\n甲\t乙\n丙\t丁\n项目一\n项目二"


@pytest.mark.parametrize("charset, codec", [("utf-8", "utf-8"), ("gbk", "gb18030"), ("gb2312", "gb18030")])
def test_html(tmp_path, charset, codec):
    path = write(tmp_path / "网页.html", PAGE.format(charset=charset).encode(codec))
    doc = load_document(path)
    assert doc.kind == "html"
    assert doc.text == PAGE_TEXT
    assert doc.encoding == codec


def test_html_without_declaration_is_detected(tmp_path):
    page = "<html><body><p>繁體中文網頁，沒有宣告編碼。</p><p>第二段文字。</p></body></html>"
    doc = load_document(write(tmp_path / "網頁.htm", page.encode("big5")))
    assert doc.text == "繁體中文網頁，沒有宣告編碼。\n第二段文字。"
    assert doc.encoding == "big5"


def test_html_wrong_declaration_falls_back(tmp_path):
    page = '<meta charset="utf-8"><p>其实是GBK编码的网页。</p>'
    doc = load_document(write(tmp_path / "错.html", page.encode("gbk")))
    assert doc.text == "其实是GBK编码的网页。" and doc.encoding == "gbk"


def test_html_pre_is_kept():
    assert html_to_text("<p>前</p><pre>  a\n    b</pre><p>后</p>") == "前\n  a\n    b\n后"


# ---------------------------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------------------------


def test_docx(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("年度报告", level=1)
    document.add_paragraph("这是第一段正文。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "金额"
    table.cell(1, 0).text = "收入"
    table.cell(1, 1).text = "一百万"
    document.add_paragraph("表格之后的段落。")
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并单元格"
    merged.cell(0, 2).text = "右"
    path = tmp_path / "报告 2024.docx"
    document.save(str(path))

    doc = load_document(path)
    assert doc.kind == "docx" and doc.encoding is None
    assert doc.text == "年度报告\n这是第一段正文。\n项目\t金额\n收入\t一百万\n表格之后的段落。\n合并单元格\t右"


def test_corrupt_docx(tmp_path):
    pytest.importorskip("docx")
    with pytest.raises(CorruptDocument, match="not a .docx"):
        load_document(write(tmp_path / "假的.docx", "其实是文本".encode("utf-8")))
    with pytest.raises(CorruptDocument, match="readable"):
        load_document(write(tmp_path / "坏的.docx", b"PK\x03\x04" + b"\x00" * 100))


def test_empty_docx(tmp_path):
    docx = pytest.importorskip("docx")
    path = tmp_path / "空文档.docx"
    docx.Document().save(str(path))
    with pytest.raises(EmptyDocument):
        load_document(path)


# ---------------------------------------------------------------------------------------------
# .pdf, written by hand so the test needs no PDF writer
# ---------------------------------------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1, object 1 the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
_PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
    b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
)


def latin_pdf(lines: list[str]) -> bytes:
    """Helvetica (a standard font, not embedded), one line per string."""
    shown = b" ".join(b"(%s) '" % line.encode("latin-1") for line in lines)
    return _pdf([_CATALOG, _PAGES, _PAGE, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                 _stream(b"BT /F1 18 Tf 72 720 Td 24 TL " + shown + b" ET")])


def chinese_pdf(text: str) -> bytes:
    """A Type0 font with Identity-H codes (= the Unicode code points) and a ToUnicode CMap."""
    chars = sorted(set(text))
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n" + "".join(f"<{ord(c):04X}> <{ord(c):04X}>\n" for c in chars)
        + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")
    codes = "".join(f"{ord(c):04X}" for c in text).encode("ascii")
    return _pdf([
        _CATALOG, _PAGES, _PAGE,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        _stream(b"BT /F1 12 Tf 72 720 Td <" + codes + b"> Tj ET"),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        _stream(cmap),
    ])


def image_only_pdf() -> bytes:
    """A page with a filled rectangle and no text, like a scan."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents 4 0 R >>"
    return _pdf([_CATALOG, _PAGES, page, _stream(b"0 0 1 rg 100 100 200 200 re f")])


def test_pdf_latin(tmp_path):
    pytest.importorskip("pypdf")
    doc = load_document(write(tmp_path / "论文.pdf", latin_pdf(["Hello PDF world.", "Second line here."])))
    assert doc.kind == "pdf" and doc.encoding is None
    assert doc.text == "Hello PDF world.\nSecond line here."


def test_pdf_chinese(tmp_path):
    pytest.importorskip("pypdf")
    doc = load_document(write(tmp_path / "中文 论文.pdf", chinese_pdf("中文文本测试。第二句话！")))
    assert doc.text == "中文文本测试。第二句话！"


def test_scanned_pdf(tmp_path):
    pytest.importorskip("pypdf")
    with pytest.raises(ScannedPdf, match="OCR") as info:
        load_document(write(tmp_path / "扫描件.pdf", image_only_pdf()))
    assert "scanned" in str(info.value)


def test_corrupt_pdf(tmp_path):
    pytest.importorskip("pypdf")
    with pytest.raises(CorruptDocument, match="not a PDF"):
        load_document(write(tmp_path / "假.pdf", "不是PDF".encode("utf-8")))
    with pytest.raises(CorruptDocument):
        load_document(write(tmp_path / "坏.pdf", b"%PDF-1.4\n" + b"garbage " * 20))


def test_html_saved_as_utf8_with_old_declaration(tmp_path):
    page = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>另存为UTF-8的网页。</p>'
    doc = load_document(write(tmp_path / "另存.html", page.encode("utf-8")))
    assert doc.text == "另存为UTF-8的网页。" and doc.encoding == "utf-8"
