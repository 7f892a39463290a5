"""E-mail messages: single .eml files and .mbox mailboxes (one document per message)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from posturescan.records import SourceDocument

from .common import FileRef, Limits, SkipDocument, short_error, too_large
from .htmltext import html_to_text
from .plaintext import decode_text

NO_BODY_REASON = "no text body"
_PARSER = BytesParser(policy=policy.default)


def read_eml(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    yield message_record(path.read_bytes(), ref, limits)


def read_mbox(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    """One record per message; a message that cannot be read gives a skipped record for it alone.

    The mailbox is read one message at a time (:func:`mbox_messages`): neither the file nor an index of its
    messages is held in memory, and an over-long message is counted, not kept."""
    with open(path, "rb") as handle:
        messages = mbox_messages(handle, limits.max_file_bytes)
        n = 0
        for n, (data, size) in enumerate(messages, start=1):
            msg_ref = ref.message(n)
            if limits.max_mbox_messages is not None and n > limits.max_mbox_messages:
                rest = 1 + sum(1 for _ in messages)
                yield msg_ref.skipped(f"mbox message limit reached ({limits.max_mbox_messages}); {rest} messages not read")
                return
            try:
                if data is None:
                    raise SkipDocument(too_large(size, limits.max_file_bytes, "message"))
                yield message_record(data, msg_ref, limits)
            except SkipDocument as exc:
                yield msg_ref.skipped(str(exc))
            except Exception as exc:
                yield msg_ref.skipped(f"bad message ({short_error(exc)})")
        if n == 0:
            raise SkipDocument("no messages found in the mbox")


#: Longest piece of a line read at once from a mailbox: a file without line breaks is not read whole.
_MBOX_PIECE = 1 << 16


def mbox_messages(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[bytes | None, int]]:
    """(bytes, size) of each message of an mbox opened in binary mode, read one line at a time, split as the
    standard library's :class:`mailbox.mbox` splits it: a message starts at a line beginning with « From »
    (that line is not part of it), text before the first one is ignored, and the blank line before the next
    « From » line (or the end of the file) is not part of it. A message over ``max_bytes`` gives
    ``(None, size)``: its bytes are not kept."""
    kept: list[bytes] = []
    size, started, line_start, last_blank = 0, False, True, False
    while True:
        piece = handle.readline(_MBOX_PIECE)
        if not piece:
            break
        if line_start and piece.startswith(b"From "):
            if started:
                yield _mbox_message(kept, size, last_blank, max_bytes)
            kept, size, started, last_blank = [], 0, True, False
            line_start = piece.endswith(b"\n")
            while not line_start:  # the rest of a very long « From » line
                piece = handle.readline(_MBOX_PIECE)
                line_start = not piece or piece.endswith(b"\n")
            continue
        if started:
            last_blank = line_start and piece == b"\n"
            size += len(piece)
            if size <= max_bytes + 1:  # + the blank line that may end the message
                kept.append(piece)
        line_start = piece.endswith(b"\n")
    if started:
        yield _mbox_message(kept, size, last_blank, max_bytes)


def _mbox_message(kept: list[bytes], size: int, last_blank: bool, max_bytes: int) -> tuple[bytes | None, int]:
    if last_blank:
        size -= 1
    if size > max_bytes:
        return None, size
    return b"".join(kept)[:size], size


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
