"""A plain, translated sentence for each kind of failure, shown above the service's own message.

The services' messages are precise but English (they are shared with `zoo` and the log); the kind of
error is known from its class, so the dialog can say in the interface language what happened and what to
do, and keep the exact message beneath it. Matched by class name, most specific first, so this module
imports no service code.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("ErrorText", text)


def _explanations() -> dict[str, str]:
    # literal strings, so lupdate finds them
    return {
        "UnsafeArchive": _tr("The archive contains unsafe entries (paths leaving the folder, links, or far too much data), so nothing was extracted."),
        "CheckpointMismatch": _tr("The checkpoint does not match its configuration: a variable is missing or has another shape."),
        "UnknownArchitecture": _tr("This checkpoint is not one of the zoo's model types."),
        "InvalidSource": _tr("This is not a usable model release (zip, folder or package)."),
        "ChecksumMismatch": _tr("The downloaded file is not the expected one (its checksum differs); it was not used."),
        "DownloadError": _tr("The download failed. Check the network connection and the address; it can be resumed."),
        "DiskFull": _tr("There is not enough free disk space. Nothing was changed."),
        "ModelBusy": _tr("Another job is changing this model right now. Try again when it has finished."),
        "ModelExists": _tr("A model with this ID is already installed. Choose another ID or remove the existing model."),
        "NoModelForTask": _tr("None of the installed models can do this yet. Import one on the Models page and convert it."),
        "ModelNotConverted": _tr("This model has not been converted to ONNX yet. Convert it on the Models page."),
        "ModelNotFound": _tr("This model is not installed."),
        "InvalidModelId": _tr("This model ID is not allowed: use letters, digits, dots, dashes and underscores."),
        "NeedsModelId": _tr("Please give the model an ID."),
        "ConverterMissing": _tr("The converter (TensorFlow, in its own environment) is not installed, so models cannot be converted or trained here."),
        "ChildFailed": _tr("The converter process stopped with an error."),
        "ParityFailure": _tr("The converted model does not give the same results as the original, so it was not installed."),
        "TrainingDataError": _tr("The training data cannot be used as it is."),
        "DocumentError": _tr("This document cannot be read."),
        "TokenizerError": _tr("The model's vocabulary cannot be used."),
        "UsageError": _tr("This request cannot be carried out as given."),
        "PermissionError": _tr("Zoo Desktop is not allowed to read or write this file or folder."),
        "FileNotFoundError": _tr("A file or folder was not found."),
        "MemoryError": _tr("There is not enough memory for this job. Close other programs or use a smaller model."),
        "OSError": _tr("The operating system reported an error while reading or writing files."),
    }


def explain(error: BaseException | None) -> str | None:
    """The sentence for the most specific known class of `error`, or None."""
    if error is None:
        return None
    texts = _explanations()
    for cls in type(error).__mro__:
        if cls.__name__ in texts:
            return texts[cls.__name__]
    return None
