"""HTML files, and :func:`html_to_text`, which the e-mail reader reuses for HTML-only bodies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from posturescan.records import SourceDocument

from .common import CELL_SEPARATOR, FileRef, Limits, SkipDocument, too_long
from .dates import metadata_date
from .plaintext import decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SKIPPED = frozenset({"script", "style", "head", "title", "noscript", "template"})
_BLOCKS = frozenset(
    "address article aside caption center dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # ASCII white space only: a no-break space is kept as is
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Prefix of a heading line when headings are marked (as in markdown, which ``clean`` reads as a heading).
HEADING_MARK = "# "
#: Deepest ``<blockquote>`` nesting written as ``"> "`` marks: deeper levels are still quotes, but a line's
#: prefix never grows with the depth (nested quotes would otherwise multiply every line by the depth).
MAX_QUOTE_MARKS = 8
#: A ``<`` that no ``>`` closes before the next ``<`` cannot open a tag; :class:`html.parser.HTMLParser`
#: rescans the rest of the input for each such ``<`` (quadratic on ``"</" * 200_000``), so it is escaped first.
_UNCLOSED_LT = re.compile(r"<(?=[^<>]*(?:<|\Z))")

#: ``<meta>`` names / properties (lower case) giving the date of the page, best first.
DATE_META_NAMES: tuple[str, ...] = (
    "date", "dcterms.created", "dc.date.created", "dcterms.date", "dc.date", "dcterms.issued",
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publish-date",
    "publication_date", "created", "dcterms.modified", "article:modified_time", "last-modified",
)


def read(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    parser = _TextExtractor(mark_headings=True, max_chars=limits.max_text_chars)
    parser.feed(defuse_html(decode_html(path.read_bytes())))
    parser.close()
    yield ref.record(parser.text(), date=parser.date())


def defuse_html(html: str) -> str:
    """``html`` with every ``<`` that cannot open a tag escaped, so that parsing stays linear in time."""
    return _UNCLOSED_LT.sub("&lt;", html)


def decode_html(data: bytes) -> str:
    """Decode HTML bytes with their ``<meta>`` charset when it fits, else like a text file."""
    match = _META_CHARSET.search(data[:8192])
    return decode_text(data, declared=match.group(1).decode("ascii") if match else None)


def html_to_text(html: str, mark_headings: bool = False, max_chars: int | None = None) -> str:
    """The visible text of an HTML document or fragment, one line per block.

    Scripts, styles and the head are dropped; block elements, ``<br>`` and list items start new
    lines; table cells are joined with `` | ``; every line inside a ``<blockquote>`` is prefixed
    with ``"> "`` (once per nesting level) so that quoted replies look like plain-text quotes.
    With ``mark_headings``, the text of ``<h1>``…``<h6>`` is prefixed with ``"# "``, so that the
    clean stage treats it as a heading and never as a speaker turn (« Cap Client : … »). The
    HTML file reader marks headings; e-mail bodies are converted without marks. Past ``max_chars`` of
    output, :class:`~.common.SkipDocument` is raised (an expansion is bounded by what it produces).
    """
    parser = _TextExtractor(mark_headings=mark_headings, max_chars=max_chars)
    parser.feed(defuse_html(html))
    parser.close()
    return parser.text()


class _TextExtractor(HTMLParser):
    def __init__(self, mark_headings: bool = False, max_chars: int | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self._mark_headings = mark_headings
        self._max_chars = max_chars
        self._chars = 0
        self._heading = 0  # depth of open h1-h6 elements
        self._meta: dict[str, str] = {}  # first content of each <meta> name/property (lower case)
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
            line = ("> " * min(self._quote, MAX_QUOTE_MARKS) + line).rstrip()
            self._chars += len(line) + 1
            if self._max_chars is not None and self._chars > self._max_chars:
                raise SkipDocument(too_long(self._chars, self._max_chars))
            self._lines.append(line)

    def _write(self, text: str) -> None:
        if not self._line or self._line[-1].endswith((" ", "\t")):
            text = text.lstrip(" ")
        if text:
            if not self._line and self._heading and self._mark_headings:
                self._line.append(HEADING_MARK)
            self._line.append(text)

    def date(self) -> str | None:
        """The page's date from its ``<meta>`` tags (see :data:`DATE_META_NAMES`), else None."""
        for name in DATE_META_NAMES:
            found = metadata_date(self._meta.get(name))
            if found:
                return found
        return None

    def text(self) -> str:
        self._break()
        return re.sub(r"\n{3,}", "\n\n", "\n".join(self._lines)).strip("\n")

    # -- parser callbacks ---------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._record_meta(dict(attrs))
            return
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
        elif tag in _HEADINGS:
            self._heading += 1

    def _record_meta(self, attrs: dict[str, str | None]) -> None:
        name = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
        content = attrs.get("content")
        if name and content:
            self._meta.setdefault(name.strip().lower(), content)

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
        elif tag in _HEADINGS and self._heading:
            self._heading -= 1

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
