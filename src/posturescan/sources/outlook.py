"""Outlook messages (.msg), only when the optional GPL extra ``extract_msg`` is installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from posturescan.records import SourceDocument

from .common import FileRef, Limits, SkipDocument
from .htmltext import html_to_text
from .mail import NO_BODY_REASON, iso_date, parse_sender
from .plaintext import decode_text

MISSING_EXTRA_REASON = "reading .msg needs the optional extra: pip install 'posturescan[msg]'"


def read(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    try:
        import extract_msg
    except ImportError:
        raise SkipDocument(MISSING_EXTRA_REASON) from None
    msg = extract_msg.openMsg(str(path))
    try:
        author, author_name = parse_sender(getattr(msg, "sender", None))
        date = getattr(msg, "date", None)
        subject = " ".join((getattr(msg, "subject", None) or "").split()) or None
        text = _body(msg)
    finally:
        msg.close()
    yield ref.record(text, kind="email", author=author, author_name=author_name,
                     date=iso_date(date if date is None or hasattr(date, "isoformat") else str(date)),
                     subject=subject)


def _body(msg) -> str:
    text = getattr(msg, "body", None) or ""
    if not text.strip():
        html = getattr(msg, "htmlBody", None) or b""
        text = html_to_text(decode_text(html) if isinstance(html, bytes) else html)
    if not text.strip():
        raise SkipDocument(NO_BODY_REASON)
    return text
