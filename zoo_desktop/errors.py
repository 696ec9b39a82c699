"""Errors a user can read and act on.

Every failure the user can cause (bad archive, wrong id, full disk, ...) is a `ZooError`
with a plain message; the CLI prints it and exits with its `exit_code`.
"""

from __future__ import annotations


class ZooError(Exception):
    """Base class: `str(err)` is the message shown to the user."""

    exit_code = 1


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


class Cancelled(ZooError):
    exit_code = 130


class DiskFull(ZooError):
    exit_code = 7


class ClusterError(ZooError):
    """A Ray cluster could not be reached, refused the connection, or cannot run the job (no node with the
    resources asked for, no progress)."""

    exit_code = 15
