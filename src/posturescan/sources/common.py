"""Shared pieces of the readers: limits, the skip signal, the per-file reference and messages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from posturescan.records import SourceDocument


@dataclass(frozen=True)
class Limits:
    """Safety limits applied while reading untrusted files (sizes in bytes, decimal units)."""

    max_file_bytes: int = 50_000_000  # whole file (an mbox: each message)
    max_text_chars: int = 1_000_000  # extracted text of one document (spaCy's own limit for one text)
    max_zip_uncompressed_bytes: int = 200_000_000  # sum of the declared sizes of a docx/odt archive
    max_zip_ratio: float = 100.0  # declared size / compressed size of one archive member
    max_zip_members: int = 10_000
    max_mbox_messages: int | None = None
    follow_links: bool = False  # follow symbolic links that lead outside the input folder


class SkipDocument(Exception):
    """Raised by a reader when a file (or one message) cannot be read; the message is the reason."""


@dataclass(frozen=True)
class FileRef:
    """Where a document comes from: its id, its path relative to the input root, and its format."""

    document: str
    path: str
    format: str

    def record(self, text: str, kind: str = "text", **meta: str | None) -> SourceDocument:
        return SourceDocument(document=self.document, path=self.path, format=self.format, kind=kind, text=text, **meta)

    def skipped(self, reason: str) -> SourceDocument:
        return SourceDocument.skipped(self.document, self.path, self.format, reason)

    def message(self, n: int) -> "FileRef":
        """The n-th message (from 1) of a container file."""
        return FileRef(f"{self.path}#{n}", self.path, self.format)


def human_size(n: int) -> str:
    """62_100_000 -> '62.1 MB', 50_000_000 -> '50 MB', 200 -> '200 bytes'."""
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def short_error(exc: BaseException, width: int = 120) -> str:
    """A one-line description of an exception, never empty, at most ``width`` characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= width else text[: width - 3] + "..."


def too_large(size: int, limit: int, what: str = "file") -> str:
    return f"{what} too large ({human_size(size)} > {human_size(limit)})"


def too_long(chars: int, limit: int) -> str:
    return f"extracted text too long ({chars:,} chars > {limit:,})"


CELL_SEPARATOR = " | "


def table_row(cells: Iterable[Iterable[str]]) -> str:
    """One line for a table row: each cell's lines joined by a space, non-empty cells by ' | '."""
    texts = (" ".join(line.strip() for line in cell if line.strip()) for cell in cells)
    return CELL_SEPARATOR.join(text for text in texts if text)
