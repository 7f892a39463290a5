"""E-mail messages: single .eml files and .mbox mailboxes (one document per message)."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from datetime import datetime
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from posturescan.records import SourceDocument

from .common import FileRef, Limits, SkipDocument, short_error, too_large
from .htmltext import html_to_text
from .plaintext import decode_text

NO_BODY_REASON = "no text body"
_PARSER = BytesParser(policy=policy.default)


def read_eml(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    yield message_record(path.read_bytes(), ref, limits)


def read_mbox(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    """One record per message; a message that cannot be read gives a skipped record for it alone."""
    box = mailbox.mbox(path, create=False)
    try:
        keys = box.keys()
        if not keys:
            raise SkipDocument("no messages found in the mbox")
        for n, key in enumerate(keys, start=1):
            msg_ref = ref.message(n)
            if limits.max_mbox_messages is not None and n > limits.max_mbox_messages:
                yield msg_ref.skipped(
                    f"mbox message limit reached ({limits.max_mbox_messages}); {len(keys) - n + 1} messages not read"
                )
                return
            try:
                data = box.get_bytes(key)
                if len(data) > limits.max_file_bytes:
                    raise SkipDocument(too_large(len(data), limits.max_file_bytes, "message"))
                yield message_record(data, msg_ref, limits)
            except SkipDocument as exc:
                yield msg_ref.skipped(str(exc))
            except Exception as exc:
                yield msg_ref.skipped(f"bad message ({short_error(exc)})")
    finally:
        box.close()


def message_record(data: bytes, ref: FileRef, limits: Limits | None = None) -> SourceDocument:
    """The record of one RFC 822 message: sender, date, subject and the text of its body."""
    msg = _PARSER.parsebytes(data)
    _bound_headers(msg)
    author, author_name = parse_sender(_header(msg, "From"))
    return ref.record(
        _body_text(msg, limits.max_text_chars if limits else None),
        kind="email",
        author=author,
        author_name=author_name,
        date=iso_date(_header(msg, "Date")),
        subject=_one_line(_header(msg, "Subject")),
    )


def parse_sender(value: str | None) -> tuple[str | None, str | None]:
    """(address in lower case, or else the display name; display name) of a From header value."""
    if not value:
        return None, None
    name, address = parseaddr(value)
    name = _one_line(name)
    address = address.strip().lower() if "@" in address else ""
    return (address or name), name


def iso_date(value: str | datetime | None) -> str | None:
    """ISO 8601 form of an RFC 2822 date (or of a datetime); None when it cannot be parsed."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).replace(microsecond=0).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _header(msg: Message, name: str) -> str | None:
    """A header as text, RFC 2047 words decoded; the raw value if the policy cannot parse it."""
    try:
        value = msg[name]
        return None if value is None else str(value)
    except Exception:
        for key, raw in msg.raw_items():
            if key.lower() == name.lower():
                try:
                    return str(make_header(decode_header(raw)))
                except Exception:
                    return raw
    return None


#: Longest header value parsed (characters of its raw form). The standard library's header parser is
#: quadratic in the number of RFC 2047 encoded words of one header (140 KB took 792 MB), and no useful
#: From, Date, Subject or Content-Type header comes near this length.
MAX_HEADER_CHARS = 2_000


def _bound_headers(msg: Message) -> None:
    """Cut every over-long raw header value at a word boundary before anything parses it."""
    items = list(msg.raw_items())
    if all(len(value) <= MAX_HEADER_CHARS for _, value in items):
        return
    for name in {name for name, _ in items}:
        del msg[name]
    for name, value in items:
        if len(value) > MAX_HEADER_CHARS:
            cut = value.rfind(" ", 0, MAX_HEADER_CHARS)
            value = value[:cut if cut > 0 else MAX_HEADER_CHARS]
        msg.set_raw(name, value)


def _one_line(value: str | None) -> str | None:
    text = " ".join(value.split()) if value else ""
    return text or None


def _body_text(msg: EmailMessage, max_chars: int | None = None) -> str:
    """The text/plain body, else the text/html one converted to text; attachments are ignored."""
    part = msg.get_body(preferencelist=("plain",)) or msg.get_body(preferencelist=("html",))
    if part is None:
        raise SkipDocument(NO_BODY_REASON)
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text, max_chars=max_chars)
    if not text.strip():
        raise SkipDocument(NO_BODY_REASON)
    return text


def _part_text(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError):  # unknown or wrong charset: decode the bytes ourselves
        return decode_text(part.get_payload(decode=True) or b"")
