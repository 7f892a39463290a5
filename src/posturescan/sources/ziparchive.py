"""Open a zip-based document (docx, odt) only after checking its declared sizes: no inflating before."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .common import Limits, SkipDocument, human_size

#: Members declaring less than this are too small to be a bomb; their ratio is not checked.
RATIO_CHECK_MIN_BYTES = 1_000_000


def open_checked_zip(path: Path, fmt: str, limits: Limits) -> zipfile.ZipFile:
    """Return the open archive, or raise :class:`SkipDocument` if it is invalid or looks like a zip bomb.

    Only the central directory is read here; no member is decompressed. ``zipfile`` itself stops
    reading a member at its declared size, so the declared sizes checked here bound the real ones.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise SkipDocument(f"not a valid {fmt} (bad zip)") from None
    try:
        _check(archive.infolist(), fmt, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def _check(members: list[zipfile.ZipInfo], fmt: str, limits: Limits) -> None:
    if len(members) > limits.max_zip_members:
        raise SkipDocument(f"{fmt}: too many archive members ({len(members)} > {limits.max_zip_members})")
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECK_MIN_BYTES and ratio > limits.max_zip_ratio:
            raise SkipDocument(f"{fmt}: archive looks like a zip bomb (ratio {ratio:.0f}:1)")
    if total > limits.max_zip_uncompressed_bytes:
        raise SkipDocument(
            f"{fmt}: archive looks like a zip bomb "
            f"({human_size(total)} uncompressed > {human_size(limits.max_zip_uncompressed_bytes)})"
        )
