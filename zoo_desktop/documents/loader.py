"""Loading a user's document (.txt/.md, .docx, .pdf, .html) into plain text."""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from zoo_desktop.documents.encoding import decode_text
from zoo_desktop.documents.errors import (
    CorruptDocument,
    DocumentDependencyMissing,
    DocumentError,
    DocumentNotFound,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    ScannedPdf,
    UnsupportedDocument,
)
from zoo_desktop.documents.html_text import declared_charset, html_to_text

__all__ = ["Document", "load_document", "read_document_bytes", "document_from_bytes", "DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES"]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
SUPPORTED_SUFFIXES = tuple(_KINDS)
_HINTS = {
    ".doc": "save it as .docx in Word or WPS and open that",
    ".wps": "save it as .docx in WPS and open that",
    ".rtf": "save it as .docx or .txt and open that",
    ".odt": "save it as .docx and open that",
    ".pptx": "copy its text into a .txt file",
    ".ppt": "copy its text into a .txt file",
    ".xlsx": "copy the text into a .txt file",
    ".xls": "copy the text into a .txt file",
    ".epub": "convert it to .txt or .html first",
    ".caj": "export it to PDF from CAJViewer first",
}


@dataclass(frozen=True)
class Document:
    path: Path
    text: str
    encoding: str | None  # the detected encoding for text and HTML files; None for .docx/.pdf
    kind: str  # "text", "markdown", "docx", "pdf" or "html"


def _describe_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    name = path.name
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DocumentNotFound(f"{path} does not exist", path=str(path)) from None
    except OSError as exc:
        raise DocumentError(f"cannot open {path}: {exc.strerror or exc}", path=name, detail=exc.strerror or str(exc)) from exc
    if path.is_dir():
        raise UnsupportedDocument(f"{path} is a folder, not a document", reason="folder", path=name)
    if st.st_size > max_bytes:
        raise DocumentTooLarge(
            f"{name} is {_describe_size(st.st_size)}; documents larger than {_describe_size(max_bytes)} are not opened",
            path=name, expected=_describe_size(max_bytes), found=_describe_size(st.st_size),
        )
    if st.st_size == 0:
        raise EmptyDocument(f"{name} is empty", path=name)
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror or exc}", path=name, detail=exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:  # grew since stat
        raise DocumentTooLarge(f"{name} is larger than {_describe_size(max_bytes)}; it is not opened", path=name, expected=_describe_size(max_bytes))
    if not data:
        raise EmptyDocument(f"{name} is empty", path=name)
    return data


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff")


def _require_text(text: str, name: str) -> str:
    if not text.strip():
        raise EmptyDocument(f"{name} contains no text", path=name)
    return text


def _load_text(data: bytes, name: str) -> tuple[str, str]:
    decoded = decode_text(data, name)
    return _normalise(decoded.text), decoded.encoding


def _load_html(data: bytes, name: str) -> tuple[str, str]:
    declared = declared_charset(data)
    markup: str | None = None
    encoding: str | None = None
    boms = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
    if declared and not data.isascii():
        # A page saved by a browser or editor is often re-encoded as UTF-8 with the old <meta> kept;
        # non-ASCII bytes that are valid UTF-8 are virtually never GBK or Big5 text.
        try:
            data.decode("utf-8")
            declared = "utf-8"
        except UnicodeDecodeError:
            pass
    if declared and not data.startswith(boms) and b"\x00" not in data[:4096]:
        try:
            markup, encoding = data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            log.info("%s declares charset %s but does not decode with it; detecting", name, declared)
    if markup is None:
        decoded = decode_text(data, name)
        markup, encoding = decoded.text, decoded.encoding
    return _normalise(html_to_text(_normalise(markup))), encoding


def _load_docx(data: bytes, name: str) -> str:
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise DocumentDependencyMissing(
            f"reading .docx files needs the python-docx package, which is not installed; cannot open {name}"
        ) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # PackageNotFoundError, BadZipFile, KeyError, XML errors
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise EncryptedDocument(
                f"{name} is password-protected or an old-format Word file; remove the password or save it as .docx",
                path=name,
            ) from exc
        raise CorruptDocument(f"{name} is not a readable .docx file ({type(exc).__name__})", path=name, expected=".docx") from exc

    def table_text(table: "Table") -> str:
        rows = []
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
                    continue
                seen.add(id(cell._tc))
                cells.append(block_text(cell).replace("\n", " ").strip())
            rows.append("\t".join(cells).rstrip("\t"))
        return "\n".join(r for r in rows if r.strip())

    def block_text(container) -> str:
        out = []
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                out.append(item.text)
            elif isinstance(item, Table):
                out.append(table_text(item))
        return "\n".join(out)

    try:
        text = block_text(document)
    except Exception as exc:
        raise CorruptDocument(f"{name} is not a readable .docx file ({type(exc).__name__})", path=name, expected=".docx") from exc
    return _normalise(text)


