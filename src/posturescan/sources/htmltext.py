"""HTML files, and :func:`html_to_text`, which the e-mail reader reuses for HTML-only bodies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from posturescan.records import SourceDocument

from .common import CELL_SEPARATOR, FileRef, Limits
from .plaintext import decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SKIPPED = frozenset({"script", "style", "head", "title", "noscript", "template"})
_BLOCKS = frozenset(
    "address article aside caption center dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # ASCII white space only: a no-break space is kept as is


def read(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    yield ref.record(html_to_text(decode_html(path.read_bytes())))


def decode_html(data: bytes) -> str:
    """Decode HTML bytes with their ``<meta>`` charset when it fits, else like a text file."""
    match = _META_CHARSET.search(data[:8192])
    return decode_text(data, declared=match.group(1).decode("ascii") if match else None)


def html_to_text(html: str) -> str:
    """The visible text of an HTML document or fragment, one line per block.

    Scripts, styles and the head are dropped; block elements, ``<br>`` and list items start new
    lines; table cells are joined with `` | ``; every line inside a ``<blockquote>`` is prefixed
    with ``"> "`` (once per nesting level) so that quoted replies look like plain-text quotes.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.text()


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[str] = []
        self._line: list[str] = []
        self._skip: dict[str, int] = {}
        self._quote = 0
        self._pre = 0
        self._cells: list[int] = []  # cells seen in the current row, one entry per open table

    # -- output -------------------------------------------------------------------------------
    def _break(self, force: bool = False) -> None:
        """End the current line; an empty one is kept only when ``force`` (a ``<br>``)."""
        line = "".join(self._line).rstrip()
        self._line = []
        if line or force:
            self._lines.append(("> " * self._quote + line).rstrip())

    def _write(self, text: str) -> None:
        if not self._line or self._line[-1].endswith((" ", "\t")):
            text = text.lstrip(" ")
        if text:
            self._line.append(text)

    def text(self) -> str:
        self._break()
        return re.sub(r"\n{3,}", "\n\n", "\n".join(self._lines)).strip("\n")

    # -- parser callbacks ---------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip[tag] = self._skip.get(tag, 0) + 1
            return
        if tag == "body":  # an unclosed <head> ends here
            self._skip.pop("head", None)
            self._skip.pop("title", None)
        if tag == "br":
            self._break(force=True)
            return
        if tag in _BLOCKS:
            self._break()
        if tag == "blockquote":
            self._break()
            self._quote += 1
        elif tag == "pre":
            self._pre += 1
        elif tag == "table":
            self._cells.append(0)
        elif tag == "tr" and self._cells:
            self._cells[-1] = 0
        elif tag in ("td", "th") and self._cells:
            if self._cells[-1]:
                self._write(CELL_SEPARATOR)
            self._cells[-1] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:  # <script/> has no content
            return
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            if self._skip.get(tag):
                self._skip[tag] -= 1
            return
        if tag in _BLOCKS or tag == "blockquote":
            self._break()
        if tag == "blockquote" and self._quote:
            self._quote -= 1
        elif tag == "pre" and self._pre:
            self._pre -= 1
        elif tag == "table" and self._cells:
            self._cells.pop()

    def handle_data(self, data: str) -> None:
        if any(self._skip.values()):
            return
        if not self._pre:
            self._write(_SPACES.sub(" ", data))
            return
        first, *rest = data.replace("\r\n", "\n").split("\n")
        self._line.append(first)
        for piece in rest:
            self._break(force=True)
            self._line.append(piece)
