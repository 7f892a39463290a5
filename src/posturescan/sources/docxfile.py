"""Word documents (.docx) with python-docx: paragraphs and tables in body order.

What is read, explicitly:

* paragraphs and tables of the body, in order (also inside content controls); a paragraph in a heading
  style (« Titre 1 », « Heading 2 », « Title », or any style or paragraph with an outline level) is
  written as a markdown heading (``# ``, ``## ``…), a list paragraph (numbering or a « List » style) as a
  ``- `` bullet, so that the clean stage sees the document's structure (the entries of a table of contents
  are written as level-6 headings); table rows are cells joined by `` | ``;
* **text boxes**: read, as paragraphs after the paragraph that anchors them (the VML fallback copy that
  Word stores beside each text box is skipped, so a box is read once);
* **tracked changes**: read as if accepted: inserted text is read, deleted text is not;
* **footnotes and endnotes**: read, after the body, under a « # Notes » heading;
* **comments**: not read (a reviewer's remark is not the document's text, and its author is not the
  document's author).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from posturescan.records import SourceDocument

from .common import FileRef, Limits, SkipDocument, short_error, table_row
from .dates import metadata_date
from .ziparchive import open_checked_zip

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
#: Wrappers whose children are body blocks (content controls, custom XML).
_CONTAINERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})
_T, _TAB, _BR, _CR, _NB_HYPHEN = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_TXBX = qn("w:txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: Inline elements whose text is not read: deletions (tracked changes), text boxes (read as their own
#: paragraphs), the fallback copy of a drawing, paragraph and run properties.
_SKIPPED_INLINE = frozenset({qn("w:del"), qn("w:moveFrom"), _TXBX, _FALLBACK, qn("w:pPr"), qn("w:rPr")})
_HEADING_STYLE = re.compile(r"^(?:heading|titre|title|überschrift)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title": 1, "titre": 1, "subtitle": 2, "sous-titre": 2}
_TOC_STYLE = re.compile(r"^(?:toc|table des mati[eè]res|tdm)\s*(?:heading|\d)?$", re.IGNORECASE)
_TOC_LEVEL = 6
_NOTE_PARTS = ("footnotes", "endnotes")
NOTES_HEADING = "# Notes"


def read(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    open_checked_zip(path, "docx", limits).close()
    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises many kinds of errors for a broken package
        raise SkipDocument(f"not a valid docx ({short_error(exc)})") from None
    styles = _StyleLevels(document)
    lines = list(_block_lines(document.element.body, styles))
    notes = list(_note_lines(document, styles))
    if notes:
        lines += ["", NOTES_HEADING, *notes]
    yield ref.record("\n".join(lines), date=_core_date(document))


def _core_date(document) -> str | None:
    """The core properties' creation date, else their modification date."""
    for name in ("created", "modified"):
        try:
            found = metadata_date(getattr(document.core_properties, name))
        except Exception:  # a malformed docProps/core.xml must not hide the text
            found = None
        if found:
            return found
    return None


class _StyleLevels:
    """Heading level (1-6) or list flag of a paragraph, from its style (and the styles it is based on)."""

    def __init__(self, document):
        self._styles = {}
        try:
            for style in document.styles:
                if style.style_id:
                    self._styles[style.style_id] = style
        except Exception:  # a broken styles.xml: no heading detection, text still read
            self._styles = {}
        self._cache: dict[str, tuple[int, bool]] = {}

    def of(self, style_id: str | None) -> tuple[int, bool]:
        if not style_id:
            return 0, False
        if style_id not in self._cache:
            self._cache[style_id] = self._resolve(style_id)
        return self._cache[style_id]

    def _resolve(self, style_id: str) -> tuple[int, bool]:
        style, seen = self._styles.get(style_id), 0
        while style is not None and seen < 10:
            name = (style.name or "").strip()
            m = _HEADING_STYLE.match(name)
            if m:
                return min(max(int(m.group(1)), 1), 6), False
            if name.lower() in _TITLE_STYLES:
                return _TITLE_STYLES[name.lower()], False
            if _TOC_STYLE.match(name):  # a table of contents repeats the headings: context too
                return _TOC_LEVEL, False
            level = _outline_level(style.element.find(qn("w:pPr")))
            if level:
                return level, False
            if name.lower().startswith(("list", "liste")):
                return 0, True
            try:
                style = style.base_style
            except Exception:
                style = None
            seen += 1
        return 0, False


