"""A plain, translated sentence for each kind of failure, shown above the service's own message.

The services' messages are precise but English (they are shared with `zoo` and the log); the kind of
error is known from its class, so the dialog can say in the interface language what happened and what to
do, and keep the exact message beneath it. Matched by class name, most specific first, so this module
imports no service code.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _explanations() -> dict[str, str]:
    # QCoreApplication.translate with literal strings, so lupdate finds them
    return {
        "UnsafeArchive": QCoreApplication.translate("ErrorText", "The archive contains unsafe entries (paths leaving the folder, links, or far too much data), so nothing was extracted."),
        "CheckpointMismatch": QCoreApplication.translate("ErrorText", "The checkpoint does not match its configuration: a variable is missing or has another shape."),
        "UnknownArchitecture": QCoreApplication.translate("ErrorText", "This checkpoint is not one of the zoo's model types."),
        "InvalidSource": QCoreApplication.translate("ErrorText", "This is not a usable model release (zip, folder or package)."),
        "ChecksumMismatch": QCoreApplication.translate("ErrorText", "The downloaded file is not the expected one (its checksum differs); it was not used."),
        "DownloadError": QCoreApplication.translate("ErrorText", "The download failed. Check the network connection and the address; it can be resumed."),
        "DiskFull": QCoreApplication.translate("ErrorText", "There is not enough free disk space. Nothing was changed."),
        "ModelBusy": QCoreApplication.translate("ErrorText", "Another job is changing this model right now. Try again when it has finished."),
        "ModelExists": QCoreApplication.translate("ErrorText", "A model with this ID is already installed. Choose another ID or remove the existing model."),
        "NoModelForTask": QCoreApplication.translate("ErrorText", "None of the installed models can do this yet. Import one on the Models page and convert it."),
        "ModelNotConverted": QCoreApplication.translate("ErrorText", "This model has not been converted to ONNX yet. Convert it on the Models page."),
        "ModelNotFound": QCoreApplication.translate("ErrorText", "This model is not installed."),
        "InvalidModelId": QCoreApplication.translate("ErrorText", "This model ID is not allowed: use letters, digits, dots, dashes and underscores."),
        "NeedsModelId": QCoreApplication.translate("ErrorText", "Please give the model an ID."),
        "ConverterMissing": QCoreApplication.translate("ErrorText", "The converter (TensorFlow, in its own environment) is not installed, so models cannot be converted or trained here."),
        "ChildFailed": QCoreApplication.translate("ErrorText", "The converter process stopped with an error."),
        "ParityFailure": QCoreApplication.translate("ErrorText", "The converted model does not give the same results as the original, so it was not installed."),
        "TrainingDataError": QCoreApplication.translate("ErrorText", "The training data cannot be used as it is."),
        "DocumentError": QCoreApplication.translate("ErrorText", "This document cannot be read."),
        "TokenizerError": QCoreApplication.translate("ErrorText", "The model's vocabulary cannot be used."),
        "UsageError": QCoreApplication.translate("ErrorText", "This request cannot be carried out as given."),
        "PermissionError": QCoreApplication.translate("ErrorText", "Zoo Desktop is not allowed to read or write this file or folder."),
        "FileNotFoundError": QCoreApplication.translate("ErrorText", "A file or folder was not found."),
        "MemoryError": QCoreApplication.translate("ErrorText", "There is not enough memory for this job. Close other programs or use a smaller model."),
        "OSError": QCoreApplication.translate("ErrorText", "The operating system reported an error while reading or writing files."),
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