def _load_pdf(data: bytes, name: str) -> str:
    try:
        import pypdf
        from pypdf.errors import PdfReadError
    except ImportError:
        raise DocumentDependencyMissing(
            f"reading PDF files needs the pypdf package, which is not installed; cannot open {name}"
        ) from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # needs a crypto library, or a bad password
                raise EncryptedDocument(f"{name} is password-protected; remove the password and try again", path=name) from exc
            if not ok:
                raise EncryptedDocument(f"{name} is password-protected; remove the password and try again", path=name)
        pages = list(reader.pages)
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise CorruptDocument(f"{name} is not a readable PDF file ({exc})", path=name, expected="PDF") from exc
    if not pages:
        raise EmptyDocument(f"{name} has no pages", path=name)
    texts, failures = [], 0
    for number, page in enumerate(pages, 1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:  # a broken page must not lose the others
            failures += 1
            log.warning("%s: cannot extract text from page %d: %s", name, number, exc)
    if failures == len(pages):
        raise CorruptDocument(f"{name}: no page of this PDF could be read", path=name, expected="PDF")
    text = _normalise("\n\n".join(t.strip("\n") for t in texts))
    if not text.strip():
        raise ScannedPdf(
            f"{name} has no text layer: it looks like a scanned document (page images). "
            "It needs OCR (text recognition) first; open an OCRed copy or a text version instead.",
            path=name,
        )
    return text


def _kind_of(p: Path) -> str:
    kind = _KINDS.get(p.suffix.lower())
    if kind is None:
        if not p.exists():
            raise DocumentNotFound(f"{p} does not exist", path=str(p))
        suffix = p.suffix.lower()
        supported = ", ".join(sorted({".txt", ".md", ".docx", ".pdf", ".html"}))
        hint = _HINTS.get(suffix)
        what = f"{suffix} files are" if suffix else "files without an extension are"
        raise UnsupportedDocument(
            f"cannot open {p.name}: {what} not supported" + (f"; {hint}" if hint else "") + f" (supported: {supported})",
            reason="type", path=p.name, expected=supported, found=suffix or None,
        )
    return kind


def load_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a document into text, telling the encoding of text files.

    Raises a `DocumentError` subclass with a message for the user: `DocumentNotFound`,
    `UnsupportedDocument` (unknown type; `BinaryDocument` for binary data in a text file),
    `EmptyDocument`, `DocumentTooLarge` (over `max_bytes`), `UndecodableDocument`,
    `CorruptDocument`, `EncryptedDocument`, `ScannedPdf` (a PDF without text) or
    `DocumentDependencyMissing` (python-docx/pypdf not installed).
    """
    return document_from_bytes(path, read_document_bytes(path, max_bytes=max_bytes))


def read_document_bytes(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw bytes of a document of a supported type (the first half of `load_document`, for callers that
    decode elsewhere, e.g. on a cluster node); raises what `load_document` raises for type, size and access."""
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    p = Path(path)
    _kind_of(p)
    return _read_bytes(p, max_bytes)


def document_from_bytes(path: str | os.PathLike[str], data: bytes) -> Document:
    """Decode the bytes of the document `path` (its name gives the type and appears in messages) exactly as
    `load_document` does; the file need not exist here."""
    p = Path(path)
    kind = _kind_of(p)
    name = p.name
    if not data:
        raise EmptyDocument(f"{name} is empty", path=name)
    if kind in ("text", "markdown"):
        text, encoding = _load_text(data, name)
    elif kind == "html":
        text, encoding = _load_html(data, name)
    elif kind == "docx":
        if not data.startswith(b"PK") and not data.startswith(b"\xd0\xcf\x11\xe0"):
            raise CorruptDocument(f"{name} is not a .docx file (a .docx is a zip package)", path=name, expected=".docx")
        text, encoding = _load_docx(data, name), None
    else:  # pdf
        if b"%PDF-" not in data[:1024]:
            raise CorruptDocument(f"{name} is not a PDF file (no %PDF header)", path=name, expected="PDF")
        text, encoding = _load_pdf(data, name), None
    _require_text(text, name)
    return Document(path=p, text=text, encoding=encoding, kind=kind)