def _outline_level(ppr) -> int:
    """1-based outline level of a paragraph's properties (w:outlineLvl 0-8; 9 means body text)."""
    if ppr is None:
        return 0
    element = ppr.find(qn("w:outlineLvl"))
    try:
        value = int(element.get(qn("w:val"))) if element is not None else 9
    except (TypeError, ValueError):
        return 0
    return min(value + 1, 6) if 0 <= value < 9 else 0


def _block_lines(parent, styles: _StyleLevels) -> Iterator[str]:
    """Lines of text of the paragraphs and tables under ``parent``, in document order."""
    for child in parent.iterchildren():
        if child.tag == _P:
            yield _paragraph_line(child, styles)
            for box in _text_boxes(child):
                yield from _block_lines(box, styles)
        elif child.tag == _TBL:
            yield from _table_lines(child, styles)
        elif child.tag in _CONTAINERS:
            yield from _block_lines(child, styles)


def _paragraph_line(p, styles: _StyleLevels) -> str:
    text = "".join(_inline(p))
    if not text.strip():
        return text
    ppr = p.find(qn("w:pPr"))
    style_id = None
    numbered = False
    if ppr is not None:
        pstyle = ppr.find(qn("w:pStyle"))
        style_id = pstyle.get(qn("w:val")) if pstyle is not None else None
        numbered = ppr.find(qn("w:numPr")) is not None
    level, listed = styles.of(style_id)
    level = _outline_level(ppr) or level
    if level:
        return "#" * level + " " + text.strip()
    if listed or numbered:
        return "- " + text.strip()
    return text


def _inline(element) -> Iterator[str]:
    """The text of a paragraph's runs, hyperlinks, fields and insertions; not deletions nor text boxes."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == _T:
            yield child.text or ""
        elif tag == _TAB:
            yield "\t"
        elif tag in (_BR, _CR):
            yield "\n"
        elif tag == _NB_HYPHEN:
            yield "-"
        elif tag not in _SKIPPED_INLINE and isinstance(tag, str):
            yield from _inline(child)


def _text_boxes(element) -> Iterator:
    """The text box contents anchored in a paragraph (not the VML fallback copy, not nested boxes)."""
    for child in element.iterchildren():
        if child.tag == _TXBX:
            yield child
        elif child.tag != _FALLBACK and isinstance(child.tag, str):
            yield from _text_boxes(child)


def _table_lines(table, styles: _StyleLevels) -> Iterator[str]:
    for row in table.iterchildren(_TR):
        line = table_row(_block_lines(cell, styles) for cell in row.iterchildren(_TC))
        if line:
            yield line


def _note_lines(document, styles: _StyleLevels) -> Iterator[str]:
    """Paragraphs of the footnotes, then of the endnotes (separator notes left out)."""
    from docx.oxml import parse_xml

    parts = {rel.reltype.rsplit("/", 1)[-1]: rel for rel in document.part.rels.values() if not rel.is_external}
    for kind in _NOTE_PARTS:
        rel = parts.get(kind)
        if rel is None:
            continue
        try:
            root = parse_xml(rel.target_part.blob)
        except Exception:  # a broken notes part must not hide the body
            continue
        for note in root.iterchildren(qn("w:footnote"), qn("w:endnote")):
            if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            for line in _block_lines(note, styles):
                if line.strip():
                    yield line.strip()
