"""OpenDocument text (.odt) with zipfile and xml.etree: no extra dependency.

What is read, explicitly: paragraphs, lists and tables in order; headings (``text:h``) written as markdown
headings (``# ``, ``## ``…) and list items as ``- `` bullets, so that the clean stage sees the structure;
**text boxes** (``draw:text-box``) as paragraphs after the paragraph that anchors them; **tracked
changes** as if accepted (inserted text is in the body and read, the deleted text kept in
``text:tracked-changes`` is not); **footnotes and endnotes** (``text:note``) after the body, under a
« # Notes » heading. **Comments** (``office:annotation``) are not read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from posturescan.records import SourceDocument

from .common import FileRef, Limits, SkipDocument, short_error, table_row, too_long
from .dates import metadata_date
from .ziparchive import open_checked_zip

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
#: meta.xml elements holding the document's date, best first.
_DATE_ELEMENTS = (_META + "creation-date", _DC + "date")

_PARAGRAPHS = frozenset({_TEXT + "p", _TEXT + "h"})
_ROW_GROUPS = frozenset({_TABLE + "table-header-rows", _TABLE + "table-rows", _TABLE + "table-row-group"})
#: Elements whose content is not part of the running text (notes, comments, change tracking, fields).
_IGNORED = frozenset({
    _TEXT + "note", _OFFICE + "annotation", _OFFICE + "annotation-end", _TEXT + "tracked-changes",
    _TEXT + "sequence-decls", _TEXT + "variable-decls", _TEXT + "user-field-decls", _OFFICE + "forms",
})
#: ``<text:s text:c="N"/>`` writes at most this many spaces: layout spacing carries no meaning for the
#: analysis, and an uncompressed archive full of ``c="1000"`` would otherwise expand 1000-fold.
_MAX_SPACES = 8
_MAX_HEADING_LEVEL = 6
NOTES_HEADING = "# Notes"


def read(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    with open_checked_zip(path, "odt", limits) as archive:
        try:
            data = archive.read("content.xml")
        except KeyError:
            raise SkipDocument("not a valid odt (no content.xml)") from None
        try:
            meta = archive.read("meta.xml")
        except KeyError:
            meta = b""
    if b"<!ENTITY" in data:
        raise SkipDocument("odt: XML entity declarations are not allowed")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SkipDocument(f"not a valid odt (XML error: {short_error(exc)})") from None
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise SkipDocument("not a valid odt (no text body)")
    budget = _Budget(limits.max_text_chars)
    lines = list(_block_lines(body, budget))
    notes = [line.strip() for note in body.iter(_TEXT + "note-body") for line in _block_lines(note, budget) if line.strip()]
    if notes:
        lines += ["", NOTES_HEADING, *notes]
    yield ref.record("\n".join(lines), date=_meta_date(meta))


class _Budget:
    """Counts the characters produced and stops the reader as soon as the text limit is passed."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0

    def count(self, text: str) -> str:
        self.used += len(text)
        if self.used > self.limit:
            raise SkipDocument(too_long(self.used, self.limit))
        return text


def _meta_date(data: bytes) -> str | None:
    """``meta:creation-date``, else ``dc:date``, of ``meta.xml``; None when absent or unreadable."""
    if not data or b"<!ENTITY" in data:
        return None
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    for tag in _DATE_ELEMENTS:
        for element in root.iter(tag):
            found = metadata_date(element.text)
            if found:
                return found
    return None


def _block_lines(parent: ET.Element, budget: _Budget, listed: bool = False) -> Iterator[str]:
    for child in parent:
        if child.tag in _PARAGRAPHS:
            yield _marked("".join(budget.count(piece) for piece in _inline(child)), child, listed)
            for box in _text_boxes(child):
                yield from _block_lines(box, budget)
        elif child.tag == _TEXT + "list-item":
            yield from _block_lines(child, budget, listed=True)
        elif child.tag == _TABLE + "table":
            yield from _table_lines(child, budget)
        elif child.tag not in _IGNORED:  # lists, list items, sections, indexes...
            yield from _block_lines(child, budget)


def _marked(text: str, paragraph: ET.Element, listed: bool) -> str:
    """A heading as ``#``… + text, a list item as ``- `` + text (blank lines left as they are)."""
    if not text.strip():
        return text
    if paragraph.tag == _TEXT + "h":
        try:
            level = int(paragraph.get(_TEXT + "outline-level", "1"))
        except ValueError:
            level = 1
        return "#" * min(max(level, 1), _MAX_HEADING_LEVEL) + " " + text.strip()
    return "- " + text.strip() if listed else text


def _text_boxes(element: ET.Element) -> Iterator[ET.Element]:
    """The text boxes anchored in a paragraph (not those nested in another box)."""
    for child in element:
        if child.tag == _DRAW + "text-box":
            yield child
        elif child.tag not in _IGNORED:
            yield from _text_boxes(child)


def _inline(element: ET.Element) -> Iterator[str]:
    """The text of a paragraph, with its spans, links, spaces, tabs and line breaks."""
    if element.text:
        yield element.text
    for child in element:
        if child.tag == _TEXT + "s":
            yield " " * _space_count(child)
        elif child.tag == _TEXT + "tab":
            yield "\t"
        elif child.tag == _TEXT + "line-break":
            yield "\n"
        elif child.tag == _DRAW + "text-box":
            pass  # read as its own paragraphs (see _block_lines)
        elif child.tag not in _IGNORED:
            yield from _inline(child)
        if child.tail:
            yield child.tail


def _space_count(element: ET.Element) -> int:
    try:
        return max(1, min(int(element.get(_TEXT + "c", "1")), _MAX_SPACES))
    except ValueError:
        return 1


def _table_lines(table: ET.Element, budget: _Budget) -> Iterator[str]:
    for child in table:
        if child.tag in _ROW_GROUPS:
            yield from _table_lines(child, budget)
        elif child.tag == _TABLE + "table-row":
            line = table_row(_block_lines(cell, budget) for cell in child if cell.tag == _TABLE + "table-cell")
            if line:
                yield line
