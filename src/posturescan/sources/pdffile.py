"""PDF files with pypdf: the text layer of every page."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

from pypdf import PasswordType, PdfReader

from posturescan.records import SourceDocument

from .common import FileRef, Limits, SkipDocument, short_error, too_long

PAGE_SEPARATOR = "\n\n"

# pypdf logs a warning for every small defect of a file; a bad file is reported as a skipped record.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    yield ref.record(extract_text(path, limits))


def extract_text(path: Path, limits: Limits) -> str:
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
        except SkipDocument:
            raise
        except Exception as exc:
            raise SkipDocument(f"not a valid PDF ({short_error(exc)})") from None
    if not any(text.strip() for text in texts):
        if error is not None:
            raise SkipDocument(f"not a valid PDF ({short_error(error)})")
        raise SkipDocument("no text layer (scanned PDF?)")
    return PAGE_SEPARATOR.join(texts)


def _open_without_password(reader: PdfReader) -> bool:
    """Many PDFs are encrypted with an empty user password (restrictions only): those are readable."""
    try:
        return reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:  # e.g. AES without the cryptography package
        return False
