"""Plain text files (.txt, .md) and the byte decoding shared with the HTML reader."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from posturescan.records import SourceDocument

from .common import FileRef, Limits, SkipDocument

BINARY_REASON = "binary content in a text file"
#: Above this share of ASCII control bytes (other than tab, newlines, form feed) the file is binary.
MAX_CONTROL_SHARE = 0.05

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Declared charsets that really mean windows-1252 (as browsers and mail clients read them).
_AS_CP1252 = {"latin_1", "ascii", "iso8859_1"}


def read(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    yield ref.record(decode_text(path.read_bytes()))


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode the bytes of a text file.

    A byte-order mark wins; then the ``declared`` charset if the bytes fit it; then UTF-8; then
    windows-1252 (which also reads latin-1); then charset-normalizer's best guess. Raises
    :class:`SkipDocument` for binary content or when no encoding fits.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    if looks_binary(data):
        raise SkipDocument(BINARY_REASON)
    for encoding in (_codec(declared), "utf-8", "cp1252"):
        if encoding:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
    return _guess(data)


def looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > MAX_CONTROL_SHARE * len(data)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return None
    return "cp1252" if codec in _AS_CP1252 else codec


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SkipDocument("could not detect the text encoding")
    return str(best)
