"""Loading user documents into text: .txt/.md in any common Chinese encoding, .docx, .pdf, .html.

No Qt, no model: `load_document(path)` returns a `Document(path, text, encoding, kind)` or raises a
`DocumentError` subclass whose message tells the user what went wrong and what to do.
python-docx (for .docx) and pypdf (for .pdf) are imported only when such a file is opened.
"""

from zoo_desktop.documents.encoding import DecodedText, decode_text
from zoo_desktop.documents.errors import (
    BinaryDocument,
    CorruptDocument,
    DocumentDependencyMissing,
    DocumentError,
    DocumentNotFound,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    ScannedPdf,
    UndecodableDocument,
    UnsupportedDocument,
)
from zoo_desktop.documents.html_text import html_to_text
from zoo_desktop.documents.loader import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    Document,
    document_from_bytes,
    load_document,
    read_document_bytes,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "BinaryDocument",
    "CorruptDocument",
    "DecodedText",
    "Document",
    "DocumentDependencyMissing",
    "DocumentError",
    "DocumentNotFound",
    "DocumentTooLarge",
    "EmptyDocument",
    "EncryptedDocument",
    "ScannedPdf",
    "UndecodableDocument",
    "UnsupportedDocument",
    "document_from_bytes",
    "read_document_bytes",
    "decode_text",
    "html_to_text",
    "load_document",
]
