"""PDF files with pypdf: the text layer of every page."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

from pypdf import PasswordType, PdfReader

from posturescan.records import SourceDocument

from .common import FileRef, Limits, SkipDocument, short_error, too_long
from .dates import metadata_date

PAGE_SEPARATOR = "\n\n"

# pypdf logs a warning for every small defect of a file; a bad file is reported as a skipped record.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    text, date = extract(path, limits)
    yield ref.record(text, date=date)


def extract_text(path: Path, limits: Limits) -> str:
    return extract(path, limits)[0]


def extract(path: Path, limits: Limits) -> tuple[str, str | None]:
    """The text of every page, and the ``/CreationDate`` of the document information (or None)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and not _open_without_password(reader):
                raise SkipDocument("encrypted PDF")
            pages = reader.pages
            texts, total, error = [], 0, None
            for page in pages:
                try:
                    text = page.extract_text() or ""
                except Exception as exc:  # one broken page does not hide the others
                    error = error or exc
                    continue
                total += len(text)
                if total > limits.max_text_chars:
                    raise SkipDocument(too_long(total, limits.max_text_chars))
                texts.append(text)
            date = _creation_date(reader)
        except SkipDocument:
            raise
        except Exception as exc:
            raise SkipDocument(f"not a valid PDF ({short_error(exc)})") from None
    if not any(text.strip() for text in texts):
        if error is not None:
            raise SkipDocument(f"not a valid PDF ({short_error(error)})")
        raise SkipDocument("no text layer (scanned PDF?)")
    return PAGE_SEPARATOR.join(texts), date


def _creation_date(reader: PdfReader) -> str | None:
    try:
        info = reader.metadata
        raw = info.get("/CreationDate") if info is not None else None
        return metadata_date(str(raw)) if raw is not None else None
    except Exception:  # a broken information dictionary must not hide the text
        return None


def _open_without_password(reader: PdfReader) -> bool:
    """Many PDFs are encrypted with an empty user password (restrictions only): those are readable."""
    try:
        return reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:  # e.g. AES without the cryptography package
        return False
