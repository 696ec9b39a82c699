"""Model downloads over HTTP(S): resumable, retried, checksummed, cancellable."""

from zoo_desktop.download.http import download
from zoo_desktop.download.progress import DownloadProgress

__all__ = ["DownloadProgress", "download"]
