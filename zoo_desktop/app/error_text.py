"""A plain, translated sentence for each kind of failure, shown above the service's own message.

The services' messages are precise but English (they are shared with `zoo` and the log); the kind of
error is known from its class, and what it is about from its structured fields (zoo_desktop/errors.py:
`reason`, `path`, `model_id`, `expected`, `found`, ...), so the dialog can say in the interface language what
happened to which file or model and what to do, and keep the exact message beneath it. Matched by class
name, most specific first (a sentence for the class and its `reason` before the class's own), so this
module imports no service code. A sentence whose fields the error does not carry is skipped for the next.
"""

from __future__ import annotations

import string
from typing import Any

from PySide6.QtCore import QCoreApplication


def _sentences() -> dict[str, str]:
    """Sentences with the error's details, by class name or "class name:reason"; {field} is filled in."""
    # QCoreApplication.translate with literal strings, so lupdate finds them
    return {
        "ModelNotFound": QCoreApplication.translate("ErrorText", "The model “{model_id}” is not installed. See the Models page for the installed models."),
        "ModelBusy": QCoreApplication.translate("ErrorText", "The model “{model_id}” is being changed by another job (an import, conversion or removal). Try again when it has finished."),
        "ModelExists": QCoreApplication.translate("ErrorText", "A model with the ID “{model_id}” is already installed. Choose another ID or remove the existing model."),
        "ModelNotConverted": QCoreApplication.translate("ErrorText", "The model “{model_id}” has not been converted to ONNX yet. Convert it on the Models page."),
        "InvalidSource:not_found": QCoreApplication.translate("ErrorText", "“{path}” does not exist."),
        "InvalidSource:not_zip": QCoreApplication.translate("ErrorText", "“{path}” is not a zip archive, or it is truncated (perhaps an unfinished download)."),
        "InvalidSource:unreadable": QCoreApplication.translate("ErrorText", "“{path}” cannot be read: {detail}"),
        "InvalidSource:corrupt_entry": QCoreApplication.translate("ErrorText", "The file “{path}” in the archive is corrupt or truncated."),
        "InvalidSource:no_config": QCoreApplication.translate("ErrorText", "No model configuration (bert_config.json or config.json) was found in “{path}”."),
        "InvalidSource:bad_config": QCoreApplication.translate("ErrorText", "The model configuration “{path}” is not a valid JSON object."),
        "InvalidSource:no_checkpoint": QCoreApplication.translate("ErrorText", "The folder “{path}” holds no checkpoint (no *.ckpt.index file)."),
        "InvalidSource:several_checkpoints": QCoreApplication.translate("ErrorText", "The folder “{path}” holds several checkpoints ({found}); keep only one."),
        "InvalidSource:missing_file": QCoreApplication.translate("ErrorText", "The file “{expected}” is missing from “{path}”."),
        "InvalidSource:truncated": QCoreApplication.translate("ErrorText", "The checkpoint file “{path}” is truncated: {expected} bytes were expected, {found} were found."),
        "InvalidSource:not_utf8": QCoreApplication.translate("ErrorText", "“{path}” is not UTF-8 text."),
        "InvalidSource:empty_file": QCoreApplication.translate("ErrorText", "“{path}” is empty."),
        "InvalidSource:not_this_card": QCoreApplication.translate("ErrorText", "The content does not match the model “{model_id}”: it is a {found} model, not {expected}. Choose another ID to import it as a custom model."),
        "InvalidSource:package_lacks": QCoreApplication.translate("ErrorText", "The package lacks the file “{path}” that its manifest lists."),
        "InvalidSource:package_altered": QCoreApplication.translate("ErrorText", "The file “{path}” in the package does not match its manifest (corrupt or altered)."),
        "DownloadError": QCoreApplication.translate("ErrorText", "The download from {url} failed. Check the network connection and the address; it can be resumed."),
        "DiskFull": QCoreApplication.translate("ErrorText", "There is not enough free disk space in “{path}”: {expected} are needed, {found} are free. Nothing was changed."),
        "DiskFull:full": QCoreApplication.translate("ErrorText", "The disk holding “{path}” ran full. What was begun was rolled back; free some space and try again."),
        "DocumentNotFound": QCoreApplication.translate("ErrorText", "The document “{path}” does not exist."),
        "UnsupportedDocument:type": QCoreApplication.translate("ErrorText", "“{path}” cannot be opened: this type of file is not supported (supported: {expected})."),
        "UnsupportedDocument:folder": QCoreApplication.translate("ErrorText", "“{path}” is a folder, not a document."),
        "BinaryDocument": QCoreApplication.translate("ErrorText", "“{path}” is not a text file: it looks like {found}."),
        "BinaryDocument:binary": QCoreApplication.translate("ErrorText", "“{path}” is not a text file: it contains binary data."),
        "EmptyDocument": QCoreApplication.translate("ErrorText", "The document “{path}” contains no text."),
        "DocumentTooLarge": QCoreApplication.translate("ErrorText", "The document “{path}” is too large: the limit is {expected}."),
        "UndecodableDocument": QCoreApplication.translate("ErrorText", "The text encoding of “{path}” cannot be told: it is none of {expected}. Save it as UTF-8 and try again."),
        "CorruptDocument": QCoreApplication.translate("ErrorText", "“{path}” is not a readable {expected} file: it may be damaged or of another type."),
        "EncryptedDocument": QCoreApplication.translate("ErrorText", "“{path}” is password-protected. Remove the password (or save it as .docx) and try again."),
        "ScannedPdf": QCoreApplication.translate("ErrorText", "“{path}” has no text layer: it is a scanned document. Recognise its text (OCR) first, or open a text version."),
        "DocumentError": QCoreApplication.translate("ErrorText", "The document “{path}” cannot be read: {detail}"),
        "TrainingDataError:not_found": QCoreApplication.translate("ErrorText", "The training file “{path}” does not exist."),
        "TrainingDataError:empty_file": QCoreApplication.translate("ErrorText", "The training file “{path}” is empty."),
        "TrainingDataError:no_column": QCoreApplication.translate("ErrorText", "“{path}” has {found} column(s); there is no column {expected} (0 is the first)."),
        "TrainingDataError:no_column_named": QCoreApplication.translate("ErrorText", "“{path}” has no column “{expected}” (its columns: {found})."),
        "TrainingDataError:empty_cell": QCoreApplication.translate("ErrorText", "“{path}”, line {line}: a text or label is empty."),
        "UsageError:not_found": QCoreApplication.translate("ErrorText", "“{path}” does not exist."),
        "UsageError:no_column": QCoreApplication.translate("ErrorText", "The table has {found} column(s); there is no column {expected} (0 is the first)."),
        "UsageError:no_column_named": QCoreApplication.translate("ErrorText", "The table has no column “{expected}” (its columns: {found})."),
        "UsageError:empty_table": QCoreApplication.translate("ErrorText", "The table is empty: it has not even a header row."),
        "UsageError:empty_input": QCoreApplication.translate("ErrorText", "There is nothing to work on: the text is empty."),
        "UsageError:label_count": QCoreApplication.translate("ErrorText", "The model “{model_id}” lists {expected} labels but its classifier gives {found} probabilities."),
        "UsageError:no_vectors": QCoreApplication.translate("ErrorText", "The model “{model_id}” gives no sentence vectors. Use a SimBERT model."),
        "ClusterError:not_installed": QCoreApplication.translate("ErrorText", "Running on a Ray cluster needs {expected}, which is not installed with this copy of Zoo Desktop. Install the `cluster` extra, or run on this computer."),
        "ClusterError:unreachable": QCoreApplication.translate("ErrorText", "The Ray cluster at {address} cannot be reached ({detail}). Check that its head is running and that its port is open to this computer."),
        "ClusterError:no_token": QCoreApplication.translate("ErrorText", "The Ray cluster at {address} needs an authentication token and none was given. Choose the token file (the head's ~/.ray/auth_token, or the output of `ray get-auth-token` on the head)."),
        "ClusterError:auth_refused": QCoreApplication.translate("ErrorText", "The Ray cluster at {address} refused the token. Choose the token file of this cluster's head."),
        "ClusterError:token_file_missing": QCoreApplication.translate("ErrorText", "The token file “{path}” does not exist."),
        "ClusterError:connect_failed": QCoreApplication.translate("ErrorText", "Connecting to the Ray cluster at {address} failed: {detail}"),
        "ClusterError:no_resources": QCoreApplication.translate("ErrorText", "No node of the Ray cluster at {address} has {expected} for one worker (the largest has {found} CPUs). Use fewer threads or add a bigger node."),
        "ClusterError:no_gpu": QCoreApplication.translate("ErrorText", "The Ray cluster at {address} has no node with a GPU. Choose the CPU as the device."),
        "ClusterError:stalled": QCoreApplication.translate("ErrorText", "The cluster job made no progress for {expected} seconds. Check that the cluster's nodes are running; the finished documents are kept and Resume goes on from there."),
        "ClusterError:job_failed": QCoreApplication.translate("ErrorText", "The cluster job failed: {detail}. The finished documents are kept and Resume goes on from there."),
        "UsageError:wrong_task": QCoreApplication.translate("ErrorText", "The model “{model_id}” cannot do this task."),
    }


