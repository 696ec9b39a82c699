"""Errors a user can read and act on.

Every failure the user can cause (bad archive, wrong id, full disk, ...) is a `ZooError`
with a plain message; the CLI prints it and exits with its `exit_code`.

Besides the (English) message, an error carries what it is about as structured fields, so the app can say
it in the interface language (zoo_desktop/app/error_text.py): `reason`, a short key for which of the class's
failures it is (e.g. "not_zip"), and keyword fields such as `path` (a file or folder, as shown to the user),
`model_id`, `expected` and `found`, `url`, `detail`. They are read as attributes (`err.model_id`, None when
not given) or all at once from `err.fields`.
"""

from __future__ import annotations

from typing import Any


class ZooError(Exception):
    """Base class: `str(err)` is the message shown to the user."""

    exit_code = 1

    def __init__(self, message: str = "", *, reason: str = "", **fields: Any) -> None:
        super().__init__(message)
        self.reason = reason
        self.fields = {k: v for k, v in fields.items() if v is not None}

    def __getattr__(self, name: str) -> Any:
        # only reached for attributes not set otherwise: the structured fields, None when absent
        if name.startswith("_") or name in ("reason", "fields"):
            raise AttributeError(name)
        return self.__dict__.get("fields", {}).get(name)


class UsageError(ZooError):
    exit_code = 2


class InvalidModelId(UsageError):
    pass


class ModelNotFound(ZooError):
    exit_code = 3


class ModelBusy(ZooError):
    """Another process holds the lock for this model id."""

    exit_code = 4


class InvalidSource(ZooError):
    """The archive, folder or URL is not a usable model release."""

    exit_code = 5


class UnsafeArchive(InvalidSource):
    """Zip-slip entries, symlinks, or a zip bomb."""


class CheckpointMismatch(InvalidSource):
    """Config and checkpoint disagree, or a variable is missing or has the wrong shape."""


class UnknownArchitecture(InvalidSource):
    pass


class DownloadError(ZooError):
    exit_code = 6


class ChecksumMismatch(DownloadError):
    pass


class ServerUnreachable(DownloadError):
    """No answer at all from the host (name not resolved, connection refused or timed out)."""


class Cancelled(ZooError):
    exit_code = 130


class DiskFull(ZooError):
    exit_code = 7


class ClusterError(ZooError):
    """A Ray cluster could not be reached, refused the connection, or cannot run the job (no node with the
    resources asked for, no progress)."""

    exit_code = 15
