"""Errors raised while loading a user's document; each message says what to do about it."""

from __future__ import annotations

from zoo_desktop.errors import ZooError


class DocumentError(ZooError):
    """A document could not be turned into text."""


class DocumentNotFound(DocumentError):
    pass


class UnsupportedDocument(DocumentError):
    """A file type that is not read (or not a document at all)."""


class BinaryDocument(UnsupportedDocument):
    """A file that claims to be text but holds binary data."""


class EmptyDocument(DocumentError):
    pass


class DocumentTooLarge(DocumentError):
    pass


class UndecodableDocument(DocumentError):
    """A text file whose encoding could not be told."""


class CorruptDocument(DocumentError):
    """A .docx/.pdf/... that its parser cannot read."""


class EncryptedDocument(DocumentError):
    pass


class ScannedPdf(DocumentError):
    """A PDF with pages but no text layer."""


class DocumentDependencyMissing(DocumentError):
    """The optional package that reads this file type is not installed."""
