"""Safe extraction of release zips: no zip-slip, no links, no bombs, no half-written files."""

from __future__ import annotations

import errno
import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from zoo_desktop.cancel import CancelToken
from zoo_desktop.errors import DiskFull, InvalidSource, UnsafeArchive
from zoo_desktop.progress import ProgressCallback, ProgressEvent, ignore_progress

_CHUNK = 1 << 20


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InvalidSource(f"{path.name} is not a zip archive or is truncated ({exc})", reason="not_zip", path=path.name) from exc
    except OSError as exc:
        raise InvalidSource(f"cannot read {path.name}: {exc}", reason="unreadable", path=path.name, detail=exc.strerror or str(exc)) from exc


def _safe_member_path(info: zipfile.ZipInfo) -> PurePosixPath:
    name = info.filename
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise UnsafeArchive(f"archive entry {name!r} has an absolute or Windows path; refusing to extract")
    parts = PurePosixPath(name).parts
    if any(part == ".." for part in parts):
        raise UnsafeArchive(f"archive entry {name!r} points outside the target folder (zip-slip); refusing to extract")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise UnsafeArchive(f"archive entry {name!r} is a symbolic link; refusing to extract")
    return PurePosixPath(*parts)


def check_members(zf: zipfile.ZipFile, max_total_bytes: int) -> list[zipfile.ZipInfo]:
    """Validate every entry's path and the declared total size before anything is written."""
    members = zf.infolist()
    total = 0
    for info in members:
        _safe_member_path(info)
        total += info.file_size
    if total > max_total_bytes:
        raise UnsafeArchive(
            f"archive expands to {total / 1e6:.0f} MB, far beyond the {max_total_bytes / 1e6:.0f} MB "
            "a model of this size needs (possible zip bomb); refusing to extract"
        )
    return members


def ensure_free_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise DiskFull(
            f"not enough free space in {folder}: {needed / 1e6:.0f} MB needed, {free / 1e6:.0f} MB free",
            path=str(folder), expected=f"{needed / 1e6:.0f} MB", found=f"{free / 1e6:.0f} MB",
        )


def extract_zip(
    zf: zipfile.ZipFile,
    dest: Path,
    max_total_bytes: int,
    *,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> None:
    """Extract into `dest` (a staging folder), enforcing the size limit on the bytes actually written."""
    members = check_members(zf, max_total_bytes)
    declared = sum(m.file_size for m in members) or 1
    ensure_free_space(dest, declared)
    written = 0
    for info in members:
        rel = _safe_member_path(info)
        target = dest.joinpath(*rel.parts)
        if not target.resolve().is_relative_to(dest.resolve()):
            raise UnsafeArchive(f"archive entry {info.filename!r} escapes the target folder; refusing to extract")
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        entry_written = 0
        try:
            with zf.open(info) as src, open(target, "wb") as out:
                while chunk := src.read(_CHUNK):
                    entry_written += len(chunk)
                    written += len(chunk)
                    if entry_written > info.file_size or written > max_total_bytes:
                        raise UnsafeArchive(
                            f"archive entry {info.filename!r} expands beyond its declared size (zip bomb); refusing"
                        )
                    out.write(chunk)
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    progress(ProgressEvent("extract", min(written / declared, 1.0), info.filename))
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise DiskFull(f"the disk holding {dest} is full; extraction stopped and was rolled back", reason="full", path=str(dest)) from exc
            raise
        except (zipfile.BadZipFile, EOFError) as exc:
            raise InvalidSource(f"archive entry {info.filename!r} is corrupt or truncated ({exc})", reason="corrupt_entry", path=info.filename) from exc
