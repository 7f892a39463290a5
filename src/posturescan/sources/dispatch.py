"""Read one file: choose the reader from the extension, apply the common guards, never raise."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from posturescan.records import ANALYSED, SourceDocument

from . import docxfile, htmltext, mail, odtfile, outlook, pdffile, plaintext, slack
from .common import FileRef, Limits, SkipDocument, short_error, too_large, too_long
from .dates import document_date

Reader = Callable[[Path, FileRef, Limits], Iterable[SourceDocument]]

#: File extension (lower case) -> format name.
SUPPORTED_FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".odt": "odt",
    ".pdf": "pdf",
    ".eml": "eml",
    ".mbox": "mbox",
    ".msg": "msg",
    ".json": "slack",
}

_READERS: dict[str, Reader] = {
    "txt": plaintext.read,
    "md": plaintext.read,
    "html": htmltext.read,
    "docx": docxfile.read,
    "odt": odtfile.read,
    "pdf": pdffile.read,
    "eml": mail.read_eml,
    "mbox": mail.read_mbox,
    "msg": outlook.read,
    "slack": slack.read,
}
#: Containers read one message at a time: the size limit applies to each message, not to the file.
_PER_MESSAGE_LIMIT = frozenset({"mbox"})


def read_file(path: Path, root: Path, limits: Limits | None = None) -> Iterator[SourceDocument]:
    """The documents of one file; ``document`` and ``path`` are relative to ``root``.

    Yields at least one record; a file that cannot be read gives a skipped record with a reason.
    """
    path, root = Path(path), Path(root)
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.name
    yield from read_path(path, path.name if rel == "." else rel, limits or Limits())


def read_path(path: Path, rel: str, limits: Limits) -> Iterator[SourceDocument]:
    """The documents of the file at ``path``, identified by ``rel`` (already made unique)."""
    suffix = path.suffix.lower()
    fmt = SUPPORTED_FORMATS.get(suffix)
    ref = FileRef(rel, rel, fmt or suffix.lstrip("."))
    if fmt is None:
        yield ref.skipped(f"unsupported format {suffix}" if suffix else "unsupported format (no extension)")
        return
    problem = _file_problem(path, fmt, limits)
    if problem:
        yield ref.skipped(problem)
        return
    try:
        for doc in _READERS[fmt](path, ref, limits):
            yield _checked(doc, limits)
    except SkipDocument as exc:
        yield ref.skipped(str(exc))
    except OSError as exc:
        yield ref.skipped(f"cannot read file ({exc.strerror or short_error(exc)})")
    except Exception as exc:  # a reader bug or an unexpected library error must not stop the run
        yield ref.skipped(f"could not read {fmt} file ({type(exc).__name__}: {short_error(exc)})")


def _file_problem(path: Path, fmt: str, limits: Limits) -> str | None:
    try:
        info = path.stat()
    except OSError as exc:
        if isinstance(exc, FileNotFoundError) and path.is_symlink():
            return "broken symbolic link"
        return f"cannot read file ({exc.strerror or short_error(exc)})"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size == 0:
        return "empty file"
    if fmt not in _PER_MESSAGE_LIMIT and info.st_size > limits.max_file_bytes:
        return too_large(info.st_size, limits.max_file_bytes)
    return None


def _checked(doc: SourceDocument, limits: Limits) -> SourceDocument:
    """Common checks on the text of a read document: line ends, length, emptiness; its date.

    A document other than an e-mail without a date from its metadata gets the date written near
    the top of its text, else the one in its file name (see :mod:`.dates`). An e-mail keeps its
    ``Date`` header only: its body may quote other messages' dates.
    """
    if doc.status != ANALYSED:
        return doc
    text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > limits.max_text_chars:
        return SourceDocument.skipped(doc.document, doc.path, doc.format, too_long(len(text), limits.max_text_chars))
    if not text.strip():
        return SourceDocument.skipped(doc.document, doc.path, doc.format, "no text content")
    doc.text = text
    if doc.kind != "email" and not doc.date:
        doc.date = document_date(None, text, doc.path)
    return doc