def _format(template: str, fields: dict[str, Any]) -> str | None:
    """The template with its fields filled in, or None when the error lacks one of them."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    except ValueError:  # a translation with unbalanced braces: the sentence without details instead
        return None
    if any(name not in fields for name in names):
        return None
    values = {name: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v) for name, v in fields.items()}
    try:
        return template.format_map(values)
    except (KeyError, ValueError, IndexError):
        return None


def explain_specific(error: BaseException | None) -> str | None:
    """The sentence with this error's own details (file, model id, expected and found), or None when the
    error carries no fields that a sentence of its class uses."""
    if error is None:
        return None
    fields = getattr(error, "fields", None)
    if not isinstance(fields, dict) or not fields:
        return None
    reason = getattr(error, "reason", "") or ""
    texts = _sentences()
    for cls in type(error).__mro__:
        keys = ([f"{cls.__name__}:{reason}"] if reason else []) + [cls.__name__]
        for key in keys:
            if key in texts:
                sentence = _format(texts[key], fields)
                if sentence is not None:
                    return sentence
    return None


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
        "ClusterError": QCoreApplication.translate("ErrorText", "The job could not run on the Ray cluster."),
        "PermissionError": QCoreApplication.translate("ErrorText", "Zoo Desktop is not allowed to read or write this file or folder."),
        "FileNotFoundError": QCoreApplication.translate("ErrorText", "A file or folder was not found."),
        "MemoryError": QCoreApplication.translate("ErrorText", "There is not enough memory for this job. Close other programs or use a smaller model."),
        "OSError": QCoreApplication.translate("ErrorText", "The operating system reported an error while reading or writing files."),
    }


def explain(error: BaseException | None) -> str | None:
    """The sentence for `error`: with its details when it carries them (explain_specific), otherwise the
    general one for its most specific known class; None for an unknown kind."""
    if error is None:
        return None
    specific = explain_specific(error)
    if specific is not None:
        return specific
    texts = _explanations()
    for cls in type(error).__mro__:
        if cls.__name__ in texts:
            return texts[cls.__name__]
    return None
