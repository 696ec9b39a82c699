"""Reading a user's input file as text, for tasks that take lines or documents."""

from __future__ import annotations

import os
from pathlib import Path

from zoo_desktop.documents import SUPPORTED_SUFFIXES, DocumentError, UnsupportedDocument, decode_text, load_document

__all__ = ["load_text"]


def load_text(path: str | os.PathLike[str]) -> str:
    """The text of a file: any format `load_document` reads (.txt/.md in any common Chinese encoding, .docx,
    .pdf, .html), and plain text under any other suffix (.csv, .tsv, .log, none...) as long as it decodes as
    text; anything else raises load_document's error, which says what to do."""
    path = Path(path)
    try:
        return load_document(path).text
    except UnsupportedDocument as exc:
        if path.suffix.lower() in SUPPORTED_SUFFIXES or not path.is_file():
            raise
        try:
            return decode_text(path.read_bytes(), path.name).text
        except (DocumentError, OSError):
            raise exc from None
